"""The usecase spec's schema: its keys (PROPERTIES), the words and class names Mermaid 12's
usecase lexer reserves, and the arrows a relation draws with. Apart from the builder
(``__init__``) so that each reads on its own."""

from __future__ import annotations

import re
from typing import Any

from specmaid.kinds.base import CLASS_DEFS, STYLES, TEXT

#: Words the usecase lexer reads as keywords (`include`/`extend` in any case), and the
#: PlantUML statements its parser refuses at the start of a line: an id equal to one (in any
#: case, to be safe) is written under another Mermaid id.
RESERVED = frozenset(
    {
        "usecase",
        "actor",
        "systemboundary",
        "end",
        "direction",
        "td",
        "tb",
        "bt",
        "lr",
        "rl",
        "note",
        "for",
        "json",
        "classdef",
        "class",
        "style",
        "include",
        "extend",
        "true",
        "false",
        "allowmixing",
        "newpage",
        "package",
        "rectangle",
        "skinparam",
    }
)
#: Words the usecase lexer reads as keywords where a class name stands (checked with Mermaid
#: 12.3; `include` and `extend` in any case).
CLASS_NAME_KEYWORDS = frozenset(
    {"BT", "LR", "RL", "TB", "TD", "actor", "class", "classDef", "direction", "end", "false"}
    | {"for", "json", "note", "style", "systemBoundary", "true"}
)


def class_name_problem(name: str) -> str | None:
    """Why the usecase grammar cannot read ``name`` as a class name, or None."""
    if not re.match(USECASE_CLASS_RE, name):
        return "its class names hold only letters, digits and _"
    if name in CLASS_NAME_KEYWORDS or name.lower() in ("include", "extend"):
        return f"it reads {name!r} as a keyword there"
    return None


#: The usecase grammar reads class names as identifiers: ASCII letters, digits and '_'.
USECASE_CLASS_RE = r"^[A-Za-z0-9_]+$"
CLASS_REF: dict[str, Any] = {
    "type": "string",
    "pattern": USECASE_CLASS_RE,
    "description": "a class name (letters, digits and _)",
}
CLASS_REFS: dict[str, Any] = {"oneOf": [CLASS_REF, {"type": "array", "items": CLASS_REF}]}
#: Relation arrows: the Mermaid operator without and with a label (`-- "label" -->`).
ARROWS: dict[str, tuple[str, str]] = {
    "forward": ("-->", "-- {label} -->"),
    "back": ("<--", "<-- {label} --"),
    "none": ("--", "-- {label} --"),
    "circle": ("--o", "-- {label} --o"),
    "cross": ("--x", "-- {label} --x"),
    "circle-back": ("o--", "o-- {label} --"),
    "cross-back": ("x--", "x-- {label} --"),
}
RELATION_TYPES = ("association", "include", "extend", "generalization")
ICON_RE = r"^[A-Za-z0-9_.-]+:[A-Za-z0-9_.-]+$"
ITEM_COMMON: dict[str, Any] = {
    "label": TEXT,
    "business": {"type": "boolean", "description": "a business actor or use case"},
    "stereotype": {**TEXT, "description": "shown as «stereotype»"},
    "class": CLASS_REFS,
    "style": STYLES,
}
ACTOR: dict[str, Any] = {
    "oneOf": [
        {"type": "null"},
        TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                **ITEM_COMMON,
                "type": {"enum": ["normal", "hollow", "awesome"]},
                "icon": {
                    "type": "string",
                    "pattern": ICON_RE,
                    "description": "an icon as pack:name, e.g. fa:user",
                },
            },
        },
    ]
}
USE_CASE: dict[str, Any] = {
    "oneOf": [
        {"type": "null"},
        TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {**ITEM_COMMON, "shape": {"enum": ["ellipse", "rect"]}},
        },
    ]
}
ID_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"], "description": "Mermaid's default: LR"},
    "actors": {
        "type": "object",
        "description": "actor id → label, or its settings",
        "additionalProperties": ACTOR,
    },
    "use_cases": {
        "type": "object",
        "description": "use case id → label, or its settings",
        "additionalProperties": USE_CASE,
    },
    "boundaries": {
        "type": "object",
        "description": "system boundary id → title and the actors and use cases inside it",
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "title": TEXT,
                "type": {"enum": ["rect", "package"]},
                "use_cases": ID_LIST,
                "actors": ID_LIST,
                "class": CLASS_REFS,
                "style": STYLES,
            },
        },
    },
    "relations": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {
                "from": {"type": "string"},
                "to": {"type": "string"},
                "type": {"enum": list(RELATION_TYPES)},
                "arrow": {"enum": list(ARROWS)},
                "label": TEXT,
                "animation": {"enum": ["fast", "slow"]},
            },
        },
    },
    "notes": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["for", "text"],
            "properties": {"for": {"type": "string"}, "text": TEXT},
        },
    },
    "classes": {
        **CLASS_DEFS,
        "propertyNames": {"pattern": USECASE_CLASS_RE},
    },
}
