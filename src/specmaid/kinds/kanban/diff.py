"""Kanban: columns in order, cards in order within their column (a card moved to another
column is one changed card)."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, entry, label_of, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, titled=False)  # (Mermaid draws no title)
    taken: set[str] = set()
    for column_id, value in (inp.spec.get("columns") or {}).items():
        data = entry(value, "title")
        p.add("column", column_id, label_of(data, column_id, ("title",)), seq="columns")
        for task in data.get("tasks") or []:
            card = entry(task, "title")
            key = unique_key(text(card.get("id") or card["title"]), taken)
            p.add(
                "card",
                key,
                card["title"],
                attrs(card, "title", "id"),
                {"in": column_id},
                seq=column_id,
            )
    return p
