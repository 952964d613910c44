"""XY charts: bar and line series over categories or a numeric x axis.

```yaml
diagram: xychart
title: Cyber challenges solved
x_axis: {title: Difficulty, categories: [Easy, Medium]}
y_axis: {title: Success rate (%), min: 0, max: 100}
series:
  - {type: bar, name: Claude 3.7 Sonnet, values: [56, 30]}
```
The x axis has `categories` (one value per category in every series) or a numeric `min`/`max`
range; without an x axis the values are numbered 1, 2, 3… The y axis is a range; without one
Mermaid fits it to the data. `horizontal: true` lays the chart sideways. A series
`name` is shown in the legend when `config: {xyChart: {showLegend: true}}`. The chart
`title:` is drawn above it. Any text may hold any character.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, FeatureUse, text
from specmaid.kinds.beta_helpers import plain_number, quoted_entity_text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED, CHECKED_NOTE, since

RANGE: dict[str, Any] = {
    "min": {"type": "number", "description": "where the axis starts"},
    "max": {"type": "number", "description": "where the axis ends"},
}
PROPERTIES: dict[str, Any] = {
    "horizontal": {"type": "boolean", "description": "lay the chart sideways (bars along x)"},
    "x_axis": {
        "type": "object",
        "additionalProperties": False,
        "description": "the x axis: `categories` or a `min`/`max` range",
        "properties": {
            "title": TEXT,
            "categories": {"type": "array", "minItems": 1, "items": TEXT},
            **RANGE,
        },
    },
    "y_axis": {
        "type": "object",
        "additionalProperties": False,
        "description": "the y axis: a `min`/`max` range (fitted to the data without one)",
        "properties": {"title": TEXT, **RANGE},
    },
    "series": {
        "type": "array",
        "minItems": 1,
        "description": "bar and line series, drawn in this order",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "values"],
            "properties": {
                "type": {"enum": ["bar", "line"]},
                "name": {**TEXT, "description": "the series name, shown in the legend"},
                "values": {"type": "array", "minItems": 1, "items": {"type": "number"}},
            },
        },
    },
}


@dataclass
class XYChartModel:
    header: str
    lines: list[str] = field(default_factory=list)


def _axis_range(axis: dict[str, Any], key: str, report: Reporter) -> tuple[float, float] | None:
    low, high = axis.get("min"), axis.get("max")
    if low is None and high is None:
        return None
    if low is None or high is None:
        report.error((key,), "a range needs both `min` and `max`")
        return None
    if low >= high:
        report.error((key, "max"), f"found {high}; `max` must be more than `min` ({low})")
        return None
    return low, high


def _axis_line(
    name: str, key: str, axis: dict[str, Any], report: Reporter
) -> tuple[str, tuple[float, float] | None]:
    line = name
    if axis.get("title") is not None:
        line += " " + quoted_entity_text(axis["title"])
    categories = axis.get("categories")
    span = _axis_range(axis, key, report)
    if categories is not None:
        if span is not None:
            report.error((key,), "an axis has `categories` or a `min`/`max` range, not both")
        seen: dict[str, int] = {}
        for i, category in enumerate(categories):
            # Mermaid's band scale keeps one slot per distinct name: a repeated category
            # would shift every later value onto the wrong bar.
            label = text(category)
            if label in seen:
                report.error(
                    (key, "categories", i),
                    f"category {label!r} is already categories[{seen[label]}];"
                    " Mermaid would draw both values in one slot",
                )
            seen.setdefault(label, i)
        line += " [" + ", ".join(quoted_entity_text(c) for c in categories) + "]"
    elif span is not None:
        line += f" {plain_number(span[0])} --> {plain_number(span[1])}"
    return line, span


def build(inp: BuildInput, report: Reporter) -> XYChartModel:
    spec = inp.spec
    model = XYChartModel("xychart-beta" + (" horizontal" if spec.get("horizontal") else ""))

    x_axis, y_axis = spec.get("x_axis") or {}, spec.get("y_axis") or {}
    categories = x_axis.get("categories")
    y_span = None
    if x_axis:
        line, _ = _axis_line("x-axis", "x_axis", x_axis, report)
        model.lines.append(line)
    if y_axis:
        line, y_span = _axis_line("y-axis", "y_axis", y_axis, report)
        model.lines.append(line)

    first_length: int | None = None
    for i, series in enumerate(spec["series"]):
        path = ("series", i)
        values = series["values"]
        if categories is not None and len(values) != len(categories):
            report.error(
                (*path, "values"),
                f"found {len(values)} values; the x axis has {len(categories)} categories",
            )
        elif categories is None:
            # Without categories Mermaid spreads each series over the whole x range, so
            # series of different lengths would not line up.
            if first_length is None:
                first_length = len(values)
            elif len(values) != first_length:
                report.error(
                    (*path, "values"),
                    f"found {len(values)} values; series[0] has {first_length}"
                    " (without x categories every series needs the same number)",
                )
        if y_span is not None:
            outside = [v for v in values if not y_span[0] <= v <= y_span[1]]
            if outside:
                report.warning(
                    (*path, "values"),
                    f"{plain_number(outside[0])} is outside the y axis range"
                    f" {plain_number(y_span[0])}..{plain_number(y_span[1])};"
                    " Mermaid draws it past the axis",
                )
        name = f" {quoted_entity_text(series['name'])}" if series.get("name") is not None else ""
        numbers = ", ".join(plain_number(v) for v in values)
        model.lines.append(f"{series['type']}{name} [{numbers}]")
    return model


ACCESSIBILITY = since("xychart", "accessibility (accTitle, accDescr)", "11.17", CHECKED_NOTE)


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    if spec.get("accessibility"):
        yield ACCESSIBILITY, ("accessibility",)


KIND = DiagramKind(
    name="xychart",
    description="An XY chart of bar and line series (Mermaid `xychart-beta`)",
    properties=PROPERTIES,
    required=("series",),
    build=build,
    template="xychart.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("xychart",),
    importer="specmaid.kinds.xychart.importer:import_xychart",
    features=(ACCESSIBILITY,),
    detect_features=detect_features,
)
