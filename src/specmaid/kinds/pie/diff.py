"""Pie chart: slices (label and value); Mermaid sorts slices by value, so the written order
is not drawn."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, diagram
from specmaid.diff.projection import Projection


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, "show_data")
    for label, value in (inp.spec.get("slices") or {}).items():
        p.add("slice", label, label, {"value": value})
    return p
