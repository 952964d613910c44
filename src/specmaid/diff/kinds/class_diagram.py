"""Class diagram: classes (members in drawn order), relations, notes, style classes."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction")
    for class_id, value in (spec.get("classes") or {}).items():
        data = entry(value)
        found = attrs(data, "label", "namespace")
        if "class" in found:
            found["class"] = classes(found["class"])
        namespace = data.get("namespace")
        p.add(
            "class",
            class_id,
            label_of(data, class_id),
            found,
            {"namespace": namespace} if namespace else None,
            mark=class_id,
        )
    for relation in spec.get("relations") or []:
        p.add(
            "relation",
            None,
            label_of(relation),
            attrs(relation, "label", "from", "to"),
            {"from": text(relation["from"]), "to": text(relation["to"])},
        )
    for note in spec.get("notes") or []:
        where = note.get("for")
        p.add("note", None, label_of(note, keys=("text",)), {}, {"for": where} if where else None)
    class_defs(p, inp, own="styles")
    return p
