"""Swimlane: a flowchart whose top-level groups are lanes."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text
from specmaid.kinds.flowchart.diff import edges, node, subgraphs
from specmaid.kinds.flowchart.diff import highlight as flowchart_highlight


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "direction")
    membership: dict[str, str] = {}
    groups = Projection()
    for lane_id, value in (spec.get("lanes") or {}).items():
        data: dict[str, Any] = entry(value, "title")
        found = attrs(data, "title", "html", "markdown", "nodes", "subgraphs")
        if "class" in found:
            found["class"] = classes(found["class"])
        groups.add(
            "lane",
            lane_id,
            label_of(data, lane_id, ("title", "html", "markdown")),
            found,
            seq="lanes",
        )
        for member in data.get("nodes") or []:
            membership.setdefault(text(member), lane_id)
        subgraphs(groups, dict(data.get("subgraphs") or {}), lane_id, membership)
    nodes = dict(spec.get("nodes") or {})
    for user_id, value in nodes.items():
        node(p, user_id, value, membership.get(user_id))
    p.items += groups.items
    auto = edges(p, spec, set(nodes) | {i.key for i in groups.items if i.key})
    for user_id in sorted(auto):
        node(p, user_id, None, membership.get(user_id))
    class_defs(p, inp)
    return p


# A swimlane is drawn as a flowchart whose lanes are subgraphs: the same marks apply.
highlight = flowchart_highlight
