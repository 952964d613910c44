"""Reusable JSON Schema pieces of specs (text, styles, classes) and the keys every spec may
carry whatever its kind (`config:` with every key a pinned Mermaid reads, `appearance:`,
`target:`, `vars:`, ...). Kinds import them through :mod:`specmaid.kinds.base`.
"""

from __future__ import annotations

from typing import Any

from specmaid.mermaid.config_keys import config_schema
from specmaid.pipeline.appearance import APPEARANCES

Schema = dict[str, Any]

#: A piece of text. Numbers and booleans are accepted because YAML 1.2 editors read
#: ``label: 42`` as a number; specmaid keeps the text as written either way.
TEXT: Schema = {"type": ["string", "number", "boolean"]}

#: Text Mermaid must have something in (an empty label is a parse error there).
NONEMPTY_TEXT: Schema = {
    **TEXT,
    "minLength": 1,
    "description": "text with at least one character (Mermaid cannot draw an empty one here)",
}
#: Text that must show a character: Mermaid's statement ends where only spaces follow.
VISIBLE_TEXT: Schema = {
    **TEXT,
    "minLength": 1,
    "pattern": r"\S",
    "description": "text with a visible character (Mermaid cannot draw an empty one here)",
}


#: A CSS property name as Mermaid's style statements accept it: `end` closes a block, and
#: the flowchart lexer reads `default` as a keyword in `classDef`/`style` (a parse error).
STYLE_PROPERTY_RE = r"^(?!(?:end|default)$)[a-zA-Z][a-zA-Z0-9-]*$"

STYLES: Schema = {
    "type": "object",
    "description": "CSS properties, e.g. {fill: '#f9f', stroke-width: 2px}",
    # (`classDef a` or `style a` with nothing after it is a parse error in Mermaid)
    "minProperties": 1,
    "propertyNames": {"pattern": STYLE_PROPERTY_RE},
    "additionalProperties": {"type": ["string", "number"]},
}


def styles_with_values(value_pattern: str, description: str) -> Schema:
    """STYLES for a kind whose style grammar reads fewer characters in a value.

    Numbers must be whole (``0.5`` is written with a '.'), text must match the pattern, so an
    editor flags what the kind's validator refuses."""
    return {
        **STYLES,
        "additionalProperties": {
            "oneOf": [
                {"type": "string", "pattern": value_pattern, "description": description},
                {"type": "integer"},
            ]
        },
    }


CLASS_NAME_RE = r"^[A-Za-z_][A-Za-z0-9_-]*$"

CLASS_REFS: Schema = {
    "oneOf": [
        {"type": "string", "pattern": CLASS_NAME_RE, "description": "a class name"},
        {
            "type": "array",
            "items": {"type": "string", "pattern": CLASS_NAME_RE, "description": "a class name"},
        },
    ]
}

CLASS_DEFS: Schema = {
    "type": "object",
    "description": "classDef name → CSS properties",
    "propertyNames": {"pattern": CLASS_NAME_RE},
    "additionalProperties": STYLES,
}

CONFIG_STYLES = ("frontmatter", "init", "both")

#: Keys Mermaid drops from frontmatter and directives; only mermaid.initialize() sets them.
MERMAID_SECURE_KEYS = (
    "secure",
    "securityLevel",
    "startOnLoad",
    "maxTextSize",
    "suppressErrorRendering",
    "maxEdges",
)

_STRING: Schema = {"type": "string"}
_BOOLEAN: Schema = {"type": "boolean"}
_NUMBER: Schema = {"type": "number"}
_OBJECT: Schema = {"type": "object"}

#: The `config:` schema: every key a pinned Mermaid reads (11.17.2 and 12.3.0, generated
#: from their own packages by scripts/mermaid-config-keys.mjs; see specmaid.mermaid.config_keys),
#: root keys with their types (``themeCSS: false`` stops Mermaid before it draws: "str is
#: not iterable") and each diagram block's keys, for "did you mean" on typos. Which release
#: reads a key is the target's question (specmaid.mermaid.features).
CONFIG: Schema = config_schema(
    MERMAID_SECURE_KEYS, "Mermaid configuration (the `config:` of Mermaid's frontmatter)"
)
#: Root keys of Mermaid's config (every pinned release), for "did you mean" on typos.
MERMAID_CONFIG_KEYS: tuple[str, ...] = tuple(CONFIG["propertyNames"]["enum"])
#: The types of the root keys that are not mappings.
MERMAID_CONFIG_TYPES: dict[str, Schema] = {
    key: schema for key, schema in CONFIG["properties"].items() if schema.get("type") != "object"
}


#: `appearance: classic` keeps Mermaid 11's look under Mermaid 12 (specmaid.pipeline.appearance).
APPEARANCE: Schema = {
    "enum": list(APPEARANCES),
    "description": "; ".join(f"{name}: {meaning}" for name, meaning in APPEARANCES.items()),
}

#: Keys every spec may carry, whatever its kind.
COMMON_PROPERTIES: Schema = {
    "diagram": {"type": "string", "description": "the diagram kind"},
    "title": TEXT,
    "theme": {"type": "string", "description": "a theme name (themes/<name>.yaml or built-in)"},
    "config": CONFIG,
    "config_style": {"enum": list(CONFIG_STYLES)},
    "appearance": APPEARANCE,
    "target": {
        "type": "string",
        "pattern": r"^(v?\d+(\.\d+){0,2}|gitlab)$",
        "description": "the Mermaid version readers run, e.g. '10.9' or '11' (see `specmaid"
        " features`)",
    },
    "comment": TEXT,
    "accessibility": {
        "type": "object",
        "additionalProperties": False,
        "properties": {"title": TEXT, "description": TEXT},
    },
    "vars": {
        "type": "object",
        "description": "variables: name → value, used as ${name} in any text of the spec",
        "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_.-]*$"},
        "additionalProperties": {"type": ["string", "number", "boolean"]},
    },
    "include": {
        "oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}],
        "description": "fragment files (relative to this file) whose parts this spec shares",
    },
    "template": {
        "type": "string",
        "description": "a template name, looked up in the project's templates/ first",
    },
}
