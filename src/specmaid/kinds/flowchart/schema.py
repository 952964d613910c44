"""The flowchart spec's JSON Schema: node, edge and subgraph properties and their vocabularies."""

from __future__ import annotations

from typing import Any

from specmaid.kinds.base import (
    CLASS_DEFS,
    CLASS_REFS,
    STYLES,
    TEXT,
)
from specmaid.kinds.flowchart_shapes import SHAPE_NAMES

DIRECTIONS = ("TB", "TD", "BT", "RL", "LR")
LINES = ("solid", "dotted", "thick", "invisible")
HEADS = ("arrow", "none", "circle", "cross")
CURVES = (
    "basis",
    "bumpX",
    "bumpY",
    "cardinal",
    "catmullRom",
    "linear",
    "monotoneX",
    "monotoneY",
    "natural",
    "step",
    "stepAfter",
    "stepBefore",
    "rounded",
)
LINK_TARGETS = ("_self", "_blank", "_parent", "_top")
LABEL_KEYS = ("label", "html", "markdown")
#: Mermaid's default flowchart edge limit (a `secure` key: only mermaid.initialize changes it).
MAX_EDGES = 500

_ID_SCHEMA: dict[str, Any] = {"type": "string", "description": "a node or subgraph id"}
_ID_REFS: dict[str, Any] = {
    "oneOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}],
    "description": "a node/subgraph id, or a list of them (fan-out)",
}

_LABELS: dict[str, Any] = {
    "label": {**TEXT, "description": "plain text, shown exactly as written"},
    "html": {**TEXT, "description": "HTML label: tags such as <br>, <b>, <a> pass through"},
    "markdown": {**TEXT, "description": "Markdown string label (**bold**, _italic_)"},
}

NODE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **_LABELS,
        "shape": {"enum": sorted(SHAPE_NAMES)},
        "class": CLASS_REFS,
        "style": STYLES,
        "link": {"type": "string", "description": "URL opened on click"},
        "target": {"enum": list(LINK_TARGETS)},
        "tooltip": TEXT,
        "callback": {
            "type": "string",
            "pattern": r"^[A-Za-z_\$][A-Za-z0-9_\$]*$",
            "description": "a JavaScript function name",
        },
        "img": {"type": "string", "description": "image URL"},
        "icon": {"type": "string", "pattern": r"^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$"},
        "form": {"enum": ["square", "circle", "rounded"]},
        "pos": {"enum": ["t", "b"]},
        "w": {"type": "number", "minimum": 0},
        "h": {"type": "number", "minimum": 0},
        "constraint": {"enum": ["on", "off"]},
        "comment": TEXT,
        "tags": {
            "type": "array",
            "items": {"type": "string"},
            "description": "labels for selecting nodes in views; not drawn",
        },
    },
}

EDGE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["from", "to"],
    "properties": {
        "from": _ID_REFS,
        "to": _ID_REFS,
        **_LABELS,
        "id": {"type": "string", "description": "edge id, for styles, classes and animation"},
        "line": {"enum": list(LINES)},
        "head": {"enum": list(HEADS)},
        "tail": {"enum": list(HEADS)},
        "length": {"type": "integer", "minimum": 1, "maximum": 10},
        "animate": {"type": "boolean"},
        "animation": {"enum": ["fast", "slow"]},
        "curve": {"enum": list(CURVES)},
        "class": CLASS_REFS,
        "style": STYLES,
        "comment": TEXT,
    },
}

_EDGE_REF: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "description": "an edge id"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {"from": TEXT, "to": TEXT},
        },
    ]
}

SUBGRAPH: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": TEXT,
        "html": TEXT,
        "markdown": TEXT,
        "direction": {"enum": list(DIRECTIONS)},
        "nodes": {"type": "array", "items": TEXT},
        "subgraphs": {"type": "object", "additionalProperties": {"$ref": "#/$defs/subgraph"}},
        "class": CLASS_REFS,
        "style": STYLES,
        "comment": TEXT,
    },
}

PROPERTIES: dict[str, Any] = {
    "direction": {"enum": list(DIRECTIONS)},
    "nodes": {
        "type": "object",
        "additionalProperties": {"oneOf": [TEXT, {"type": "null"}, NODE]},
    },
    "edges": {"type": "array", "items": EDGE},
    "subgraphs": {"type": "object", "additionalProperties": {"$ref": "#/$defs/subgraph"}},
    "classes": CLASS_DEFS,
    "edge_styles": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["edges"],
            "properties": {
                "edges": {
                    "anyOf": [
                        {"const": "default"},
                        _EDGE_REF,
                        {"type": "array", "items": _EDGE_REF},
                    ]
                },
                "style": STYLES,
                "curve": {"enum": list(CURVES)},
            },
        },
    },
    "view": {
        "type": "object",
        "additionalProperties": False,
        "required": ["model"],
        "description": "draw a selection of a shared model file",
        "properties": {
            "model": {"type": "string", "description": "the model file, relative to this spec"},
            "tags": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "subgraph": {"type": "string"},
            "around": {
                "type": "object",
                "additionalProperties": False,
                "required": ["node"],
                "properties": {"node": TEXT, "depth": {"type": "integer", "minimum": 0}},
            },
        },
    },
    "auto_nodes": {
        "type": "boolean",
        "description": "create nodes that edges mention but `nodes:` does not define",
    },
}
