"""C4: elements (in their boundaries), boundaries (nested), relations, layout."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, attrs, diagram, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def _boundaries(p: Projection, found: Any, parent: str | None, where: dict[str, str]) -> None:
    for boundary_id, data in (found or {}).items():
        p.add(
            "boundary",
            boundary_id,
            label_of(data, boundary_id),
            attrs(data, "label", "elements", "boundaries"),
            {"in": parent} if parent else None,
        )
        for element in data.get("elements") or []:
            where.setdefault(text(element), boundary_id)
        _boundaries(p, data.get("boundaries"), boundary_id, where)


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "level", "layout")
    where: dict[str, str] = {}
    boundaries = Projection()
    _boundaries(boundaries, spec.get("boundaries"), None, where)
    for element_id, data in (spec.get("elements") or {}).items():
        parent = where.get(element_id)
        p.add(
            "element",
            element_id,
            label_of(data, element_id),
            attrs(data, "label"),
            {"in": parent} if parent else None,
        )
    p.items += boundaries.items
    for relation in spec.get("relations") or []:
        p.add(
            "relation",
            None,
            label_of(relation),
            attrs(relation, "label", "from", "to"),
            {"from": text(relation["from"]), "to": text(relation["to"])},
        )
    return p
