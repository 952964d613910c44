"""Flowchart views: a ``view:`` selects nodes and edges out of a shared model file.

The resolve stage finds, reads and parses the model file (a view is read like an include:
the same path rules, the same located errors) and calls :func:`select_view` through
``DiagramKind.select_view``; what a selection means is flowchart's own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from specmaid.errors import Reporter, did_you_mean


def select_view(
    view: Mapping[str, Any], model: Mapping[str, Any], shown: str, report: Reporter
) -> dict[str, Any]:
    """The part of ``model`` (the file ``shown``) that ``view`` selects.

    ``view: {model: path, tags: [...], subgraph: id, around: {node: id, depth: n}}``: the
    selections combine (a node must pass all given); edges between kept nodes are kept, and
    subgraphs keep only kept nodes (empty ones disappear). A subgraph or node the model lacks
    is reported at its key under ``view``.
    """
    nodes: dict[str, Any] = dict(model.get("nodes") or {})
    edges: list[Any] = list(model.get("edges") or [])
    subgraphs: dict[str, Any] = dict(model.get("subgraphs") or {})

    def ends(edge: Any, key: str) -> list[str]:
        value = edge.get(key) if isinstance(edge, dict) else None
        return (
            [str(v) for v in (value if isinstance(value, list) else [value])]
            if value is not None
            else []
        )

    keep = set(nodes)
    tags = view.get("tags")
    if tags:
        wanted = {str(t) for t in (tags if isinstance(tags, list) else [tags])}
        keep &= {
            n
            for n, spec_node in nodes.items()
            if isinstance(spec_node, dict)
            and wanted & {str(t) for t in spec_node.get("tags") or []}
        }
    sub_id = view.get("subgraph")
    if sub_id is not None:
        found = _find_subgraph(subgraphs, str(sub_id))
        if found is None:
            report.error(
                ("view", "subgraph"),
                f"no subgraph {sub_id!r} in {shown}."
                + did_you_mean(str(sub_id), _all_subgraph_ids(subgraphs)),
            )
        else:
            keep &= _members(found)
    around = view.get("around")
    if isinstance(around, dict) and around.get("node") is not None:
        centre = str(around["node"])
        depth = int(around.get("depth", 1))
        if centre not in nodes:
            report.error(
                ("view", "around", "node"),
                f"no node {centre!r} in {shown}." + did_you_mean(centre, nodes),
            )
        else:
            near = {centre}
            frontier = {centre}
            for _ in range(depth):
                nxt = set()
                for edge in edges:
                    a, b = ends(edge, "from"), ends(edge, "to")
                    if frontier & set(a):
                        nxt |= set(b)
                    if frontier & set(b):
                        nxt |= set(a)
                frontier = nxt - near
                near |= nxt
            keep &= near
    kept_edges = []
    for edge in edges:
        a = [n for n in ends(edge, "from") if n in keep]
        b = [n for n in ends(edge, "to") if n in keep]
        if a and b:
            trimmed = dict(edge)
            trimmed["from"] = a if isinstance(edge.get("from"), list) else a[0]
            trimmed["to"] = b if isinstance(edge.get("to"), list) else b[0]
            kept_edges.append(trimmed)
    selected = {
        "nodes": {n: v for n, v in nodes.items() if n in keep},
        "edges": kept_edges,
        "subgraphs": _prune_subgraphs(subgraphs, keep),
    }
    if model.get("classes"):
        selected["classes"] = model["classes"]
    return {k: v for k, v in selected.items() if v}


def _find_subgraph(subs: Mapping[str, Any], wanted: str) -> Mapping[str, Any] | None:
    for sub_id, sub in subs.items():
        sub = sub or {}
        if sub_id == wanted:
            return sub
        found = _find_subgraph(sub.get("subgraphs") or {}, wanted)
        if found is not None:
            return found
    return None


def _all_subgraph_ids(subs: Mapping[str, Any]) -> list[str]:
    out = []
    for sub_id, sub in subs.items():
        out.append(sub_id)
        out.extend(_all_subgraph_ids((sub or {}).get("subgraphs") or {}))
    return out


def _members(sub: Mapping[str, Any]) -> set[str]:
    found = {str(n) for n in sub.get("nodes") or []}
    for child in (sub.get("subgraphs") or {}).values():
        found |= _members(child or {})
    return found


def _prune_subgraphs(subs: Mapping[str, Any], keep: set[str]) -> dict[str, Any]:
    out = {}
    for sub_id, sub in subs.items():
        sub = dict(sub or {})
        sub["nodes"] = [n for n in sub.get("nodes") or [] if str(n) in keep]
        children = _prune_subgraphs(sub.get("subgraphs") or {}, keep)
        if children:
            sub["subgraphs"] = children
        else:
            sub.pop("subgraphs", None)
        if sub["nodes"] or children:
            out[sub_id] = sub
    return out
