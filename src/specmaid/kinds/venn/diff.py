"""Venn: sets and overlaps (by the sets they join), with their texts and styles."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    for set_id, data in (inp.spec.get("sets") or {}).items():
        p.add("set", set_id, label_of(data, set_id), attrs(data, "label"))
    for overlap in inp.spec.get("overlaps") or []:
        members = sorted(text(s) for s in overlap["sets"])
        p.add(
            "overlap", None, label_of(overlap), attrs(overlap, "label", "sets"), {"sets": members}
        )
    return p
