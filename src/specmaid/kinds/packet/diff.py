"""Packet: fields in order, with their bit ranges."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    taken: set[str] = set()
    for field in inp.spec.get("fields") or []:
        key = unique_key(text(field["label"]), taken)
        p.add("field", key, field["label"], attrs(field, "label"), seq="fields")
    return p
