"""Agent flow: nodes (with the flow each sits in), connectors, flows (with the flow around
each), edges and classDefs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction")
    inside: dict[str, str] = {text(member): "global" for member in spec.get("global") or []}

    def flows(items: Mapping[str, Any], parent: str | None) -> None:
        for flow_id, value in items.items():
            data = dict(value or {})
            for member in data.get("nodes") or []:
                inside.setdefault(text(member), flow_id)
            refs = {"in": parent} if parent else None
            p.add("flow", flow_id, label_of(data, flow_id, ("title",)), {}, refs)
            flows(data.get("flows") or {}, flow_id)

    flows(spec.get("flows") or {}, None)
    for connector_id, value in (spec.get("connectors") or {}).items():
        data = entry(value, "title")
        found = attrs(data, "title")
        p.add("connector", connector_id, label_of(data, connector_id, ("title",)), found)
    for node_id, value in (spec.get("nodes") or {}).items():
        data = entry(value)
        found = attrs(data, "label")
        if "class" in found:
            found["class"] = classes(found["class"])
        refs = {"in": inside[node_id]} if node_id in inside else None
        p.add("node", node_id, label_of(data, node_id), found, refs, mark=node_id)
    for edge in spec.get("edges") or []:
        ends = {"from": text(edge["from"]), "to": text(edge["to"])}
        p.add("edge", None, label_of(edge), attrs(edge, "label", "from", "to"), ends)
    class_defs(p, inp)
    return p
