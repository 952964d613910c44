"""Radar: axes in drawn order, curves, and one data point per curve and axis."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, diagram
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "min", "max", "graticule", "ticks", "show_legend")
    for axis_id, label in (spec.get("axes") or {}).items():
        p.add("axis", f"axis:{axis_id}", label, seq="axes")
    for curve in spec.get("curves") or []:
        key = f"curve:{text(curve['id'])}"
        p.add("curve", key, curve.get("label") or curve["id"], seq="curves")
        for axis_id, value in (curve.get("values") or {}).items():
            at = f"axis:{axis_id}"
            p.add("point", f"{key}@{at}", "", {"value": value}, {"curve": key, "axis": at})
    return p
