"""ER diagram: entities (attributes in drawn order), relations, classDefs."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction")
    for entity_id, value in (spec.get("entities") or {}).items():
        data = entry(value)
        found = attrs(data, "label")
        if "class" in found:
            found["class"] = classes(found["class"])
        p.add("entity", entity_id, label_of(data, entity_id), found, mark=entity_id)
    for relation in spec.get("relations") or []:
        p.add(
            "relation",
            None,
            label_of(relation),
            attrs(relation, "label", "from", "to"),
            {"from": text(relation["from"]), "to": text(relation["to"])},
        )
    class_defs(p, inp)
    return p


def highlight(diagram: Any, styles: dict[str, dict[str, str]]) -> str:
    """Entities get a mark class (ER's ``class`` statement appends it to their classes);
    removed entities and relationships are drawn again, marked and dashed."""
    from specmaid.diff.highlight import class_marks
    from specmaid.kinds.er import _entity_ids

    spec = diagram.head.rendered.spec
    ids = _entity_ids(list(spec.get("entities") or {}))

    def mermaid_id(item: Any) -> str | None:
        return ids.get(item.key) if item.type == "entity" else None

    theme = diagram.head.theme
    taken = set(spec.get("classes") or {}) | set(theme.classes if theme else {})
    from specmaid.kinds.er import er_text

    def ghost(item: Any, ghost_id: str) -> str:
        return f'{ghost_id}["{er_text(item.label)}"]'

    def ghost_link(item: Any, start: str, end: str) -> str:  # `..`: a dashed relationship
        return f'{start} }}o..o{{ {end} : "{er_text(item.label) or " "}"'

    return class_marks(
        diagram,
        styles,
        mermaid_id,
        taken,
        ghost=ghost,
        ghost_types=("entity",),
        ghost_link=ghost_link,
    )
