"""Treemap: sections and leaves (with their values) by path of labels; the layout sorts
by value, so the written order is not drawn."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, class_defs, diagram, tree
from specmaid.diff.projection import Projection


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    tree(p, "item", inp.spec.get("items") or [], parent=None, ordered=False)
    class_defs(p, inp)
    return p
