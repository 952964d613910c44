"""The architecture spec's JSON Schema: groups, services, junctions, edges and `align`."""

from __future__ import annotations

from typing import Any

from specmaid.kinds.base import TEXT

BUILTIN_ICONS = ("cloud", "database", "disk", "internet", "server")
ICON: dict[str, Any] = {
    "type": "string",
    "pattern": r"^([a-z]+|[a-z0-9-]+:[a-z0-9-]+)$",
    "description": "a built-in icon or `pack:name`",
}
SIDES = ("T", "B", "L", "R")
IN: dict[str, Any] = {"type": "string", "description": "the id of the group it is in"}
PROPERTIES: dict[str, Any] = {
    "groups": {
        "type": "object",
        "description": "group id → group",
        "additionalProperties": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"label": TEXT, "icon": ICON, "in": IN},
        },
    },
    "services": {
        "type": "object",
        "description": "service id → service",
        "additionalProperties": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"label": TEXT, "icon": ICON, "icon_text": TEXT, "in": IN},
        },
    },
    "junctions": {
        "type": "object",
        "description": "junction id → junction (a point where edges meet)",
        "additionalProperties": {
            "type": ["object", "null"],
            "additionalProperties": False,
            "properties": {"in": IN},
        },
    },
    "edges": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "from_side", "to", "to_side"],
            "properties": {
                "from": {"type": "string"},
                "from_side": {"enum": list(SIDES)},
                "to": {"type": "string"},
                "to_side": {"enum": list(SIDES)},
                "arrow": {"enum": ["none", "to", "from", "both"]},
                "label": TEXT,
            },
        },
    },
    "align": {
        "type": "array",
        "description": "services or junctions kept in one row or column",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "minProperties": 1,
            "maxProperties": 1,
            "properties": {
                "row": {"type": "array", "items": {"type": "string"}},
                "column": {"type": "array", "items": {"type": "string"}},
            },
        },
    },
}
