"""XY charts: bar and line series over categories or a numeric x axis.

```yaml
diagram: xychart
x_axis: {title: Difficulty, categories: [Easy, Medium]}
y_axis: {title: Success rate (%), min: 0, max: 100}
series:
  - {type: bar, values: [56, 30]}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.escape import number_text
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text

AXIS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": TEXT,
        "categories": {"type": "array", "minItems": 1, "items": TEXT},
        "min": {"type": "number"},
        "max": {"type": "number"},
    },
}
PROPERTIES: dict[str, Any] = {
    "horizontal": {"type": "boolean"},
    "x_axis": AXIS,
    "y_axis": {
        **AXIS,
        "properties": {k: v for k, v in AXIS["properties"].items() if k != "categories"},
    },
    "series": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "values"],
            "properties": {
                "type": {"enum": ["bar", "line"]},
                "values": {"type": "array", "minItems": 1, "items": {"type": "number"}},
            },
        },
    },
}


def _quoted(value: Any, path: tuple[Any, ...], report: Reporter) -> str:
    # xychart strings have no escapes: '"' cannot appear inside one.
    return '"' + raw_text(value, path, report, "xychart", forbidden='"') + '"'


@dataclass
class XYChartModel:
    header: str
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> XYChartModel:
    spec = inp.spec
    model = XYChartModel("xychart-beta" + (" horizontal" if spec.get("horizontal") else ""))
    x = spec.get("x_axis") or {}
    categories = x.get("categories")
    for key, axis in (("x_axis", x), ("y_axis", spec.get("y_axis") or {})):
        if not axis:
            continue
        name = "x-axis" if key == "x_axis" else "y-axis"
        line = name
        if axis.get("title") is not None:
            line += " " + _quoted(axis["title"], (key, "title"), report)
        if axis.get("categories") is not None:
            if axis.get("min") is not None or axis.get("max") is not None:
                report.error((key,), "an axis has `categories` or a `min`/`max` range, not both")
            items = [
                _quoted(c, (key, "categories", i), report) for i, c in enumerate(axis["categories"])
            ]
            line += " [" + ", ".join(items) + "]"
        elif axis.get("min") is not None or axis.get("max") is not None:
            if axis.get("min") is None or axis.get("max") is None:
                report.error((key,), "a range needs both `min` and `max`")
            elif axis["min"] >= axis["max"]:
                report.error(
                    (key, "max"),
                    f"found {axis['max']}; `max` must be more than `min` ({axis['min']})",
                )
            else:
                line += f" {number_text(axis['min'])} --> {number_text(axis['max'])}"
        model.lines.append(line)
    for i, series in enumerate(spec.get("series") or []):
        values = series["values"]
        if categories is not None and len(values) != len(categories):
            report.error(
                ("series", i, "values"),
                f"found {len(values)} values; the x axis has {len(categories)} categories",
            )
        model.lines.append(f"{series['type']} [{', '.join(number_text(v) for v in values)}]")
    return model


KIND = DiagramKind(
    name="xychart",
    description="An XY chart of bar and line series (Mermaid `xychart-beta`)",
    properties=PROPERTIES,
    required=("series",),
    build=build,
    template="xychart.mmd.j2",
    mermaid_types=("xychart",),
)
