"""Entity–relationship diagrams: entities with attributes, and relationships with cardinalities.

```yaml
diagram: er
entities:
  MODEL:
    label: Model
    attributes:
      - {type: string, name: name, keys: [PK]}
  EVALUATION: {attributes: [{type: string, name: domain, comment: CBRN, cyber or autonomy}]}
relations:
  - {from: MODEL, to: EVALUATION, from_card: exactly-one, to_card: one-or-more, label: undergoes}
```
Cardinalities: `zero-or-one`, `exactly-one`, `zero-or-more`, `one-or-more`;
`identifying: false` draws a dashed (non-identifying) line. Entities take theme classes
(`class:`) and inline `style:`. Texts are Markdown in Mermaid's ER diagrams; specmaid writes
`*`, `_` and `~` so that they show as typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    CLASS_DEFS,
    CLASS_REFS,
    TEXT,
    BuildInput,
    DiagramKind,
    StyleGrammar,
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    text,
)
from specmaid.kinds.jison_text import guard_direction
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED
from specmaid.pipeline.escape import escape_text, style_list

LEFT = {"zero-or-one": "|o", "exactly-one": "||", "zero-or-more": "}o", "one-or-more": "}|"}
RIGHT = {"zero-or-one": "o|", "exactly-one": "||", "zero-or-more": "o{", "one-or-more": "|{"}
#: Latin letters with accents (`diseño_relacional`, `Ñandú`) are part of a name to Mermaid's ER
#: lexer (checked in entity, relationship, `style`, `class` and `:::` statements).
_LATIN = "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
ENTITY_RE = rf"^[A-Za-z_{_LATIN}][A-Za-z0-9_{_LATIN}-]*$"
#: Words the ER lexer reads as keywords even at the start of a longer name (`one-two`):
#: an entity whose first word is one of them gets another id and keeps its name as label.
#: Mermaid's ER lexer reads a style value with `([^\x00-\x7F]|\w|-|\*)+` (and '#'): a '.'
#: or '%' is a lexical error, so `opacity: 0.5` or `stroke-width: 1.5px` cannot be drawn.
ER_STYLE = StyleGrammar(
    r"^(?:[^\x00-\x7F]|[A-Za-z0-9_*# -])+$", "letters, digits, '_', '-', '*', '#' and spaces"
)
ER_STYLES = ER_STYLE.schema()

RESERVED = frozenset(["one", "many", "to", "style", "class", "classdef", "end", "subgraph"])
RESERVED |= {"erdiagram", "direction", "accTitle".lower(), "accDescr".lower()}
ATTRIBUTE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["type", "name"],
    "properties": {
        "type": {
            "type": "string",
            # Between its first and last `~` Mermaid's lexer takes the whole generic as one
            # word, spaces and commas included (`HashMap~String, FieldValue~`); no other `~`
            # is on an attribute's line (a comment writes it as an entity).
            "pattern": r"^[A-Za-z_][A-Za-z0-9_()\[\],~-]*$"
            r"|^[A-Za-z_][A-Za-z0-9_()\[\],-]*~[A-Za-z0-9_()\[\],. ~-]*~[A-Za-z0-9_()\[\],-]*$",
            "description": "a type such as string, varchar(255), string[], list~int~ or"
            " map~string, int~",
        },
        "name": {"type": "string", "pattern": r"^[A-Za-z_*][A-Za-z0-9_()\[\]-]*$"},
        "keys": {"type": "array", "items": {"enum": ["PK", "FK", "UK"]}, "uniqueItems": True},
        "comment": TEXT,
    },
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"]},
    "entities": {
        "type": "object",
        "propertyNames": {
            "pattern": ENTITY_RE,
            "description": "an entity name (letters, accented Latin ones too, digits, _ and -)",
        },
        "additionalProperties": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "label": TEXT,
                        "attributes": {"type": "array", "items": ATTRIBUTE},
                        "class": CLASS_REFS,
                        "style": ER_STYLES,
                    },
                },
            ]
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
                "from_card": {"enum": list(LEFT)},
                "to_card": {"enum": list(RIGHT)},
                "identifying": {"type": "boolean"},
                "label": TEXT,
            },
        },
    },
    "classes": {**CLASS_DEFS, "additionalProperties": ER_STYLES},
}


@dataclass
class ERModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


# Markdown and grammar characters written as entities (ER texts decode them; checked in the
# rendered SVG): `*`/`_` would be emphasis, `~…~` a generic type, and the quoted-name token
# allows no `%` or backslash.
_ER_MAP = {"*": "#42;", "_": "#95;", "~": "#126;", "%": "#37;", "\\": "#92;"}


def er_text(value: Any) -> str:
    """Any ER text inside double quotes (labels, relationship labels, comments). A line
    break is written `<br>`, which Mermaid draws as one in every ER text."""
    lines = [
        line.strip() for line in text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    ]
    escaped = "<br>".join(escape_text(line) for line in lines if line).strip()
    escaped = re.sub(r"[*_~%\\]", lambda m: _ER_MAP[m.group(0)], escaped)
    return guard_direction(escaped)


def _entity_ids(names: list[str]) -> dict[str, str]:
    ids: dict[str, str] = {}
    for name in names:
        first = re.split(r"[^A-Za-z0-9_]", name)[0].lower()
        mid = name
        if first in RESERVED:
            mid = f"e_{name}"
            while mid in names or mid in ids.values():
                mid += "_"
        ids[name] = mid
    return ids


def build(inp: BuildInput, report: Reporter) -> ERModel:
    spec = inp.spec
    model = ERModel(spec.get("direction"))
    entities = {k: (v or {}) for k, v in (spec.get("entities") or {}).items()}
    ids = _entity_ids(list(entities))
    class_defs = {**inp.class_defs, **(spec.get("classes") or {})}
    used_classes: dict[str, list[str]] = {}
    styles: list[str] = []
    for name, entity in entities.items():
        path = ("entities", name)
        head = ids[name]
        label = entity.get("label")
        if label is None and ids[name] != name:
            label = name
        if label is not None:
            head += f'["{er_text(label)}"]'
        refs = [text(c) for c in as_list(entity.get("class"))]
        check_class_refs(refs, class_defs, (*path, "class"), report)
        for ref in refs:
            used_classes.setdefault(ref, []).append(ids[name])
        if entity.get("style"):
            check_styles(entity["style"], (*path, "style"), report, ER_STYLE)
            styles.append(f"    style {ids[name]} {style_list(entity['style'])}")
        attributes = entity.get("attributes") or []
        if not attributes:
            model.lines.append(f"    {head}")
            continue
        model.lines.append(f"    {head} {{")
        seen: set[str] = set()
        for i, attr in enumerate(attributes):
            if attr["name"] in seen:
                report.warning(
                    (*path, "attributes", i, "name"),
                    f"attribute {attr['name']!r} appears twice in {name}",
                )
            seen.add(attr["name"])
            line = f"        {attr['type']} {attr['name']}"
            if attr.get("keys"):
                line += " " + ", ".join(attr["keys"])
            if attr.get("comment") is not None:
                line += f' "{er_text(attr["comment"])}"'
            model.lines.append(line)
        model.lines.append("    }")
    for i, rel in enumerate(spec.get("relations") or []):
        path = ("relations", i)
        missing = [k for k in ("from", "to") if rel[k] not in entities]
        for key in missing:
            report.error(
                (*path, key),
                f"unknown entity {rel[key]!r}; define it under `entities:`."
                + did_you_mean(rel[key], entities),
            )
        if missing:
            continue
        left = LEFT[rel.get("from_card", "exactly-one")]
        right = RIGHT[rel.get("to_card", "zero-or-more")]
        line = ".." if rel.get("identifying") is False else "--"
        label = er_text(rel["label"]) if rel.get("label") is not None else ""
        model.lines.append(
            f'    {ids[rel["from"]]} {left}{line}{right} {ids[rel["to"]]} : "{label}"'
        )
    for name, style in class_def_lines(
        class_defs, spec.get("classes") or {}, used_classes, report, grammar=ER_STYLE
    ):
        model.lines.append(f"    classDef {name} {style}")
    for name, members in used_classes.items():
        model.lines.append(f"    class {','.join(members)} {name}")
    model.lines.extend(styles)
    return model


KIND = DiagramKind(
    name="er",
    description="An entity-relationship diagram (Mermaid `erDiagram`)",
    properties=PROPERTIES,
    build=build,
    template="er.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    uses_class_defs=True,
    mermaid_types=("er",),
    importer="specmaid.kinds.er.importer:import_er",
)
