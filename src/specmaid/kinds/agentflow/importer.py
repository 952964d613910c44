"""Import of agent flows: Mermaid 12's agentflow db → a spec (see importing/dispatch.py).

Only Mermaid 12 reads `agentflow-beta`, so `specmaid import` parses these with the
`mermaid-12` package (see :func:`specmaid.importing.dispatch.import_diagram`) and the spec gets
`target: '12'`. Nodes outside every flow come out at the top level: `global` only matters
where a flow's edges mention such a node, and Mermaid's model keeps no trace of it.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    animation_speed,
    common,
    css_styles,
    line_breaks,
    line_matching,
)
from specmaid.mermaid.bridge import ParseResult

#: Metadata keys a spec node says with its own keys; any other is reported and left out.
NODE_METADATA = {"shape", "label", "description", "instruction", "connectorRef"}


def import_agentflow(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "agentflow")
    spec["target"] = "12"
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def unsupported(what: str, item_id: str, *, metadata: bool = False) -> None:
        """Warns of what is left out, at the line of the item (of its `@{`, for metadata)."""
        where = rf"(?<![\w-]){re.escape(item_id)}(?![\w-])"
        line = line_matching(text, where + r"\s*@\{", first_line) if metadata else None
        warnings.append(
            SpecError(
                f"{what} has no spec form yet and is left out",
                file=name,
                line=line or line_matching(text, where, first_line),
                severity="warning",
            )
        )

    if graph.get("direction") not in (None, "TB", "TD"):
        spec["direction"] = graph["direction"]
    connectors: dict[str, Any] = {}
    for connector in graph.get("connectors") or []:
        metadata = dict(connector.get("metadata") or {})
        title = line_breaks(str(connector.get("title", connector["id"])))
        item: dict[str, Any] = {} if title == connector["id"] else {"title": title}
        if metadata.get("description") is not None:
            item["description"] = str(metadata.pop("description"))
        for key in metadata:
            unsupported(
                f"the metadata {key!r} of connector {connector['id']!r}",
                connector["id"],
                metadata=True,
            )
        connectors[connector["id"]] = (
            None if not item else item["title"] if list(item) == ["title"] else item
        )
    nodes: dict[str, Any] = {}
    for vertex in graph.get("vertices") or []:
        if vertex["id"] in connectors:
            continue
        node: dict[str, Any] = {}
        label = line_breaks(str(vertex.get("text", vertex["id"])))
        if label != vertex["id"]:
            node["label"] = label
        if vertex.get("labelType") == "markdown" and re.search(r"[*_`]", label):
            warnings.append(
                SpecError(
                    f"the Markdown label of node {vertex['id']!r} is drawn as written in a spec",
                    file=name,
                    line=line_matching(text, re.escape(vertex["id"]), first_line),
                    severity="warning",
                )
            )
        if vertex.get("kind") not in (None, "task", "connector"):
            node["kind"] = vertex["kind"]
        metadata = vertex.get("metadata") or {}
        for key in ("description", "instruction"):
            if metadata.get(key) is not None:
                node[key] = str(metadata[key])
        if metadata.get("connectorRef") is not None:
            node["connector"] = str(metadata["connectorRef"])
        for key in metadata:
            if key not in NODE_METADATA:
                unsupported(
                    f"the metadata {key!r} of node {vertex['id']!r}", vertex["id"], metadata=True
                )
        classes = [c for c in vertex.get("classes") or [] if c != "default"]
        if classes:
            node["class"] = classes[0] if len(classes) == 1 else classes
        if vertex.get("styles"):
            node["style"] = css_styles(vertex["styles"])
        if vertex.get("link"):
            unsupported(f"the click of node {vertex['id']!r}", vertex["id"])
        nodes[vertex["id"]] = (
            None if not node else node["label"] if list(node) == ["label"] else node
        )
    if nodes:
        spec["nodes"] = nodes
    if connectors:
        spec["connectors"] = connectors
    subgraphs = {s["id"]: s for s in graph.get("subgraphs") or []}
    nested = {member for s in subgraphs.values() for member in s.get("nodes") or []}

    def flow(flow_id: str) -> dict[str, Any]:
        sub = subgraphs[flow_id]
        item: dict[str, Any] = {}
        title = line_breaks(str(sub.get("title", flow_id)))
        if title != flow_id:
            item["title"] = title
        members = [m for m in sub.get("nodes") or [] if m in nodes]
        if members:
            item["nodes"] = members
        inner = {m: flow(m) for m in sub.get("nodes") or [] if m in subgraphs}
        if inner:
            item["flows"] = inner
        return item

    # Mermaid lists inner flows first; the spec writes them in the order they open.
    flows = {s: flow(s) for s in reversed(subgraphs) if s not in nested}
    if flows:
        spec["flows"] = flows
    edges = []
    for edge in graph.get("edges") or []:
        row: dict[str, Any] = {"from": edge["start"], "to": edge["end"]}
        if edge.get("semantic") in ("failure", "reference"):
            row["type"] = edge["semantic"]
        if edge.get("text"):
            row["label"] = line_breaks(edge["text"])
        speed = animation_speed(edge, "edge", text, name, first_line, warnings)
        if speed is not None:
            row["animation"] = speed
        if edge.get("style") or edge.get("classes"):
            unsupported(f"the style of edge {edge['start']} → {edge['end']}", edge["start"])
        edges.append(row)
    if edges:
        spec["edges"] = edges
    classes = {
        class_name: css_styles(value.get("styles") or [])
        for class_name, value in (graph.get("classDefs") or {}).items()
        if value.get("styles")
    }
    if classes:
        spec["classes"] = classes
    return spec, warnings
