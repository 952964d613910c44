"""Wardley maps: components placed by visibility and evolution (both 0–1), and their links.

```yaml
diagram: wardley
anchors: {Users: [0.95, 0.6]}
components:
  Extended thinking: [0.7, 0.3]
  Model: [0.5, 0.5]
links:
  - {from: Users, to: Extended thinking}
evolve: {Extended thinking: 0.5}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import number_text
from specmaid.kinds.base import BuildInput, DiagramKind

# Words that start with a letter: the grammar reads a word starting with a digit as a number.
NAME_RE = r"^[A-Za-z][A-Za-z0-9_-]*( [A-Za-z][A-Za-z0-9_-]*)*$"
POINT: dict[str, Any] = {
    "type": "array",
    "minItems": 2,
    "maxItems": 2,
    "items": {"type": "number", "minimum": 0, "maximum": 1},
    "description": "[visibility, evolution], each from 0 to 1",
}
NAMES: dict[str, Any] = {
    "type": "object",
    "propertyNames": {"pattern": NAME_RE, "description": "words starting with a letter"},
    "additionalProperties": POINT,
}
PROPERTIES: dict[str, Any] = {
    "anchors": NAMES,
    "components": NAMES,
    "links": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {"from": {"type": "string"}, "to": {"type": "string"}},
        },
    },
    "evolve": {
        "type": "object",
        "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1},
    },
}


@dataclass
class WardleyModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> WardleyModel:
    spec = inp.spec
    model = WardleyModel()
    anchors = spec.get("anchors") or {}
    components = spec.get("components") or {}
    for name in anchors:
        if name in components:
            report.error(("components", name), f"{name!r} is also an anchor", at_key=True)
    names = {**anchors, **components}
    for keyword, items in (("anchor", anchors), ("component", components)):
        for name, (visibility, evolution) in items.items():
            model.lines.append(
                f"{keyword} {name} [{number_text(visibility)}, {number_text(evolution)}]"
            )
    for i, link in enumerate(spec.get("links") or []):
        missing = [k for k in ("from", "to") if link[k] not in names]
        for key in missing:
            report.error(
                ("links", i, key),
                f"unknown component {link[key]!r}." + did_you_mean(link[key], names),
            )
        if not missing:
            model.lines.append(f"{link['from']} -> {link['to']}")
    for name, target in (spec.get("evolve") or {}).items():
        if name not in components:
            report.error(
                ("evolve", name),
                f"unknown component {name!r}." + did_you_mean(name, components),
                at_key=True,
            )
        else:
            model.lines.append(f"evolve {name} {number_text(target)}")
    return model


KIND = DiagramKind(
    name="wardley",
    description="A Wardley map (Mermaid `wardley-beta`, 11.14+)",
    properties=PROPERTIES,
    build=build,
    template="wardley.mmd.j2",
    mermaid_types=("wardley", "wardley-beta"),
)
