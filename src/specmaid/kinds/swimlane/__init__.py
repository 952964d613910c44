"""Swimlane diagrams: a flowchart whose top-level groups are lanes.

Everything a flowchart spec says about nodes, edges, classes and styles works here (see
`diagram: flowchart`); instead of `subgraphs`, `lanes` maps a lane id to its title and the
nodes in it, in the order the lanes are drawn. A lane may hold groups of its own
(`subgraphs`, as in a flowchart). Nodes that no lane lists go to an untitled lane of their own.

```yaml
diagram: swimlane
direction: LR
lanes:
  user: {title: User, nodes: [ask]}
  model: {title: Claude, nodes: [think, answer]}
nodes:
  ask: Asks a question
  think: Extended thinking
  answer: Final answer
edges:
  - {from: ask, to: think}
  - {from: think, to: answer}
```

Mermaid reads it with its flowchart grammar (header `swimlane-beta`, 11.15+) and lays it out
with its swimlane layout, so the flowchart kind's checks and escaping apply unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds import flowchart
from specmaid.kinds.base import BuildInput, DiagramKind

#: A lane is a flowchart subgraph without its own direction (the swimlane layout sets it).
LANE: dict[str, Any] = {
    **flowchart.SUBGRAPH,
    "properties": {k: v for k, v in flowchart.SUBGRAPH["properties"].items() if k != "direction"},
}
PROPERTIES: dict[str, Any] = {
    key: value
    for key, value in flowchart.PROPERTIES.items()
    if key not in ("subgraphs", "view")  # lanes replace subgraphs; views are flowchart's own
}
PROPERTIES["lanes"] = {
    "type": "object",
    "description": "lane id → title and nodes, in drawing order",
    "additionalProperties": LANE,
}


class _LaneReporter(Reporter):
    """Passes the flowchart builder's findings on, spoken in lanes: its `subgraphs` are this
    spec's `lanes` (nested subgraphs inside a lane keep their name)."""

    def __init__(self, outer: Reporter) -> None:
        super().__init__()
        self.outer = outer

    @staticmethod
    def _lane(path: Sequence[str | int], message: str) -> tuple[tuple[str | int, ...], str]:
        if not path or path[0] != "subgraphs":
            return tuple(path), message
        if "subgraphs" not in path[1:]:
            message = message.replace("subgraphs:", "lanes:").replace("subgraph", "lane")
        return ("lanes", *path[1:]), message

    def error(self, path: Sequence[str | int], message: str, *, at_key: bool = False) -> None:
        self.outer.error(*self._lane(path, message), at_key=at_key)

    def warning(self, path: Sequence[str | int], message: str) -> None:
        self.outer.warning(*self._lane(path, message))


def build(inp: BuildInput, report: Reporter) -> flowchart.FlowchartModel:
    spec = dict(inp.spec)
    spec["subgraphs"] = spec.pop("lanes", None) or {}
    flow_input = BuildInput(spec, inp.class_defs, inp.source_name, inp.config)
    return flowchart.build(flow_input, _LaneReporter(report))


KIND = DiagramKind(
    name="swimlane",
    description="A swimlane diagram: a flowchart in lanes (Mermaid `swimlane-beta`, 11.15+)",
    properties=PROPERTIES,
    defs={"subgraph": flowchart.SUBGRAPH},
    build=build,
    template="swimlane.mmd.j2",
    since="11.15",
    uses_class_defs=True,
    mermaid_types=("swimlane",),
    importer="specmaid.kinds.swimlane.importer:import_swimlane",
    # Drawn as a flowchart: its nodes and edges ask for flowchart's features.
    detect_features=flowchart.detect_features,
)
