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
`identifying: false` draws a dashed (non-identifying) line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import escape_text
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text, text

LEFT = {"zero-or-one": "|o", "exactly-one": "||", "zero-or-more": "}o", "one-or-more": "}|"}
RIGHT = {"zero-or-one": "o|", "exactly-one": "||", "zero-or-more": "o{", "one-or-more": "|{"}
ENTITY_RE = r"^[A-Za-z_][A-Za-z0-9_-]*$"
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"]},
    "entities": {
        "type": "object",
        "propertyNames": {
            "pattern": ENTITY_RE,
            "description": "an entity name (letters, digits, _ and -)",
        },
        "additionalProperties": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "label": TEXT,
                        "attributes": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["type", "name"],
                                "properties": {
                                    "type": {
                                        "type": "string",
                                        "pattern": r"^[A-Za-z_][A-Za-z0-9_()\[\],-]*$",
                                    },
                                    "name": {
                                        "type": "string",
                                        "pattern": r"^[A-Za-z_*][A-Za-z0-9_()\[\]-]*$",
                                    },
                                    "keys": {
                                        "type": "array",
                                        "items": {"enum": ["PK", "FK", "UK"]},
                                    },
                                    "comment": TEXT,
                                },
                            },
                        },
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
            "required": ["from", "to", "label"],
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
}


@dataclass
class ERModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> ERModel:
    spec = inp.spec
    model = ERModel(spec.get("direction"))
    entities = {k: (v or {}) for k, v in (spec.get("entities") or {}).items()}
    for name, entity in entities.items():
        head = name
        if entity.get("label") is not None:
            # The alias grammar takes no backslash: written as an entity.
            head += '["' + escape_text(text(entity["label"])).replace("\\", "#92;") + '"]'
        attributes = entity.get("attributes") or []
        if not attributes:
            model.lines.append(f"    {head}")
            continue
        model.lines.append(f"    {head} {{")
        for i, attr in enumerate(attributes):
            line = f"        {attr['type']} {attr['name']}"
            if attr.get("keys"):
                line += " " + ", ".join(attr["keys"])
            if attr.get("comment") is not None:
                # Attribute comments have no escape for '"'.
                comment = raw_text(
                    attr["comment"],
                    ("entities", name, "attributes", i, "comment"),
                    report,
                    "ER attribute comment",
                    forbidden='"',
                )
                line += f' "{comment}"'
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
        label = escape_text(text(rel["label"]))
        model.lines.append(f'    {rel["from"]} {left}{line}{right} {rel["to"]} : "{label}"')
    return model


KIND = DiagramKind(
    name="er",
    description="An entity-relationship diagram (Mermaid `erDiagram`)",
    properties=PROPERTIES,
    build=build,
    template="er.mmd.j2",
    mermaid_types=("er",),
)
