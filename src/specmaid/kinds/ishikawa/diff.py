"""Ishikawa (fishbone): the effect, and causes by path of labels, in drawn order."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, diagram, tree
from specmaid.diff.projection import Projection


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    p.add("effect", "effect", inp.spec.get("effect"))
    tree(p, "cause", inp.spec.get("causes") or [], parent=None, children="causes")
    return p
