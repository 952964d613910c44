"""Mind map: nodes have no ids; each is known by its path of labels (see ``tree``)."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, diagram, tree
from specmaid.diff.projection import Projection


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, titled=False)  # (Mermaid draws no title)
    tree(p, "node", [inp.spec.get("root")], parent=None)
    return p
