"""Quadrant chart: axes and quadrant texts, points (position, look), classDefs."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, class_defs, diagram
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "x_axis", "y_axis")
    for number, label in (spec.get("quadrants") or {}).items():
        p.add("quadrant", f"quadrant {number}", label)
    for point in spec.get("points") or []:
        p.add("point", text(point["name"]), point["name"], attrs(point, "name"))
    class_defs(p, inp)
    return p
