"""Tree view: rows known by their path of labels, in their drawn order."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, diagram, tree
from specmaid.diff.projection import Projection


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    tree(p, "item", inp.spec.get("items") or [], parent=None)
    return p
