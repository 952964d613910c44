"""Architecture diagrams: services and junctions in groups, joined at their sides.

```yaml
diagram: architecture
groups:
  anthropic: {label: Anthropic, icon: cloud}
services:
  model: {label: Claude 3.7 Sonnet, icon: server, in: anthropic}
  classifier: {label: Classifier, icon: server, in: anthropic}
edges:
  - {from: model, from_side: R, to: classifier, to_side: L, arrow: to}
```
Icons: `cloud`, `database`, `disk`, `internet`, `server`, or `pack:name` from a registered
icon pack. Sides: `T`, `B`, `L`, `R`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text

ID_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
ICON: dict[str, Any] = {"type": "string", "pattern": r"^([a-z]+|[a-z0-9-]+:[a-z0-9-]+)$"}
SIDES = ("T", "B", "L", "R")
ITEM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {"label": TEXT, "icon": ICON, "in": {"type": "string"}},
}
PROPERTIES: dict[str, Any] = {
    "groups": {"type": "object", "propertyNames": {"pattern": ID_RE}, "additionalProperties": ITEM},
    "services": {
        "type": "object",
        "propertyNames": {"pattern": ID_RE},
        "additionalProperties": ITEM,
    },
    "junctions": {
        "type": "object",
        "propertyNames": {"pattern": ID_RE},
        "additionalProperties": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"in": {"type": "string"}},
                },
            ]
        },
    },
    "edges": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "from_side", "to", "to_side"],
            "properties": {
                "from": {"type": "string"},
                "from_side": {"enum": list(SIDES)},
                "to": {"type": "string"},
                "to_side": {"enum": list(SIDES)},
                "arrow": {"enum": ["none", "to", "from", "both"]},
                "label": TEXT,
            },
        },
    },
}


@dataclass
class ArchitectureModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> ArchitectureModel:
    spec = inp.spec
    model = ArchitectureModel()
    groups = spec.get("groups") or {}
    services = spec.get("services") or {}
    junctions = spec.get("junctions") or {}
    everything = {**groups, **services, **junctions}
    for kind, items in (("groups", groups), ("services", services), ("junctions", junctions)):
        for name in items:
            others = [
                k
                for k, v in (("groups", groups), ("services", services), ("junctions", junctions))
                if k != kind and name in v
            ]
            if others:
                report.error((kind, name), f"{name!r} is also used under {others[0]}", at_key=True)

    def parent(item: dict[str, Any] | None, path: tuple[Any, ...]) -> str:
        if not item or item.get("in") is None:
            return ""
        if item["in"] not in groups:
            report.error(
                (*path, "in"), f"unknown group {item['in']!r}." + did_you_mean(item["in"], groups)
            )
            return ""
        return f" in {item['in']}"

    def title(item: dict[str, Any], path: tuple[Any, ...]) -> str:
        if item.get("label") is None:
            return ""
        return (
            "["
            + raw_text(item["label"], (*path, "label"), report, "architecture", forbidden="[]")
            + "]"
        )

    for name, group in groups.items():
        path = ("groups", name)
        if group.get("in") == name:
            report.error((*path, "in"), "a group cannot be inside itself")
        model.lines.append(
            f"group {name}({group.get('icon', 'cloud')}){title(group, path)}{parent(group, path)}"
        )
    for name, service in services.items():
        path = ("services", name)
        model.lines.append(
            f"service {name}({service.get('icon', 'server')})"
            f"{title(service, path)}{parent(service, path)}"
        )
    for name, junction in junctions.items():
        model.lines.append(f"junction {name}{parent(junction, ('junctions', name))}")
    for i, edge in enumerate(spec.get("edges") or []):
        path = ("edges", i)
        missing = [k for k in ("from", "to") if edge[k] not in everything]
        for key in missing:
            report.error(
                (*path, key),
                f"unknown service, junction or group {edge[key]!r}."
                + did_you_mean(edge[key], everything),
            )
        if missing:
            continue
        arrow = edge.get("arrow", "none")
        left = "<" if arrow in ("from", "both") else ""
        right = ">" if arrow in ("to", "both") else ""
        a = edge["from"] + ("{group}" if edge["from"] in groups else "")
        b = edge["to"] + ("{group}" if edge["to"] in groups else "")
        label = ""
        if edge.get("label") is not None:
            label = (
                "["
                + raw_text(edge["label"], (*path, "label"), report, "architecture", forbidden="[]")
                + "]"
            )
        model.lines.append(f"{a}:{edge['from_side']} {left}-{label}-{right} {edge['to_side']}:{b}")
    return model


KIND = DiagramKind(
    name="architecture",
    description="An architecture diagram of services and groups (Mermaid `architecture-beta`)",
    properties=PROPERTIES,
    build=build,
    template="architecture.mmd.j2",
    mermaid_types=("architecture",),
)
