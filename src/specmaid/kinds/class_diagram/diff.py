"""Class diagram: classes (members in drawn order), relations, notes, style classes."""

from __future__ import annotations

import re
from typing import Any

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction")
    for class_id, value in (spec.get("classes") or {}).items():
        data = entry(value)
        found = attrs(data, "label", "html", "namespace")
        if "class" in found:
            found["class"] = classes(found["class"])
        namespace = data.get("namespace")
        p.add(
            "class",
            class_id,
            label_of(data, class_id, ("label", "html")),
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
        p.add(
            "note",
            None,
            label_of(note, keys=("text", "html")),
            {},
            {"for": where} if where else None,
        )
    class_defs(p, inp, own="styles")
    return p


_PLAIN_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def highlight(diagram: Any, styles: dict[str, dict[str, str]]) -> str:
    """Classes with plain ids get a mark class (``cssClass`` appends it). The class db
    copies a classDef into the classes that have it when the classDef comes, so the
    ``cssClass`` statements come first. Removed classes and relations are drawn again,
    marked and dashed."""
    from specmaid.diff.highlight import class_marks

    def mermaid_id(item: Any) -> str | None:
        plain = item.type == "class" and item.key and _PLAIN_ID_RE.match(item.key)
        return item.key if plain else None

    spec = diagram.head.rendered.spec
    theme = diagram.head.theme
    taken = set(spec.get("styles") or {}) | set(theme.classes if theme else {})
    from specmaid.kinds.class_diagram import quoted_text

    def ghost(item: Any, ghost_id: str) -> str:
        return f'class {ghost_id}["{quoted_text(item.label)}"]'

    def ghost_link(item: Any, start: str, end: str) -> str:  # `..`: a dashed link
        return f"{start} .. {end}"

    return class_marks(
        diagram,
        styles,
        mermaid_id,
        taken,
        statement='cssClass "{ids}" {name}',
        define_first=False,
        ghost=ghost,
        ghost_types=("class",),
        ghost_link=ghost_link,
    )
