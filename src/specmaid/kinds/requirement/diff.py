"""Requirement diagram: requirements and elements (their map key is the drawn name),
relations, classDefs."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction")
    for what, key in (("requirement", "requirements"), ("element", "elements")):
        for name, value in (spec.get(key) or {}).items():
            found = attrs(entry(value))
            if "class" in found:
                found["class"] = classes(found["class"])
            p.add(what, name, name, found, mark=name)
    for relation in spec.get("relations") or []:
        p.add(
            "relation",
            None,
            "",
            attrs(relation, "from", "to"),
            {"from": text(relation["from"]), "to": text(relation["to"])},
        )
    class_defs(p, inp)
    return p
