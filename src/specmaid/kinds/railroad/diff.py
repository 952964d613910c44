"""Railroad: one item per rule (its whole expression; rules are drawn in order)."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, diagram
from specmaid.diff.projection import Projection


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, "references", titled=False)  # (Mermaid draws no title)
    for name, expression in (inp.spec.get("rules") or {}).items():
        p.add("rule", name, name, {"expression": expression}, seq="rules")
    return p
