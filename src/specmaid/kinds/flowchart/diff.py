"""Flowchart: nodes, subgraphs (and what is in them), edges (fan-outs one per drawn edge),
classDefs and edge styles. Highlighting: see :mod:`specmaid.diff.highlight`."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import as_list, text

LABEL_KEYS = ("label", "html", "markdown")


def node(p: Projection, user_id: str, value: Any, parent: str | None) -> None:
    data = entry(value)
    found = attrs(data, *LABEL_KEYS)
    if "class" in found:
        found["class"] = classes(found["class"])
    p.add(
        "node",
        user_id,
        label_of(data, user_id, LABEL_KEYS),
        found,
        {"in": parent} if parent else None,
        mark=user_id,
    )


def subgraphs(
    p: Projection, subs: dict[str, Any], parent: str | None, membership: dict[str, str]
) -> None:
    for sub_id, value in subs.items():
        data = entry(value, "title")
        found = attrs(data, "title", "html", "markdown", "nodes", "subgraphs")
        if "class" in found:
            found["class"] = classes(found["class"])
        p.add(
            "subgraph",
            sub_id,
            label_of(data, sub_id, ("title", "html", "markdown")),
            found,
            {"in": parent} if parent else None,
            mark=sub_id,
        )
        for member in data.get("nodes") or []:
            membership.setdefault(text(member), sub_id)
        subgraphs(p, dict(data.get("subgraphs") or {}), sub_id, membership)


def edges(p: Projection, spec: Any, known: set[str]) -> set[str]:
    """One item per drawn edge (its index is the edge's `linkStyle` number), carrying the
    style and curve it is drawn with (``edge_styles`` applied as the kind applies them);
    returns the ids the edges name that are not defined (`auto_nodes`)."""
    drawn: list[tuple[dict[str, Any], str, str]] = []  # (edge spec, from, to)
    named: set[str] = set()
    for edge in spec.get("edges") or []:
        for start in as_list(edge.get("from")):
            for end in as_list(edge.get("to")):
                drawn.append((edge, text(start), text(end)))
                named.update((text(start), text(end)))
    looks: list[tuple[dict[str, Any], Any]] = [({}, None) for _ in drawn]
    for rule in spec.get("edge_styles") or []:
        if rule.get("edges") == "default":
            found = {"style": rule.get("style"), "curve": rule.get("curve")}
            p.add("edge style", "edge-style:default", "default", found)
            continue
        for ref in as_list(rule.get("edges")):
            for n, (edge, start, end) in enumerate(drawn):
                if isinstance(ref, dict):
                    chosen = (text(ref.get("from")), text(ref.get("to"))) == (start, end)
                else:
                    chosen = edge.get("id") is not None and text(edge["id"]) == text(ref)
                if chosen:
                    style, curve = looks[n]
                    looks[n] = ({**style, **(rule.get("style") or {})}, rule.get("curve", curve))
    for n, (edge, start, end) in enumerate(drawn):
        found = attrs(edge, *LABEL_KEYS, "from", "to", "id", "style", "curve")
        if "class" in found:
            found["class"] = classes(found["class"])
        style, curve = looks[n]
        found["style"] = {**style, **(edge.get("style") or {})} or None
        found["curve"] = edge.get("curve") or curve
        refs = {"from": start, "to": end}
        p.add("edge", None, label_of(edge, keys=LABEL_KEYS), found, refs, mark=n)
    return named - known


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction")
    membership: dict[str, str] = {}
    nodes = dict(spec.get("nodes") or {})
    sub_items = Projection()
    subgraphs(sub_items, dict(spec.get("subgraphs") or {}), None, membership)
    for user_id, value in nodes.items():
        node(p, user_id, value, membership.get(user_id))
    p.items += sub_items.items
    auto = edges(p, spec, set(nodes) | {i.key for i in sub_items.items if i.key})
    for user_id in sorted(auto):
        node(p, user_id, None, membership.get(user_id))
    class_defs(p, inp)
    return p


def highlight(diagram: Any, styles: dict[str, dict[str, str]]) -> str:
    """Added and changed nodes and subgraphs get a class of their own (``class`` appends
    it to their classes), edges a ``linkStyle`` that keeps the edge's own style first;
    removed nodes and edges are drawn back as dashed, faded ghosts."""
    from specmaid.diff.highlight import LINE_PROPERTIES, class_names, style_text
    from specmaid.pipeline.escape import quote_text

    head = diagram.head
    model = head.rendered.model
    ids: dict[str, str] = model.ids
    names = class_names(
        {n for n, _ in model.class_defs} | set(head.rendered.spec.get("classes") or {})
    )
    marked: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
    edge_marks: dict[int, str] = {}
    ghosts: list[str] = []
    ghost_edges: list[str] = []
    ghost_ids: dict[str, str] = {}
    for change in diagram.changes:
        op = "changed" if change.op == "moved" else change.op
        item = change.head if change.head is not None else change.base
        if item.type in ("node", "subgraph", "lane") and op != "removed":
            if item.key in ids:
                marked[op].append(ids[item.key])
        elif item.type == "edge" and op != "removed" and isinstance(item.mark, int):
            if item.attrs.get("line") != "invisible":
                edge_marks[item.mark] = op
        elif item.type == "node" and op == "removed":
            ghost = f"specmaid_removed_{len(ghost_ids)}"
            while ghost in model.ids.values():
                ghost += "_"
            ghost_ids[item.key] = ghost
            ghosts.append(f"    {ghost}[{quote_text(item.label)}]")
            marked["removed"].append(ghost)
    for change in diagram.changes:
        item = change.base
        if change.op != "removed" or item is None or item.type != "edge":
            continue
        ends = []
        for side in ("from", "to"):
            key = item.refs[side][0]
            head_key = diagram.keymap.get(key)
            ends.append(ids.get(head_key) if head_key is not None else ghost_ids.get(key))
        if None in ends:
            continue
        label = f"|{quote_text(item.label)}|" if item.label else ""
        ghost_edges.append(f"    {ends[0]} -.->{label} {ends[1]}")
    own: dict[str, str] = {}
    for entry_text in model.link_styles:
        where, _, props = entry_text.partition(" ")
        for index in where.split(","):
            own[index] = props
    lines = [*ghosts, *ghost_edges]
    for op in ("added", "changed", "removed"):
        if marked[op]:
            lines.append(f"    classDef {names[op]} {style_text(styles[op])}")
            lines.append(f"    class {','.join(marked[op])} {names[op]}")
    base_props = own.get("default")
    for index, op in sorted(edge_marks.items()):
        mine = own.get(str(index), base_props)
        props = style_text(styles[op], LINE_PROPERTIES)
        lines.append(f"    linkStyle {index} {mine + ',' if mine else ''}{props}")
    first_ghost_edge = len(model.edges)
    for n in range(len(ghost_edges)):
        props = style_text(styles["removed"], LINE_PROPERTIES)
        lines.append(f"    linkStyle {first_ghost_edge + n} {props}")
    return head.rendered.text.rstrip("\n") + "\n" + "\n".join(lines) + "\n"
