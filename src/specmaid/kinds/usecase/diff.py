"""Use case diagram: actors, use cases (with the boundary each sits in), boundaries,
relations, notes and classDefs."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction", titled=False)  # (Mermaid 12.3 draws no title here)
    inside: dict[str, str] = {}
    for boundary_id, value in (spec.get("boundaries") or {}).items():
        data = dict(value or {})
        for member in [*(data.get("actors") or []), *(data.get("use_cases") or [])]:
            inside.setdefault(text(member), boundary_id)
        found = attrs(data, "title", "actors", "use_cases")
        if "class" in found:
            found["class"] = classes(found["class"])
        p.add("boundary", boundary_id, label_of(data, boundary_id, ("title",)), found)
    for key, kind in (("actors", "actor"), ("use_cases", "use case")):
        for item_id, value in (spec.get(key) or {}).items():
            data = entry(value)
            found = attrs(data, "label")
            if "class" in found:
                found["class"] = classes(found["class"])
            refs = {"in": inside[item_id]} if item_id in inside else None
            p.add(kind, item_id, label_of(data, item_id), found, refs, mark=item_id)
    for relation in spec.get("relations") or []:
        ends = {"from": text(relation["from"]), "to": text(relation["to"])}
        p.add("relation", None, label_of(relation), attrs(relation, "label", "from", "to"), ends)
    for note in spec.get("notes") or []:
        p.add("note", None, text(note["text"]), {}, {"for": text(note["for"])})
    class_defs(p, inp)
    return p
