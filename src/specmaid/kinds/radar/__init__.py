"""Radar charts: curves of values over named axes.

```yaml
diagram: radar
title: Cyber challenges solved (%)
axes: {easy: Easy tasks, medium: Medium tasks, ranges: Cyber ranges}
curves:
  - {id: sonnet37, label: Claude 3.7 Sonnet, values: {easy: 56, medium: 30, ranges: 67}}
min: 0
max: 100
ticks: 5
graticule: polygon
show_legend: true
```
`axes` maps an axis id to the label drawn at its end, in drawing order (clockwise from the
top). Every curve gives one value per axis, keyed by axis id. `min`/`max` fix the scale (else
0 to the largest value), `ticks` is the number of rings (at most 32), `graticule` draws them
as `circle`s or `polygon`s and `show_legend` shows the curves' labels. Values are not
negative (Mermaid's radar grammar has no minus sign). The `title:` is drawn above the chart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind
from specmaid.kinds.beta_helpers import langium_entity_text, plain_number, safe_id

#: Mermaid caps the number of rings here (and only logs a warning about it).
MAX_TICKS = 32
VALUE: dict[str, Any] = {"type": "number", "minimum": 0}
PROPERTIES: dict[str, Any] = {
    "axes": {
        "type": "object",
        "minProperties": 1,
        "description": "axis id → its label, in drawing order",
        "propertyNames": {"minLength": 1},
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
                "id": {"type": "string", "minLength": 1},
                "label": {**TEXT, "description": "the legend text (default: the id)"},
                "values": {
                    "type": "object",
                    "description": "axis id → value",
                    "additionalProperties": VALUE,
                },
            },
        },
    },
    "min": {**VALUE, "description": "the value at the centre (default 0)"},
    "max": {**VALUE, "description": "the value at the rim (default: the largest value)"},
    "graticule": {"enum": ["circle", "polygon"], "description": "ring shape (default circle)"},
    "ticks": {
        "type": "integer",
        "minimum": 1,
        "maximum": MAX_TICKS,
        "description": "number of rings (default 5)",
    },
    "show_legend": {"type": "boolean", "description": "show the curves' labels (default true)"},
}

#: The radar grammar's ID terminal; keywords of the grammar cannot be ids.
_ID_RE = re.compile(r"^[A-Za-z_]([-\w]*\w)?$")
_KEYWORDS = frozenset(
    {"axis", "curve", "showlegend", "ticks", "max", "min", "graticule", "circle", "polygon"}
    | {"true", "false", "title", "acctitle", "accdescr", "radar-beta"}
)


def _radar_id(user_id: str) -> str:
    # Ids are never drawn (labels are), so an id the lexer would misread is renamed.
    is_safe = bool(_ID_RE.match(user_id)) and not any(
        user_id.lower().startswith(word) for word in ("title", "acctitle", "accdescr")
    )
    return safe_id(user_id, is_safe and user_id.lower() not in _KEYWORDS, "r")


@dataclass
class RadarModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> RadarModel:
    spec = inp.spec
    model = RadarModel()
    axes: dict[str, Any] = spec["axes"]
    axis_ids = {name: _radar_id(name) for name in axes}
    parts = [f"{axis_ids[name]}[{langium_entity_text(label)}]" for name, label in axes.items()]
    model.lines.append("axis " + ", ".join(parts))

    low, high = spec.get("min"), spec.get("max")
    if low is not None and high is not None and low >= high:
        report.error(("max",), f"found {plain_number(high)}; `max` must be more than `min`")
    seen: dict[str, int] = {}
    for i, curve in enumerate(spec["curves"]):
        path = ("curves", i)
        user_id = curve["id"]
        if user_id in seen:
            report.error((*path, "id"), f"duplicate curve id {user_id!r} (curves[{seen[user_id]}])")
        seen.setdefault(user_id, i)
        mid = _radar_id(user_id)
        values = curve["values"]
        for key in values:
            if key not in axes:
                report.error(
                    (*path, "values", key),
                    f"unknown axis {key!r}; axes: {', '.join(axes)}." + did_you_mean(key, axes),
                    at_key=True,
                )
        missing = [a for a in axes if a not in values]
        if missing:
            # Mermaid fails with "Missing entry for axis …".
            report.error((*path, "values"), f"no value for axis {', '.join(missing)}")
        for key, value in values.items():
            if (low is not None and value < low) or (high is not None and value > high):
                report.warning(
                    (*path, "values", key),
                    f"{plain_number(value)} is outside `min`..`max`; Mermaid draws it past"
                    " the scale",
                )
        label = curve.get("label")
        if label is None and mid != user_id:
            label = user_id  # the id was renamed: keep the legend showing what was written
        shown = f"[{langium_entity_text(label)}]" if label is not None else ""
        body = ", ".join(f"{axis_ids[a]}: {plain_number(values[a])}" for a in axes if a in values)
        model.lines.append(f"curve {mid}{shown}{{ {body} }}")
    for key in ("max", "min"):
        if spec.get(key) is not None:
            model.lines.append(f"{key} {plain_number(spec[key])}")
    if spec.get("graticule"):
        model.lines.append(f"graticule {spec['graticule']}")
    if spec.get("ticks"):
        model.lines.append(f"ticks {spec['ticks']}")
    if spec.get("show_legend") is not None:
        model.lines.append(f"showLegend {'true' if spec['show_legend'] else 'false'}")
    return model


KIND = DiagramKind(
    name="radar",
    description="A radar chart of curves over named axes (Mermaid `radar-beta`)",
    properties=PROPERTIES,
    required=("axes", "curves"),
    build=build,
    template="radar.mmd.j2",
    since="11.6",
    mermaid_types=("radar",),
    importer="specmaid.kinds.radar.importer:import_radar",
)
