"""Cynefin: each domain's items in drawn order, and the transitions between domains."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, label_of, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    taken: set[str] = set()
    for domain, items in (inp.spec.get("domains") or {}).items():
        for value in items or []:
            key = unique_key(f"{domain}/{text(value)}", taken)
            p.add("item", key, value, {}, {"in": domain}, seq=domain)
    for transition in inp.spec.get("transitions") or []:
        ends = {"from": text(transition["from"]), "to": text(transition["to"])}
        p.add(
            "transition", None, label_of(transition), attrs(transition, "label", "from", "to"), ends
        )
    return p
