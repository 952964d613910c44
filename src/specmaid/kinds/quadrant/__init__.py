"""Quadrant charts: points placed on two axes split into four quadrants.

```yaml
diagram: quadrant
x_axis: {low: Low capability, high: High capability}
y_axis: {low: Low risk, high: High risk}
quadrants: {1: Watch closely, 2: Mitigate, 3: Routine, 4: Monitor}
points:
  - {name: CBRN, x: 0.6, y: 0.8}
```
Coordinates lie between 0 and 1 (Mermaid refuses others).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    VISIBLE_TEXT,
    BuildInput,
    DiagramKind,
    check_styles,
    raw_text,
)
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED
from specmaid.pipeline.escape import number_text, style_list

UNIT: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 1}
#: quadrantChart's grammar reads a class name as letters and digits only: `classDef a_b`
#: and `P:::a-b` are parse errors in Mermaid 11.17.2 and 12.3.0 alike.
QUADRANT_CLASS_RE = r"^[A-Za-z][A-Za-z0-9]*$"
AXIS: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["low"],
    "properties": {"low": VISIBLE_TEXT, "high": VISIBLE_TEXT},
}
# The styles a quadrant point takes, as Mermaid's quadrant parser checks them (any other
# name: "style named x is not supported"; 3 or 6 hex digits; whole numbers and pixels).
_HEX = {"type": "string", "pattern": r"^#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})$", "description": "#rgb"}
POINT_STYLES: dict[str, Any] = {
    "radius": {"type": "integer", "minimum": 0},
    "color": _HEX,
    "stroke-color": _HEX,
    "stroke-width": {"type": "string", "pattern": r"^\d+px$", "description": "pixels, e.g. 2px"},
}
PROPERTIES: dict[str, Any] = {
    "x_axis": AXIS,
    "y_axis": AXIS,
    "quadrants": {
        "type": "object",
        "additionalProperties": False,
        "properties": {str(i): VISIBLE_TEXT for i in range(1, 5)},
    },
    "points": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "x", "y"],
            "properties": {
                "name": VISIBLE_TEXT,
                "x": UNIT,
                "y": UNIT,
                "radius": POINT_STYLES["radius"],
                "color": POINT_STYLES["color"],
                "stroke_color": POINT_STYLES["stroke-color"],
                "stroke_width": POINT_STYLES["stroke-width"],
                "class": {"type": "string", "pattern": QUADRANT_CLASS_RE},
            },
        },
    },
    "classes": {
        "type": "object",
        "description": "class name → point styles (radius, color, stroke-color, stroke-width)",
        "propertyNames": {
            "pattern": QUADRANT_CLASS_RE,
            "description": "a class name of letters and digits",
        },
        "additionalProperties": {
            "type": "object",
            "description": "point styles: radius, color, stroke-color or stroke-width",
            "minProperties": 1,
            "additionalProperties": False,
            "properties": POINT_STYLES,
        },
    },
}
KEYWORDS = (
    "title",
    "x-axis",
    "y-axis",
    "quadrant-1",
    "quadrant-2",
    "quadrant-3",
    "quadrant-4",
    "classdef",
)
# Unquoted text: the grammar splits on these.
FORBIDDEN = ':#;"[]{},()<>@~^|'


@dataclass
class QuadrantModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> QuadrantModel:
    spec = inp.spec
    model = QuadrantModel()

    def words(value: Any, path: tuple[Any, ...]) -> str:
        out = raw_text(
            value, path, report, "quadrant chart", forbidden=FORBIDDEN, keywords=KEYWORDS
        )
        if "-->" in out:
            report.error(path, "found '-->'; it separates the two ends of an axis")
        elif out.startswith("-"):
            report.error(
                path,
                f"found {out!r}; quadrant chart text cannot start with '-' (Mermaid's grammar"
                " has no word for it there): start with a letter or digit",
            )
        return out

    for key, name in (("x_axis", "x-axis"), ("y_axis", "y-axis")):
        axis = spec.get(key)
        if axis:
            line = f"{name} {words(axis['low'], (key, 'low'))}"
            if axis.get("high") is not None:
                line += f" --> {words(axis['high'], (key, 'high'))}"
            model.lines.append(line)
    for number, label in sorted((spec.get("quadrants") or {}).items()):
        model.lines.append(f"quadrant-{number} {words(label, ('quadrants', number))}")
    classes = spec.get("classes") or {}
    for i, point in enumerate(spec.get("points") or []):
        path = ("points", i)
        name = words(point["name"], (*path, "name"))
        cls = ""
        if point.get("class"):
            if point["class"] not in classes:
                report.error(
                    (*path, "class"),
                    f"unknown class {point['class']!r}." + did_you_mean(point["class"], classes),
                )
            cls = f":::{point['class']}"
        styles = []
        if point.get("radius") is not None:
            styles.append(f"radius: {number_text(point['radius'])}")
        if point.get("color"):
            styles.append(f"color: {point['color']}")
        if point.get("stroke_color"):
            styles.append(f"stroke-color: {point['stroke_color']}")
        if point.get("stroke_width"):
            styles.append(f"stroke-width: {point['stroke_width']}")
        line = f"{name}{cls}: [{number_text(point['x'])}, {number_text(point['y'])}]"
        model.lines.append(line + (" " + ", ".join(styles) if styles else ""))
    for name, styles in classes.items():
        check_styles(styles, ("classes", name), report)
        model.lines.append(f"classDef {name} {style_list(styles).replace(':', ': ')}")
    return model


KIND = DiagramKind(
    name="quadrant",
    description="A quadrant chart (Mermaid `quadrantChart`)",
    properties=PROPERTIES,
    build=build,
    template="quadrant.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("quadrantChart",),
    importer="specmaid.kinds.quadrant.importer:import_quadrant",
)
