"""Import of quadrant charts: what Mermaid's parser handed the quadrant db → a spec (see
:mod:`specmaid.importing.dispatch`).

The quadrant db keeps only what it computed for drawing (points in pixels, in reverse, their
classes resolved into colours), so mermaid_parse.mjs records the parser's calls into the db
(`calls`: the axis and quadrant texts, each point and each classDef as written).
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching, plain_number
from specmaid.mermaid.bridge import ParseResult

AXES = {
    "setXAxisLeftText": ("x_axis", "low"),
    "setXAxisRightText": ("x_axis", "high"),
    "setYAxisBottomText": ("y_axis", "low"),
    "setYAxisTopText": ("y_axis", "high"),
}
QUADRANTS = {f"setQuadrant{n}Text": str(n) for n in range(1, 5)}
#: a point's style name → its spec key
POINT_STYLES = {
    "radius": "radius",
    "color": "color",
    "stroke-color": "stroke_color",
    "stroke-width": "stroke_width",
}
_CLASS_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


def _styles(items: list[str]) -> dict[str, Any]:
    """`radius: 9` items (as the parser passes them) → name → value."""
    out: dict[str, Any] = {}
    for item in items:
        key, _, value = str(item).partition(":")
        key, value = key.strip(), value.strip()
        out[key] = int(value) if key == "radius" else value
    return out


def import_quadrant(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "quadrant")
    warnings: list[SpecError] = []

    def words(value: Any, where: str) -> str:
        """A text as the db keeps it (trimmed); markdown strings are reported."""
        body = str(value.get("text") if isinstance(value, dict) else value).strip()
        if isinstance(value, dict) and value.get("type") == "markdown":
            warnings.append(
                SpecError(
                    f"the markdown of {where} was not imported: a quadrant chart's spec text"
                    " is drawn as written",
                    file=name,
                    line=line_matching(text, f"`{re.escape(body)}`", first_line),
                    severity="warning",
                )
            )
        return body

    calls = (result.graph or {}).get("calls") or []
    axes: dict[str, dict[str, str]] = {}
    quadrants: dict[str, str] = {}
    points: list[dict[str, Any]] = []
    classes: dict[str, dict[str, Any]] = {}
    for method, args in calls:
        if method in AXES:
            axis, end = AXES[method]
            label = words(args[0], f"the {axis.replace('_', '-')} text")
            if label:
                axes.setdefault(axis, {})[end] = label
        elif method in QUADRANTS:
            label = words(args[0], f"quadrant-{QUADRANTS[method]}")
            if label:
                quadrants[QUADRANTS[method]] = label
        elif method == "addPoint":
            point_text, class_name, x, y, styles = args
            label = words(point_text, "a point")
            point: dict[str, Any] = {
                "name": label,
                "x": plain_number(x),
                "y": plain_number(y),
            }
            for style, value in _styles(styles).items():
                point[POINT_STYLES[style]] = value
            if class_name:
                point["class"] = class_name
            points.append(point)
        elif method == "addClass":
            classes[str(args[0])] = _styles(args[1])
    for point in points:
        # Mermaid draws a point whose class has no classDef with the default style.
        if point.get("class") and (
            point["class"] not in classes or not _CLASS_RE.match(point["class"])
        ):
            warnings.append(
                SpecError(
                    f"the class {point['class']!r} of point {point['name']!r} was not imported:"
                    " it has no classDef",
                    file=name,
                    line=line_matching(text, rf":::{re.escape(point['class'])}\b", first_line),
                    severity="warning",
                )
            )
            del point["class"]
    # The axes' ends in a spec's order (the low end is required: an axis is written from it).
    for axis in ("x_axis", "y_axis"):
        ends = axes.get(axis, {})
        if "low" in ends:
            spec[axis] = {end: ends[end] for end in ("low", "high") if end in ends}
        elif "high" in ends:
            warnings.append(
                SpecError(
                    f"the {axis.replace('_', '-')} text {ends['high']!r} was not imported: its"
                    " low end is empty, and a spec writes an axis from its low end",
                    file=name,
                    line=line_matching(text, rf"^\s*{axis[0]}-axis\b", first_line),
                    severity="warning",
                )
            )
    if quadrants:
        spec["quadrants"] = dict(sorted(quadrants.items()))
    if points:
        spec["points"] = points
    if classes:
        spec["classes"] = classes
    return spec, warnings
