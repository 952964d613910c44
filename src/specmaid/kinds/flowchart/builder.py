"""The flowchart build: a spec → a :class:`~specmaid.kinds.flowchart.model.FlowchartModel`."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    BuildInput,
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    text,
)
from specmaid.kinds.flowchart.labels import (
    edge_label_text,
    edge_operator,
    label_and_kind,
    node_text,
)
from specmaid.kinds.flowchart.links import (
    click_statement,
    link_style_statements,
)
from specmaid.kinds.flowchart.model import (
    EdgeLine,
    FlowchartModel,
    NodeLine,
    SubgraphBlock,
    quote_label,
)
from specmaid.kinds.flowchart.schema import (
    MAX_EDGES,
)
from specmaid.pipeline.escape import mermaid_id, strict_id, style_list

_ID_TEXT_RE = re.compile(r"^\S(?:.*\S)?$")


def build(inp: BuildInput, report: Reporter) -> FlowchartModel:
    spec = inp.spec
    nodes_spec: dict[str, Any] = dict(spec.get("nodes") or {})
    subgraphs_spec: dict[str, Any] = dict(spec.get("subgraphs") or {})
    class_defs = {**inp.class_defs, **(spec.get("classes") or {})}
    auto_nodes = bool(spec.get("auto_nodes", False))

    ids: dict[str, str] = {}
    used_mids: dict[str, str] = {}

    def assign(user_id: str, path: tuple[Any, ...]) -> None:
        mid = mermaid_id(user_id)
        other = used_mids.get(mid)
        if other is not None and other != user_id:
            report.error(path, f"id {user_id!r} collides with {other!r} in Mermaid; rename one")
        used_mids[mid] = user_id
        ids[user_id] = mid

    for user_id in nodes_spec:
        if not _ID_TEXT_RE.match(user_id):
            report.error(("nodes", user_id), "a node id cannot be empty or start/end with a space")
        assign(user_id, ("nodes", user_id))

    # Subgraphs: collect ids (they share the namespace with nodes) and membership.
    membership: dict[str, tuple[Any, ...]] = {}

    def walk_ids(subs: dict[str, Any], path: tuple[Any, ...]) -> None:
        for sub_id, sub in subs.items():
            sub_path = (*path, sub_id)
            if sub_id in nodes_spec:
                report.error(
                    sub_path,
                    f"subgraph id {sub_id!r} is also a node id; Mermaid would merge them",
                    at_key=True,
                )
            elif sub_id in ids:
                report.error(sub_path, f"duplicate subgraph id {sub_id!r}", at_key=True)
            assign(sub_id, sub_path)
            for i, member in enumerate((sub or {}).get("nodes") or []):
                member = text(member)
                if member in membership:
                    report.error(
                        (*sub_path, "nodes", i),
                        f"node {member!r} is already in subgraph {membership[member][-3]!r};"
                        " a node belongs to one subgraph",
                    )
                else:
                    membership[member] = (*sub_path, "nodes", i)
            walk_ids((sub or {}).get("subgraphs") or {}, (*sub_path, "subgraphs"))

    walk_ids(subgraphs_spec, ("subgraphs",))

    # Edges may create nodes when the spec says so; otherwise unknown ids are errors.
    def resolve_ref(ref: str, where: tuple[Any, ...], index: int | None) -> str | None:
        known = ids.get(ref)
        if known is not None:
            return known
        path = where if index is None else (*where, index)  # (only made for the rare case)
        if auto_nodes:
            nodes_spec[ref] = None
            assign(ref, path)
            return ids[ref]
        report.error(
            path,
            f"unknown node {ref!r}; define it under `nodes:` (or set `auto_nodes: true`)."
            + did_you_mean(ref, ids),
        )
        return None

    edge_lines: list[EdgeLine] = []
    edge_data: list[tuple[str, str]] = []
    edge_ids: list[str | None] = []
    edge_meta: list[dict[str, Any]] = []  # per emitted edge: user id, from, to, spec
    user_edge_ids: dict[str, int] = {}
    for i, edge in enumerate(spec.get("edges") or []):
        path = ("edges", i)
        ends = []
        for side in ("from", "to"):
            refs, where = edge[side], (*path, side)
            if isinstance(refs, list):
                named = [text(r) for r in refs]
                ends.append([(resolve_ref(r, where, j), r) for j, r in enumerate(named)])
            else:
                ref = text(refs)
                ends.append([(resolve_ref(ref, where, None), ref)])
        froms, tos = ends
        operator = edge_operator(edge, path, report)
        label = label_and_kind(edge, path, report)
        if label is not None and edge.get("line") == "invisible":
            report.error(path, "an invisible edge cannot have a label")
        user_id = edge.get("id")
        pairs = [(f, t) for f in froms for t in tos]
        if user_id is not None:
            if len(pairs) > 1:
                report.error(
                    (*path, "id"), "an edge id names one edge; this entry fans out to several"
                )
            if user_id in user_edge_ids:
                report.error((*path, "id"), f"duplicate edge id {user_id!r}")
            if user_id in ids:
                report.error((*path, "id"), f"edge id {user_id!r} is also a node or subgraph id")
            user_edge_ids[user_id] = len(edge_meta)
        classes = [text(c) for c in as_list(edge.get("class"))]
        check_class_refs(classes, class_defs, (*path, "class"), report)
        if edge.get("style"):
            check_styles(edge["style"], (*path, "style"), report)
        needs_id = bool(
            user_id is not None or edge.get("animate") or edge.get("animation") or classes
        )
        comment = [text(edge["comment"])] if edge.get("comment") is not None else []
        for (start, start_user), (end, end_user) in pairs:
            if start is None or end is None:
                continue
            index = len(edge_meta)
            mid = None
            if needs_id:
                mid = strict_id(user_id) if user_id is not None else f"edge{index}"
            prefix = f"{mid}@" if mid else ""
            edge_lines.append(
                EdgeLine(start, end, prefix + operator + edge_label_text(label), comment)
            )
            comment = []
            edge_ids.append(mid)
            edge_meta.append({"id": user_id, "from": start_user, "to": end_user, "spec": edge})
            data = []
            if edge.get("animation"):
                data.append(f"animation: {edge['animation']}")
            elif edge.get("animate"):
                data.append("animate: true")
            if mid and data:
                edge_data.append((mid, ", ".join(data)))

    # Auto edge ids must not collide with anything the user named.
    taken = set(used_mids) | {strict_id(u) for u in user_edge_ids}
    for k, mid in enumerate(edge_ids):
        if mid is not None and mid.startswith("edge") and edge_meta[k]["id"] is None:
            new = mid
            while new in taken:
                new += "_"
            if new != mid:
                edge_ids[k] = new
                edge_lines[k].operator = edge_lines[k].operator.replace(f"{mid}@", f"{new}@", 1)
                edge_data[:] = [(new if m == mid else m, d) for m, d in edge_data]
            taken.add(new)

    # Node definitions, in spec order; members of subgraphs are written inside them.
    node_lines: dict[str, NodeLine] = {}
    styles: list[tuple[str, str]] = []
    class_members: dict[str, list[str]] = {}
    clicks: list[str] = []
    for user_id, node in nodes_spec.items():
        path = ("nodes", user_id)
        mid = ids[user_id]
        if node is None:
            node = {}
        elif not isinstance(node, dict):
            node = {"label": node}
        comment = [text(node["comment"])] if node.get("comment") is not None else []
        node_lines[user_id] = NodeLine(mid, node_text(user_id, mid, node, path, report), comment)
        node_classes = [text(c) for c in as_list(node.get("class"))]
        for name in node_classes:
            class_members.setdefault(name, []).append(mid)
        check_class_refs(node_classes, class_defs, (*path, "class"), report)
        if node.get("style"):
            check_styles(node["style"], (*path, "style"), report)
            styles.append((mid, style_list(node["style"])))
        click = click_statement(mid, node, path, report)
        if click:
            clicks.append(click)

    for member, sub_path in membership.items():
        if member not in nodes_spec:
            if member in ids:
                report.error(sub_path, f"{member!r} is a subgraph; nest it under `subgraphs:`")
            else:
                report.error(
                    sub_path,
                    f"unknown node {member!r} in subgraph; define it under `nodes:`."
                    + did_you_mean(member, nodes_spec),
                )

    def build_subgraphs(subs: dict[str, Any], path: tuple[Any, ...]) -> list[SubgraphBlock]:
        blocks = []
        for sub_id, sub in subs.items():
            sub = sub or {}
            sub_path = (*path, sub_id)
            mid = ids[sub_id]
            title_spec = {
                "label": sub.get("title"),
                "html": sub.get("html"),
                "markdown": sub.get("markdown"),
            }
            label = label_and_kind(title_spec, sub_path, report)
            if label is None and mid != sub_id:
                label = (sub_id, "text")
            title = f" [{quote_label(*label)}]" if label is not None else ""
            members = [node_lines[text(m)] for m in sub.get("nodes") or [] if text(m) in node_lines]
            for name in (text(c) for c in as_list(sub.get("class"))):
                class_members.setdefault(name, []).append(mid)
            check_class_refs(
                [text(c) for c in as_list(sub.get("class"))],
                class_defs,
                (*sub_path, "class"),
                report,
            )
            if sub.get("style"):
                check_styles(sub["style"], (*sub_path, "style"), report)
                styles.append((mid, style_list(sub["style"])))
            comment = [text(sub["comment"])] if sub.get("comment") is not None else []
            children = build_subgraphs(sub.get("subgraphs") or {}, (*sub_path, "subgraphs"))
            blocks.append(
                SubgraphBlock(mid, title, sub.get("direction"), members, children, comment)
            )
        return blocks

    subgraph_blocks = build_subgraphs(subgraphs_spec, ("subgraphs",))
    top_nodes = [line for uid, line in node_lines.items() if uid not in membership]

    # Edge classes (need edge ids), then link styles by computed index.
    for k, meta in enumerate(edge_meta):
        for name in (text(c) for c in as_list(meta["spec"].get("class"))):
            class_members.setdefault(name, []).append(edge_ids[k] or "")

    link_styles = link_style_statements(spec, edge_meta, user_edge_ids, report)
    if len(edge_meta) > MAX_EDGES:
        report.warning(
            ("edges",),
            f"the flowchart has {len(edge_meta)} edges; Mermaid's default maxEdges is {MAX_EDGES}"
            " and it draws an error instead (raise it in mermaid.initialize, or split the diagram)",
        )

    defs = class_def_lines(class_defs, spec.get("classes") or {}, class_members, report)
    return FlowchartModel(
        direction=spec.get("direction", "TB"),
        nodes=top_nodes,
        subgraphs=subgraph_blocks,
        edges=edge_lines,
        edge_data=edge_data,
        class_defs=defs,
        class_statements=[(",".join(members), name) for name, members in class_members.items()],
        styles=styles,
        link_styles=link_styles,
        clicks=clicks,
        ids=ids,
        edge_ids=edge_ids,
    )
