"""Architecture: groups, services and junctions (in their groups), edges with their sides,
alignment rows and columns."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, titled=False)  # (Mermaid draws no title)
    for what, key in (("group", "groups"), ("service", "services"), ("junction", "junctions")):
        for item_id, value in (spec.get(key) or {}).items():
            data = entry(value)
            parent = data.get("in")
            p.add(
                what,
                item_id,
                label_of(data, "" if what == "junction" else item_id),
                attrs(data, "label", "in"),
                {"in": text(parent)} if parent else None,
            )
    for edge in spec.get("edges") or []:
        p.add(
            "edge",
            None,
            label_of(edge),
            attrs(edge, "label", "from", "to"),
            {"from": text(edge["from"]), "to": text(edge["to"])},
        )
    for rule in spec.get("align") or []:
        for direction in ("row", "column"):
            if rule.get(direction):
                p.add("align", None, direction, {}, {"members": rule[direction]})
    return p
