"""Import of architecture diagrams: Mermaid's architecture db → a spec (see
:mod:`specmaid.importing.dispatch`)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import Reporter, SpecError
from specmaid.importing.helpers import common, line_matching
from specmaid.mermaid.bridge import ParseResult

#: The icon a spec draws when it names none (Mermaid draws none then).
DEFAULT_ICONS = {"groups": "cloud", "services": "server"}


def _refused(label: str) -> str | None:
    """Why a spec's architecture label cannot hold this text (the kind's own check), if so:
    Mermaid draws these labels as Markdown, which would not show it as written."""
    from specmaid.kinds.architecture import _title

    report = Reporter()
    _title(label, (), report)
    return report.errors[0].message if report.errors else None


def import_architecture(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "architecture")
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, pattern: str) -> None:
        line = line_matching(text, pattern, first_line)
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    def declared(kind: str, item_id: str) -> str:
        return rf"^\s*{kind}\s+{re.escape(item_id)}\b"

    def label(entry: dict[str, Any], title: Any, what: str, pattern: str) -> None:
        if not title:
            return
        problem = _refused(str(title))
        if problem is None:
            entry["label"] = title
        else:
            warn(f"the label of {what} was left out: {problem}", pattern)

    groups: dict[str, Any] = {}
    for group in graph.get("groups") or []:
        entry: dict[str, Any] = {}
        label(entry, group.get("title"), f"group {group['id']!r}", declared("group", group["id"]))
        if group.get("icon"):
            entry["icon"] = group["icon"]
        else:
            warn(
                f"the group {group['id']!r} has no icon; a spec's group always draws one, so"
                f" it was given `{DEFAULT_ICONS['groups']}`",
                declared("group", group["id"]),
            )
        if group.get("in"):
            entry["in"] = group["in"]
        groups[str(group["id"])] = entry or None
    services: dict[str, Any] = {}
    junctions: dict[str, Any] = {}
    parents: dict[str, str | None] = {}
    for node in graph.get("nodes") or []:
        node_id = str(node["id"])
        parents[node_id] = node.get("in")
        entry = {}
        if node.get("type") == "junction":
            if node.get("in"):
                entry["in"] = node["in"]
            junctions[node_id] = entry or None
            continue
        label(entry, node.get("title"), f"service {node_id!r}", declared("service", node_id))
        if node.get("iconText") is not None:
            entry["icon_text"] = node["iconText"]
        elif node.get("icon"):
            entry["icon"] = node["icon"]
        else:
            warn(
                f"the service {node_id!r} has no icon; a spec's service always draws one, so"
                f" it was given `{DEFAULT_ICONS['services']}`",
                declared("service", node_id),
            )
        if node.get("in"):
            entry["in"] = node["in"]
        services[node_id] = entry or None
    if groups:
        spec["groups"] = groups
    if services:
        spec["services"] = services
    if junctions:
        spec["junctions"] = junctions

    edges = []
    for edge in graph.get("edges") or []:
        ends = []
        for side in ("lhs", "rhs"):
            end = str(edge[f"{side}Id"])
            if edge.get(f"{side}Group"):
                if parents.get(end):
                    end = str(parents[end])  # `id{group}`: the border of the group holding id
                else:
                    warn(
                        f"{end}{{group}}: {end!r} is in no group, so the edge is drawn from"
                        f" {end!r} itself (as Mermaid does)",
                        rf"{re.escape(end)}\{{group\}}",
                    )
            ends.append(end)
        item: dict[str, Any] = {
            "from": ends[0],
            "from_side": edge["lhsDir"],
            "to": ends[1],
            "to_side": edge["rhsDir"],
        }
        arrow = {(True, True): "both", (True, False): "from", (False, True): "to"}.get(
            (bool(edge.get("lhsInto")), bool(edge.get("rhsInto")))
        )
        if arrow:
            item["arrow"] = arrow
        edge_line = rf"^\s*{re.escape(ends[0])}\b.*\b{re.escape(str(edge['rhsId']))}\b"
        label(item, edge.get("title"), f"the edge {ends[0]} → {ends[1]}", edge_line)
        edges.append(item)
    if edges:
        spec["edges"] = edges
    align = [
        {str(hint["direction"]): [str(m) for m in hint.get("members") or []]}
        for hint in graph.get("layoutHints") or []
    ]
    if align:
        spec["align"] = align
    return spec, warnings
