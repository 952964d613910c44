"""Flowcharts: nodes, edges, subgraphs, classes, styles and links.

The spec speaks of things (a node with a label and a shape; an edge from A to B that is
dotted and animated); this module turns it into a :class:`FlowchartModel` whose fields are
ready-made Mermaid fragments, and ``templates/flowchart.mmd.j2`` lays them out.
Numeric ``linkStyle`` indexes are computed here, never written by users.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    CLASS_DEFS,
    CLASS_REFS,
    STYLES,
    TEXT,
    BuildInput,
    DiagramKind,
    FeatureUse,
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    entries,
    text,
)
from specmaid.kinds.flowchart_shapes import BPMN_SHAPES, BRACKETS, NEWER_SHAPES, SHAPE_NAMES
from specmaid.kinds.jison_text import guard_direction
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED, since
from specmaid.pipeline.escape import escape_shape_data as _escape_shape_data
from specmaid.pipeline.escape import mermaid_id, strict_id, style_list
from specmaid.pipeline.escape import quote_label as _quote_label

DIRECTIONS = ("TB", "TD", "BT", "RL", "LR")
LINES = ("solid", "dotted", "thick", "invisible")
HEADS = ("arrow", "none", "circle", "cross")
CURVES = (
    "basis",
    "bumpX",
    "bumpY",
    "cardinal",
    "catmullRom",
    "linear",
    "monotoneX",
    "monotoneY",
    "natural",
    "step",
    "stepAfter",
    "stepBefore",
    "rounded",
)
LINK_TARGETS = ("_self", "_blank", "_parent", "_top")
LABEL_KEYS = ("label", "html", "markdown")
#: Mermaid's default flowchart edge limit (a `secure` key: only mermaid.initialize changes it).
MAX_EDGES = 500

_ID_SCHEMA: dict[str, Any] = {"type": "string", "description": "a node or subgraph id"}
_ID_REFS: dict[str, Any] = {
    "oneOf": [TEXT, {"type": "array", "minItems": 1, "items": TEXT}],
    "description": "a node/subgraph id, or a list of them (fan-out)",
}

_LABELS: dict[str, Any] = {
    "label": {**TEXT, "description": "plain text, shown exactly as written"},
    "html": {**TEXT, "description": "HTML label: tags such as <br>, <b>, <a> pass through"},
    "markdown": {**TEXT, "description": "Markdown string label (**bold**, _italic_)"},
}

NODE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        **_LABELS,
        "shape": {"enum": sorted(SHAPE_NAMES)},
        "class": CLASS_REFS,
        "style": STYLES,
        "link": {"type": "string", "description": "URL opened on click"},
        "target": {"enum": list(LINK_TARGETS)},
        "tooltip": TEXT,
        "callback": {
            "type": "string",
            "pattern": r"^[A-Za-z_\$][A-Za-z0-9_\$]*$",
            "description": "a JavaScript function name",
        },
        "img": {"type": "string", "description": "image URL"},
        "icon": {"type": "string", "pattern": r"^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$"},
        "form": {"enum": ["square", "circle", "rounded"]},
        "pos": {"enum": ["t", "b"]},
        "w": {"type": "number", "minimum": 0},
        "h": {"type": "number", "minimum": 0},
        "constraint": {"enum": ["on", "off"]},
        "comment": TEXT,
        "tags": {
            "type": "array",
            "items": {"type": "string"},
            "description": "labels for selecting nodes in views; not drawn",
        },
    },
}

EDGE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["from", "to"],
    "properties": {
        "from": _ID_REFS,
        "to": _ID_REFS,
        **_LABELS,
        "id": {"type": "string", "description": "edge id, for styles, classes and animation"},
        "line": {"enum": list(LINES)},
        "head": {"enum": list(HEADS)},
        "tail": {"enum": list(HEADS)},
        "length": {"type": "integer", "minimum": 1, "maximum": 10},
        "animate": {"type": "boolean"},
        "animation": {"enum": ["fast", "slow"]},
        "curve": {"enum": list(CURVES)},
        "class": CLASS_REFS,
        "style": STYLES,
        "comment": TEXT,
    },
}

_EDGE_REF: dict[str, Any] = {
    "oneOf": [
        {"type": "string", "description": "an edge id"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {"from": TEXT, "to": TEXT},
        },
    ]
}

SUBGRAPH: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": TEXT,
        "html": TEXT,
        "markdown": TEXT,
        "direction": {"enum": list(DIRECTIONS)},
        "nodes": {"type": "array", "items": TEXT},
        "subgraphs": {"type": "object", "additionalProperties": {"$ref": "#/$defs/subgraph"}},
        "class": CLASS_REFS,
        "style": STYLES,
        "comment": TEXT,
    },
}

PROPERTIES: dict[str, Any] = {
    "direction": {"enum": list(DIRECTIONS)},
    "nodes": {
        "type": "object",
        "additionalProperties": {"oneOf": [TEXT, {"type": "null"}, NODE]},
    },
    "edges": {"type": "array", "items": EDGE},
    "subgraphs": {"type": "object", "additionalProperties": {"$ref": "#/$defs/subgraph"}},
    "classes": CLASS_DEFS,
    "edge_styles": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["edges"],
            "properties": {
                "edges": {
                    "anyOf": [
                        {"const": "default"},
                        _EDGE_REF,
                        {"type": "array", "items": _EDGE_REF},
                    ]
                },
                "style": STYLES,
                "curve": {"enum": list(CURVES)},
            },
        },
    },
    "view": {
        "type": "object",
        "additionalProperties": False,
        "required": ["model"],
        "description": "draw a selection of a shared model file",
        "properties": {
            "model": {"type": "string", "description": "the model file, relative to this spec"},
            "tags": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
            "subgraph": {"type": "string"},
            "around": {
                "type": "object",
                "additionalProperties": False,
                "required": ["node"],
                "properties": {"node": TEXT, "depth": {"type": "integer", "minimum": 0}},
            },
        },
    },
    "auto_nodes": {
        "type": "boolean",
        "description": "create nodes that edges mention but `nodes:` does not define",
    },
}


# Found with Mermaid 11.17.2: the flowchart lexer reads any line containing "direction" and
# TB/TD/BT/RL/LR as a direction statement, inside quoted labels too (the node vanished). The
# `d` is written as an entity there, which Mermaid decodes when it draws the label.
def quote_label(text: str, kind: str = "text") -> str:
    return guard_direction(_quote_label(text, kind))


def escape_shape_data(text: str, kind: str = "text") -> str:
    return guard_direction(_escape_shape_data(text, kind))


# ------------------------------------------------------------------------- model


@dataclass
class NodeLine:
    mid: str
    shape_text: str  # everything after the id: ["label"], @{ … } or empty
    comment: list[str] = field(default_factory=list)


@dataclass
class SubgraphBlock:
    mid: str
    title: str  # [" … "] or empty
    direction: str | None
    nodes: list[NodeLine]
    children: list[SubgraphBlock]
    comment: list[str] = field(default_factory=list)


@dataclass
class EdgeLine:
    start: str
    end: str
    operator: str  # e.g. 'e1@-->|"label"|'
    comment: list[str] = field(default_factory=list)


@dataclass
class FlowchartModel:
    direction: str
    nodes: list[NodeLine]
    subgraphs: list[SubgraphBlock]
    edges: list[EdgeLine]
    edge_data: list[tuple[str, str]]  # (edge mid, "animate: true, curve: linear")
    class_defs: list[tuple[str, str]]  # (name, styles)
    class_statements: list[tuple[str, str]]  # ("A,B", class name)
    styles: list[tuple[str, str]]  # (mid, styles)
    link_styles: list[str]  # the text after `linkStyle `
    clicks: list[str]  # the text after `click `
    ids: dict[str, str]  # user id → Mermaid id (nodes and subgraphs)
    edge_ids: list[str | None]  # per emitted edge, its Mermaid id (for tests and tools)


# ------------------------------------------------------------------------- build


def _label(spec: dict[str, Any], path: tuple[Any, ...], report: Reporter) -> tuple[str, str] | None:
    """(text, kind) of the one label key present, or None."""
    label = spec.get("label")
    if label is not None and "html" not in spec and "markdown" not in spec:
        return text(label), "text"  # (the common case, without the checks below)
    present = [k for k in LABEL_KEYS if k in spec and spec[k] is not None]
    if len(present) > 1:
        report.error(
            (*path, present[1]),
            f"give one of {', '.join(LABEL_KEYS)}, not both {present[0]!r} and {present[1]!r}",
        )
    if not present:
        return None
    kind = present[0]
    value = text(spec[kind])
    if kind == "markdown" and ("`" in value or '"' in value):
        report.error(
            (*path, kind),
            'a Markdown label cannot contain ` or " (Mermaid has no escape for them there);'
            " use `label:` or `html:` instead",
        )
    if kind == "html" and "<" in value:
        from specmaid.pipeline.sanitizer import sanitiser_warning

        warning = sanitiser_warning(value)
        if warning:
            report.warning((*path, kind), warning)
    return value, "text" if kind == "label" else kind


def _operator(edge: dict[str, Any], path: tuple[Any, ...], report: Reporter) -> str:
    line = edge.get("line", "solid")
    head = edge.get("head", "none" if line == "invisible" else "arrow")
    tail = edge.get("tail", "none")
    length = int(edge.get("length", 1))
    marks = {"arrow": ">", "circle": "o", "cross": "x", "none": ""}
    if line == "invisible":
        if head != "none" or tail != "none":
            report.error(path, "an invisible edge has no arrow heads; drop `head`/`tail`")
        return "~" * (length + 2)
    if tail != "none" and tail != head:
        report.error(
            (*path, "tail"),
            f"Mermaid draws two-ended edges only with the same mark at both ends;"
            f" found head {head!r} and tail {tail!r}",
        )
    start = {"arrow": "<", "circle": "o", "cross": "x", "none": ""}[tail]
    end = marks[head]
    if line == "dotted":
        body = "-" + "." * length + "-"
    elif line == "thick":
        body = "=" * (length + 1) + ("" if end else "=")
        return start + body + end
    else:
        body = "-" * (length + 1) + ("" if end else "-")
        return start + body + end
    return start + body + end


def _edge_label_text(label: tuple[str, str] | None) -> str:
    if label is None:
        return ""
    return f"|{quote_label(*label)}|"


def _node_text(
    user_id: str, mid: str, node: dict[str, Any], path: tuple[Any, ...], report: Reporter
) -> str:
    label = _label(node, path, report)
    if label is None and mid != user_id:
        label = (user_id, "text")  # a renamed id still shows the user's id
    shape = SHAPE_NAMES.get(node["shape"]) if node.get("shape") else None
    if node.keys() & _MEDIA_KEYS:
        media = _media_node_text(node, label, shape, path, report)
        if media is not None:
            return media
    if shape is None or shape in BRACKETS:
        opening, closing = BRACKETS[shape or "rect"]
        if label is None and shape is None:
            return ""
        shown = label if label is not None else (user_id, "text")
        return f"{opening}{quote_label(*shown)}{closing}"
    # A v11 shape: the label goes in brackets (same escaping as every other label).
    shown = label if label is not None else (user_id, "text")
    if shown[1] == "markdown":
        return f"@{{ shape: {shape}, label: {escape_shape_data(shown[0], 'markdown')} }}"
    return f"[{quote_label(*shown)}]@{{ shape: {shape} }}"


#: Keys only image and icon nodes use (a node with none of them skips those checks).
_MEDIA_KEYS = frozenset(("img", "icon", "form", "pos", "w", "h", "constraint"))


def _media_node_text(
    node: dict[str, Any],
    label: tuple[str, str] | None,
    shape: str | None,
    path: tuple[Any, ...],
    report: Reporter,
) -> str | None:
    """The ``@{ img: … }`` text of an image or icon node; None (after reporting any of
    their keys given) for other nodes."""
    data: list[str] = []
    media = node.get("img") is not None or node.get("icon") is not None
    if node.get("img") is not None and node.get("icon") is not None:
        report.error((*path, "icon"), "a node is an image or an icon, not both")
    if media:
        if shape is not None:
            report.error((*path, "shape"), "image and icon nodes have no shape; drop `shape`")
        key = "img" if node.get("img") is not None else "icon"
        data.append(f"{key}: {escape_shape_data(text(node[key]))}")
        if label is not None:
            data.append(f"label: {escape_shape_data(label[0], label[1])}")
            if label[1] == "text":
                data.append('labelType: "string"')
        for prop in ("form", "pos", "w", "h", "constraint"):
            if node.get(prop) is not None:
                value = node[prop]
                rendered = (
                    str(value) if isinstance(value, int | float) else escape_shape_data(text(value))
                )
                if isinstance(value, float) and value.is_integer():
                    rendered = str(int(value))
                data.append(f"{prop}: {rendered}")
        return "@{ " + ", ".join(data) + " }"
    for prop in ("form", "pos", "w", "h", "constraint"):
        if node.get(prop) is not None:
            report.error((*path, prop), f"`{prop}` applies only to image (`img`) and icon nodes")
    return None


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
        operator = _operator(edge, path, report)
        label = _label(edge, path, report)
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
                EdgeLine(start, end, prefix + operator + _edge_label_text(label), comment)
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
        node_lines[user_id] = NodeLine(mid, _node_text(user_id, mid, node, path, report), comment)
        node_classes = [text(c) for c in as_list(node.get("class"))]
        for name in node_classes:
            class_members.setdefault(name, []).append(mid)
        check_class_refs(node_classes, class_defs, (*path, "class"), report)
        if node.get("style"):
            check_styles(node["style"], (*path, "style"), report)
            styles.append((mid, style_list(node["style"])))
        click = _click(mid, node, path, report)
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
            label = _label(title_spec, sub_path, report)
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

    link_styles = _link_styles(spec, edge_meta, user_edge_ids, report)
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


def _click(mid: str, node: dict[str, Any], path: tuple[Any, ...], report: Reporter) -> str | None:
    if not node.keys() & _CLICK_KEYS:
        return None
    link, callback, tooltip = node.get("link"), node.get("callback"), node.get("tooltip")
    target = node.get("target")
    if link is not None and callback is not None:
        report.error((*path, "callback"), "a node has a `link` or a `callback`, not both")
        return None
    if target is not None and link is None:
        report.error((*path, "target"), "`target` needs a `link`")
    tip = f" {quote_label(text(tooltip))}" if tooltip is not None else ""
    if link is not None:
        url = _safe_url(text(link), (*path, "link"), report)
        return f'{mid} href "{url}"{tip}' + (f" {target}" if target else "")
    if callback is not None:
        return f"{mid} call {callback}(){tip}"
    if tooltip is not None:
        report.error((*path, "tooltip"), "a tooltip needs a `link` or a `callback` to attach to")
    return None


_CLICK_KEYS = frozenset(("link", "callback", "tooltip", "target"))
_URL_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_UNSAFE = frozenset(' "<>;%\\`{}|^')


def _safe_url(url: str, path: tuple[Any, ...], report: Reporter) -> str:
    scheme = _URL_SCHEME_RE.match(url)
    if scheme and scheme.group(1).lower() not in ("http", "https", "mailto", "ftp", "tel"):
        report.error(path, f"URL scheme {scheme.group(1)!r} is not allowed; use http(s) or mailto")
    # Quotes, spaces and the characters Mermaid's preprocessing reads are percent-encoded;
    # the URL means the same.
    out = []
    for index, ch in enumerate(url):
        keep_percent = ch == "%" and _is_pct_escape(url, index)
        if (ch in _URL_UNSAFE and not keep_percent) or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"%{ord(ch):02X}")
        else:
            out.append(ch)
    return "".join(out)


def _is_pct_escape(url: str, index: int) -> bool:
    return bool(re.match(r"%[0-9A-Fa-f]{2}", url[index : index + 3]))


def _link_styles(
    spec: dict[str, Any],
    edge_meta: list[dict[str, Any]],
    user_edge_ids: dict[str, int],
    report: Reporter,
) -> list[str]:
    """``linkStyle`` statements with indexes computed from the emitted edge order."""
    if not spec.get("edge_styles"):
        for meta in edge_meta:
            if meta["spec"].get("style") or meta["spec"].get("curve"):
                break
        else:
            return []  # (most flowcharts: nothing to work out)
    per_edge: list[tuple[dict[str, Any], str | None]] = [({}, None) for _ in edge_meta]
    default_style: dict[str, Any] = {}
    default_curve: str | None = None

    def indexes_for(ref: Any, path: tuple[Any, ...]) -> list[int]:
        if isinstance(ref, dict):
            found = [
                k
                for k, meta in enumerate(edge_meta)
                if meta["from"] == text(ref["from"]) and meta["to"] == text(ref["to"])
            ]
            if not found:
                report.error(path, f"no edge from {text(ref['from'])!r} to {text(ref['to'])!r}")
            return found
        ref = text(ref)
        if ref not in user_edge_ids:
            report.error(path, f"unknown edge id {ref!r}." + did_you_mean(ref, user_edge_ids))
            return []
        return [user_edge_ids[ref]]

    for i, entry in enumerate(spec.get("edge_styles") or []):
        path = ("edge_styles", i)
        style = entry.get("style") or {}
        check_styles(style, (*path, "style"), report)
        if entry["edges"] == "default":
            default_style.update(style)
            default_curve = entry.get("curve", default_curve)
            continue
        refs = entry["edges"] if isinstance(entry["edges"], list) else [entry["edges"]]
        for j, ref in enumerate(refs):
            ref_path = (*path, "edges", j) if isinstance(entry["edges"], list) else (*path, "edges")
            for k in indexes_for(ref, ref_path):
                merged, curve = per_edge[k]
                per_edge[k] = ({**merged, **style}, entry.get("curve", curve))

    for k, meta in enumerate(edge_meta):
        own = meta["spec"]
        merged, curve = per_edge[k]
        if own.get("style"):
            merged = {**merged, **own["style"]}
        if own.get("curve"):
            curve = own["curve"]
        per_edge[k] = (merged, curve)

    out: list[str] = []
    if default_style or default_curve:
        out.append(_link_style_text("default", default_curve, default_style))
    groups: dict[tuple[str | None, str], list[int]] = {}
    for k, (style, curve) in enumerate(per_edge):
        if style or curve:
            groups.setdefault((curve, style_list(style)), []).append(k)
    for (curve, styles_text), indexes in groups.items():
        out.append(_link_style_text(",".join(map(str, indexes)), curve, None, styles_text))
    return out


def _link_style_text(
    which: str, curve: str | None, style: dict[str, Any] | None, styles_text: str | None = None
) -> str:
    parts = [which]
    if curve:
        parts.append(f"interpolate {curve}")
    body = styles_text if styles_text is not None else style_list(style or {})
    if body:
        parts.append(body)
    return " ".join(parts)


SHAPE_WITHOUT_BRACKETS = since("flowchart", "shape without a bracket form (@{ shape })", "11.3")
IMAGE_AND_ICON = since("flowchart", "image and icon nodes (@{ img }, @{ icon })", "11.3")
NEWER_SHAPES_FEATURE = since(
    "flowchart",
    "shapes datastore, folder, bucket, console, browser, person",
    "11.17",
    "added after 11.14; checked on 11.17.2",
)
BPMN_SHAPES_FEATURE = since(
    "flowchart",
    "BPMN shapes (bpmn-start, bpmn-gateway, bpmn-activity, …)",
    "12.3",
    "absent from 12.2.0; checked on 12.3.0",
)
EDGE_IDS = since("flowchart", "edge ids, animate, animation", "11.6", "fails on 11.4.1")
EDGE_CURVE = since("flowchart", "per-edge curve", "11.10")


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    """The versioned flowchart features a spec (a flowchart or a swimlane) asks for."""

    def nodes(container: Mapping[str, Any], path: tuple[Any, ...]) -> Iterator[FeatureUse]:
        for node_id, node in entries(container.get("nodes")):
            if not isinstance(node, Mapping):
                continue
            shape = node.get("shape")
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) in NEWER_SHAPES:
                yield NEWER_SHAPES_FEATURE, (*path, "nodes", node_id, "shape")
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) in BPMN_SHAPES:
                yield BPMN_SHAPES_FEATURE, (*path, "nodes", node_id, "shape")
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) not in BRACKETS:
                yield SHAPE_WITHOUT_BRACKETS, (*path, "nodes", node_id, "shape")
            for key in ("img", "icon"):
                if node.get(key) is not None:
                    yield IMAGE_AND_ICON, (*path, "nodes", node_id, key)
        for sub_id, sub in entries(container.get("subgraphs")):
            if isinstance(sub, Mapping):
                yield from nodes(sub, (*path, "subgraphs", sub_id))

    yield from nodes(spec, ())
    for index, edge in entries(spec.get("edges")):
        if not isinstance(edge, Mapping):
            continue
        for key in ("id", "animate", "animation"):
            if edge.get(key) not in (None, False):
                yield EDGE_IDS, ("edges", index, key)
        if edge.get("curve") is not None:
            yield EDGE_CURVE, ("edges", index, "curve")


KIND = DiagramKind(
    name="flowchart",
    description="A flowchart: nodes, edges and subgraphs (Mermaid `flowchart`)",
    properties=PROPERTIES,
    defs={"subgraph": SUBGRAPH},
    build=build,
    template="flowchart.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    uses_class_defs=True,
    mermaid_types=("flowchart-v2", "flowchart", "flowchart-elk"),
    importer="specmaid.kinds.flowchart.importer:import_flowchart",
    features=(
        SHAPE_WITHOUT_BRACKETS,
        IMAGE_AND_ICON,
        NEWER_SHAPES_FEATURE,
        BPMN_SHAPES_FEATURE,
        EDGE_IDS,
        EDGE_CURVE,
    ),
    detect_features=detect_features,
)
