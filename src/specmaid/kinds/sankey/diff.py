"""Sankey: nodes (named by their label) and flows with their values; a renamed node is
one relabelled node, its flows unchanged."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, diagram
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, titled=False)  # (Mermaid draws no title)
    flows = inp.spec.get("flows") or []
    names = dict.fromkeys(text(f[side]) for f in flows for side in ("from", "to"))
    for name in names:
        p.add("node", name, name)
    for flow in flows:
        p.add(
            "flow",
            None,
            "",
            {"value": flow["value"]},
            {"from": text(flow["from"]), "to": text(flow["to"])},
        )
    return p
