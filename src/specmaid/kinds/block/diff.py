"""Block diagram: blocks and groups in their drawn order (the grid is filled in order, so
moving a block moves it on the page), spaces, edges, classDefs."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def _blocks(p: Projection, blocks: Any, parent: str | None) -> None:
    seq = parent or ""
    for data in blocks or []:
        refs = {"in": parent} if parent else None
        if data.get("space") is not None and data.get("id") is None:
            p.add("space", None, "", {"width": data["space"]}, refs, seq=seq)
            continue
        found = attrs(data, "label", "id", "group", "blocks")
        if "class" in found:
            found["class"] = classes(found["class"])
        if data.get("group") is not None:
            group = text(data["group"])
            p.add("group", group, label_of(data), found, refs, seq=seq, mark=group)
            _blocks(p, data.get("blocks"), group)
        else:
            block_id = text(data["id"])
            p.add("block", block_id, label_of(data, block_id), found, refs, seq=seq, mark=block_id)


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "columns", titled=False)  # (Mermaid draws no title)
    _blocks(p, spec.get("blocks"), None)
    for edge in spec.get("edges") or []:
        p.add(
            "edge",
            None,
            label_of(edge),
            attrs(edge, "label", "from", "to"),
            {"from": text(edge["from"]), "to": text(edge["to"])},
        )
    class_defs(p, inp)
    return p


def highlight(diagram: Any, styles: dict[str, dict[str, str]]) -> str:
    """Blocks and groups get a mark class (the ``class`` statement appends it)."""
    from specmaid.diff.highlight import class_marks
    from specmaid.kinds.block import _block_id

    def mermaid_id(item: Any) -> str | None:
        return _block_id(item.key) if item.type in ("block", "group") and item.key else None

    spec = diagram.head.rendered.spec
    theme = diagram.head.theme
    taken = set(spec.get("classes") or {}) | set(theme.classes if theme else {})
    return class_marks(diagram, styles, mermaid_id, taken)
