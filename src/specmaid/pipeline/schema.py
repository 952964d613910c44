"""The published JSON Schemas, generated from the same definitions the validator uses.

``spec_schema()`` combines every registered kind's schema into one document that editors
(yaml-language-server, VS Code, JetBrains) use through the ``# yaml-language-server:
$schema=…`` line at the top of a spec; ``theme_schema()`` does the same for themes. The
committed copies under ``schema/`` are checked against these by the test suite.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from specmaid.kinds.base import CONFIG
from specmaid.kinds.registry import get_kind, kind_names
from specmaid.pipeline.includes import fragment_schema
from specmaid.pipeline.themes import THEME_SCHEMA

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
#: The $defs name of the `config:` schema every kind shares (a '.' so that no kind has it).
SHARED_CONFIG = "common.config"


def _rewrite_refs(node: Any, prefix: str) -> Any:
    """Point a kind's local ``#/$defs/x`` refs at ``#/$defs/<prefix>.x`` in the combined schema."""
    if isinstance(node, dict):
        out = {}
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str) and value.startswith("#/$defs/"):
                out[key] = f"#/$defs/{prefix}.{value[len('#/$defs/') :]}"
            else:
                out[key] = _rewrite_refs(value, prefix)
        return out
    if isinstance(node, list):
        return [_rewrite_refs(item, prefix) for item in node]
    return node


def spec_schema() -> dict[str, Any]:
    """One JSON Schema for every kind of spec: `diagram:` selects the kind's schema."""
    defs: dict[str, Any] = {}
    branches = []
    names = kind_names()
    for name in names:
        kind_schema = copy.deepcopy(get_kind(name).schema())
        kind_schema.pop("$schema", None)
        for def_name, definition in kind_schema.pop("$defs", {}).items():
            defs[f"{name}.{def_name}"] = _rewrite_refs(definition, name)
        kind_schema = _rewrite_refs(kind_schema, name)
        if kind_schema["properties"].get("config") == CONFIG:
            # Mermaid's config keys (two releases' worth) once, not once per kind.
            kind_schema["properties"]["config"] = {"$ref": f"#/$defs/{SHARED_CONFIG}"}
            defs[SHARED_CONFIG] = copy.deepcopy(CONFIG)
        defs[name] = kind_schema
        branches.append(
            {
                "if": {"properties": {"diagram": {"const": name}}, "required": ["diagram"]},
                "then": {"$ref": f"#/$defs/{name}"},
            }
        )
    return {
        "$schema": SCHEMA_DIALECT,
        "title": "specmaid spec",
        "description": "A diagram spec for specmaid; `diagram:` names the kind.",
        "type": "object",
        "required": ["diagram"],
        "properties": {"diagram": {"enum": names, "description": "the diagram kind"}},
        "allOf": branches,
        "$defs": defs,
    }


def theme_schema() -> dict[str, Any]:
    schema = copy.deepcopy(THEME_SCHEMA)
    return schema


def flowchart_fragment_schema() -> dict[str, Any]:
    """The schema of an include fragment for flowcharts (the kind most fragments serve)."""
    schema = copy.deepcopy(fragment_schema(get_kind("flowchart")))
    return {"$schema": SCHEMA_DIALECT, "title": "specmaid flowchart fragment", **schema}


#: file name under schema/ → the function that makes it
SCHEMAS = {
    "spec.schema.json": spec_schema,
    "theme.schema.json": theme_schema,
    "fragment.schema.json": flowchart_fragment_schema,
}


def dumps(schema: dict[str, Any]) -> str:
    """Stable text for committing: sorted keys, two-space indent, final newline."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
