"""Radar charts: curves of values over named axes.

```yaml
diagram: radar
axes: {easy: Easy cyber tasks, medium: Medium cyber tasks}
curves:
  - {id: sonnet37, label: Claude 3.7 Sonnet, values: {easy: 56, medium: 30}}
min: 0
max: 100
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.escape import langium_string, number_text
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, check_no_entities, text

NAME_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
PROPERTIES: dict[str, Any] = {
    "axes": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": NAME_RE},
        "additionalProperties": TEXT,
    },
    "curves": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["id", "values"],
            "properties": {
                "id": {"type": "string", "pattern": NAME_RE},
                "label": TEXT,
                "values": {"type": "object", "additionalProperties": {"type": "number"}},
            },
        },
    },
    "min": {"type": "number"},
    "max": {"type": "number"},
    "graticule": {"enum": ["circle", "polygon"]},
    "ticks": {"type": "integer", "minimum": 1},
    "show_legend": {"type": "boolean"},
}


@dataclass
class RadarModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> RadarModel:
    spec = inp.spec
    model = RadarModel()
    axes = spec["axes"]
    parts = []
    for name, label in axes.items():
        check_no_entities(text(label), ("axes", name), report, "radar chart")
        parts.append(f"{name}[{langium_string(text(label))}]")
    model.lines.append("axis " + ", ".join(parts))
    seen = set()
    for i, curve in enumerate(spec["curves"]):
        path = ("curves", i)
        if curve["id"] in seen:
            report.error((*path, "id"), f"duplicate curve id {curve['id']!r}")
        seen.add(curve["id"])
        values = curve["values"]
        for key in values:
            if key not in axes:
                report.error(
                    (*path, "values", key), f"unknown axis {key!r}; axes: {', '.join(axes)}"
                )
        missing = [a for a in axes if a not in values]
        if missing:
            report.error((*path, "values"), f"no value for axis {', '.join(missing)}")
        label = (
            f"[{langium_string(text(curve['label']))}]" if curve.get("label") is not None else ""
        )
        if curve.get("label") is not None:
            check_no_entities(text(curve["label"]), (*path, "label"), report, "radar chart")
        body = ", ".join(f"{a}: {number_text(values[a])}" for a in axes if a in values)
        model.lines.append(f"curve {curve['id']}{label}{{ {body} }}")
    for key in ("max", "min"):
        if spec.get(key) is not None:
            model.lines.append(f"{key} {number_text(spec[key])}")
    if spec.get("graticule"):
        model.lines.append(f"graticule {spec['graticule']}")
    if spec.get("ticks"):
        model.lines.append(f"ticks {spec['ticks']}")
    if spec.get("show_legend") is not None:
        model.lines.append(f"showLegend {'true' if spec['show_legend'] else 'false'}")
    return model


KIND = DiagramKind(
    name="radar",
    description="A radar chart (Mermaid `radar-beta`)",
    properties=PROPERTIES,
    required=("axes", "curves"),
    build=build,
    template="radar.mmd.j2",
    mermaid_types=("radar",),
)
