"""Wardley map: anchors and components (positions, strategy), links, evolutions,
accelerators, notes and annotations."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, entry
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "size", "stages", "annotations_box")
    for name, at in (spec.get("anchors") or {}).items():
        p.add("anchor", name, name, {"at": at})
    for name, value in (spec.get("components") or {}).items():
        data = entry(value, "at") if isinstance(value, dict) else {"at": value}
        p.add("component", name, name, attrs(data))
    for link in spec.get("links") or []:
        p.add(
            "link",
            None,
            link.get("label") or "",
            attrs(link, "label", "from", "to"),
            {"from": text(link["from"]), "to": text(link["to"])},
        )
    for what in ("evolve", "accelerators", "deaccelerators"):
        for name, value in (spec.get(what) or {}).items():
            p.add(what, None, name, {"value": value}, {"of": name} if what == "evolve" else None)
    for what in ("notes", "annotations"):
        for note in spec.get(what) or []:
            p.add(
                what[:-1],
                None,
                note["text"],
                attrs(note, "text"),
                seq="annotations" if what == "annotations" else None,
            )
    return p
