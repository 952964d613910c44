"""Agent flows: the steps an AI agent takes, the tools it calls and the flows they belong to.

```yaml
diagram: agentflow
target: '12'
direction: LR
nodes:
  ask: {label: User question, kind: input}
  search: {label: Web search, kind: tool, connector: web}
  enough: {label: Enough to answer?, kind: decision}
  answer: Write the answer
connectors:
  web: Search API
flows:
  research: {title: Research, nodes: [search, enough]}
edges:
  - {from: ask, to: search}
  - {from: search, to: enough}
  - {from: enough, to: answer, label: yes}
  - {from: search, to: web, type: reference}
```
Mermaid 12 only (`agentflow-beta`): a spec of this kind needs `target: '12'` or newer. Node
kinds: `task` (the default), `tool`, `input`, `decision`, `action` and `refdoc`; a node may
carry a `description`, an `instruction` and the `connector` it uses. Edges are `sequence`
(the default, `-->`), `failure` (`--x`) or `reference` (`-.-`, no label). Flows nest
(`flows:` inside a flow); `global` lists nodes that belong to no flow. Nodes take theme
classes (`class:`) and inline `style:`; an edge may be animated (`animation: fast` or `slow`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
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
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    text,
)
from specmaid.kinds.flowchart import escape_shape_data, quote_label
from specmaid.kinds.jison_text import guard_direction
from specmaid.pipeline.escape import escape_text, kind_safe_id, mermaid_id, style_list

#: Node kinds and the shape name Mermaid's agentflow gives each (its semantic kinds).
NODE_KINDS = ("task", "tool", "input", "decision", "action", "refdoc")
#: Edge types → the operator without and with a label.
EDGE_TYPES: dict[str, tuple[str, str]] = {
    "sequence": ("-->", "-->|{label}|"),
    "failure": ("--x", "--x|{label}|"),
    "reference": ("-.-", ""),
}
#: Statement words of agentflow's lexer beyond flowchart's (escape.RESERVED_IDS).
AGENTFLOW_KEYWORDS = frozenset({"flow", "global", "connector"})
NODE: dict[str, Any] = {
    "oneOf": [
        {"type": "null"},
        TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": TEXT,
                "kind": {"enum": list(NODE_KINDS)},
                "description": TEXT,
                "instruction": {**TEXT, "description": "what the agent is told at this step"},
                "connector": {"type": "string", "description": "the id of a connector it uses"},
                "class": CLASS_REFS,
                "style": STYLES,
            },
        },
    ]
}
CONNECTOR: dict[str, Any] = {
    "oneOf": [
        {"type": "null"},
        TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {"title": TEXT, "description": TEXT},
        },
    ]
}
ID_LIST: dict[str, Any] = {"type": "array", "items": {"type": "string"}}
FLOW: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "title": TEXT,
        "nodes": ID_LIST,
        "flows": {"type": "object", "additionalProperties": {"$ref": "#/$defs/flow"}},
    },
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"], "description": "Mermaid's default: TB"},
    "nodes": {
        "type": "object",
        "description": "node id → label, or its settings",
        "additionalProperties": NODE,
    },
    "connectors": {
        "type": "object",
        "description": "connector id → title, or its settings",
        "additionalProperties": CONNECTOR,
    },
    "flows": {
        "type": "object",
        "description": "flow id → title, its nodes and the flows inside it",
        "additionalProperties": {"$ref": "#/$defs/flow"},
    },
    "global": {**ID_LIST, "description": "nodes that belong to no flow"},
    "edges": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {
                "from": {"type": "string"},
                "to": {"type": "string"},
                "type": {"enum": list(EDGE_TYPES)},
                "label": TEXT,
                "animation": {"enum": ["fast", "slow"]},
            },
        },
    },
    "classes": CLASS_DEFS,
}


@dataclass
class AgentflowModel:
    direction: str | None
    #: The accTitle text: agentflow's lexer, unlike flowchart's, reads a "direction LR" in it
    #: as a direction statement (the title is lost), so it is guarded like a label.
    acc_title: str = ""
    lines: list[str] = field(default_factory=list)


#: What agentflow's lexer reads in a style value, checked character by character with Mermaid
#: 12.3 (flowchart's lexer reads more: `&`, `*`, `,`, `<`, `>`, `@`, `^`, `~`, non-ASCII
#: letters or a lone `v` stop agentflow's).
STYLE_VALUE_RE = re.compile(r"^[A-Za-z0-9#._%/ -]*$")


#: Words agentflow's lexer reads as statement words where a class name stands (checked with
#: Mermaid 12.3).
CLASS_NAME_KEYWORDS = frozenset(
    {"call", "class", "classDef", "click", "connector", "end", "flow", "global", "href"}
    | {"interpolate", "linkStyle", "style"}
)
#: Words agentflow's lexer reads as statement words (or an arrow head) even inside a style
#: value (checked with Mermaid 12.3: `fill:end` is a parse error; `style` or `TB` are fine).
STYLE_VALUE_KEYWORDS = frozenset(
    {"end", "flow", "global", "connector", "class", "classDef", "click", "default"}
    | {"linkStyle", "interpolate", "call", "href", "v"}
)


def refuse_unreadable_style_values(
    styles: Mapping[str, Any], path: tuple[Any, ...], report: Reporter
) -> None:
    """What agentflow's lexer, unlike flowchart's, cannot read in a style value (found by the
    schema property test with Mermaid 12)."""
    reported = {error.path for error in report.errors}  # (one error per value)
    for prop, value in styles.items():
        if (*path, prop) in reported:
            continue
        shown = text(value)
        if prop in STYLE_VALUE_KEYWORDS:
            report.error(
                (*path, prop),
                f"Mermaid's agentflow reads {prop!r} as a statement word, not a CSS property",
                at_key=True,
            )
        if not STYLE_VALUE_RE.match(shown):
            report.error(
                (*path, prop),
                f"found {shown!r}; agentflow's style values may hold only ASCII letters,"
                " digits, '#', '.', '_', '%', '/', '-' and spaces",
            )
            continue
        words = STYLE_VALUE_KEYWORDS.intersection(shown.split())
        if words:
            report.error(
                (*path, prop),
                f"found {shown!r}; Mermaid's agentflow reads {sorted(words)[0]!r} in a style"
                " value as a statement word",
            )


def agentflow_id(user_id: str) -> str:
    """The Mermaid id of a node, connector or flow (flowchart's rules and agentflow's words)."""
    if user_id in AGENTFLOW_KEYWORDS:
        return kind_safe_id(user_id, AGENTFLOW_KEYWORDS, "af")
    return mermaid_id(user_id)


def _entry(value: Any, key: str) -> dict[str, Any]:
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    return {key: value}


class _Builder:
    def __init__(self, inp: BuildInput, report: Reporter) -> None:
        self.spec = inp.spec
        self.report = report
        self.class_defs = {**inp.class_defs, **(self.spec.get("classes") or {})}
        self.used_classes: dict[str, list[str]] = {}
        self.styles: list[str] = []
        self.nodes = {k: _entry(v, "label") for k, v in (self.spec.get("nodes") or {}).items()}
        self.connectors = {
            k: _entry(v, "title") for k, v in (self.spec.get("connectors") or {}).items()
        }
        self.flow_ids: dict[str, tuple[Any, ...]] = {}  # flow id → its spec path
        self.placed: dict[str, str] = {}  # node id → the flow (or `global`) it is written in

    def node_line(self, name: str) -> str:
        item = self.nodes[name]
        path = ("nodes", name)
        mid = agentflow_id(name)
        line = f"{mid}[{quote_label(text(item.get('label', name)))}]"
        data = []
        if item.get("kind", "task") != "task":
            data.append(f"shape: {item['kind']}")
        for key in ("description", "instruction"):
            if item.get(key) is not None:
                data.append(f"{key}: {escape_shape_data(text(item[key]))}")
        if item.get("connector") is not None:
            ref = item["connector"]
            if ref not in self.connectors:
                self.report.error(
                    (*path, "connector"),
                    f"unknown connector {ref!r}; define it under `connectors:`"
                    + did_you_mean(ref, self.connectors),
                )
            data.append(f"connectorRef: {agentflow_id(ref)}")
        if data:
            line += "@{ " + ", ".join(data) + " }"
        refs = [text(c) for c in as_list(item.get("class"))]
        check_class_refs(refs, self.class_defs, (*path, "class"), self.report)
        for ref in refs:
            if ref in CLASS_NAME_KEYWORDS:
                self.report.error(
                    (*path, "class"),
                    f"class {ref!r} cannot be used in an agent flow: Mermaid reads it as a"
                    " statement word there",
                )
            self.used_classes.setdefault(ref, []).append(mid)
        if item.get("style"):
            check_styles(item["style"], (*path, "style"), self.report)
            refuse_unreadable_style_values(item["style"], (*path, "style"), self.report)
            self.styles.append(f"    style {mid} {style_list(item['style'])}")
        return line

    def place(self, members: list[str], path: tuple[Any, ...], owner: str) -> list[str]:
        """The declarations of the nodes a flow (or `global`) lists, each node once."""
        lines = []
        for i, name in enumerate(members):
            if name not in self.nodes:
                self.report.error(
                    (*path, i),
                    f"unknown node {name!r}; define it under `nodes:`"
                    + did_you_mean(name, self.nodes),
                )
            elif name in self.placed:
                self.report.error(
                    (*path, i),
                    f"{name!r} is already in {self.placed[name]}; a node belongs to one flow"
                    " (or to `global`)",
                )
            else:
                self.placed[name] = owner
                lines.append(self.node_line(name))
        return lines

    def flows(self, flows: Mapping[str, Any], path: tuple[Any, ...], indent: str) -> list[str]:
        lines = []
        for flow_id, value in flows.items():
            flow = value or {}
            where = (*path, flow_id)
            if flow_id in self.flow_ids or flow_id in self.nodes or flow_id in self.connectors:
                self.report.error(
                    where,
                    f"the id {flow_id!r} is taken already (by a node, connector or flow); a"
                    " flow needs an id of its own",
                    at_key=True,
                )
                continue
            self.flow_ids[flow_id] = where
            title = quote_label(text(flow.get("title", flow_id)))
            lines.append(f"{indent}flow {agentflow_id(flow_id)}[{title}]")
            members = self.place(
                list(flow.get("nodes") or []), (*where, "nodes"), f"flow {flow_id!r}"
            )
            lines += [f"{indent}    {line}" for line in members]
            lines += self.flows(flow.get("flows") or {}, (*where, "flows"), indent + "    ")
            lines.append(f"{indent}end")
        return lines

    def build(self) -> AgentflowModel:
        spec = self.spec
        model = AgentflowModel(spec.get("direction"))
        acc_title = (spec.get("accessibility") or {}).get("title")
        if acc_title:
            model.acc_title = guard_direction(escape_text(text(acc_title)).replace("\n", " "))
        for name, connector in self.connectors.items():
            path = ("connectors", name)
            if name in self.nodes:
                self.report.error(
                    path, f"{name!r} is a node too; a connector needs an id of its own", at_key=True
                )
                continue
            title = quote_label(text(connector.get("title", name)))
            line = f"    connector {agentflow_id(name)}[{title}]"
            if connector.get("description") is not None:
                line += f"@{{ description: {escape_shape_data(text(connector['description']))} }}"
            model.lines.append(line)
        global_lines = self.place(list(spec.get("global") or []), ("global",), "`global`")
        flow_lines = self.flows(spec.get("flows") or {}, ("flows",), "    ")
        for name in self.nodes:
            if name not in self.placed and name not in self.connectors:
                model.lines.append("    " + self.node_line(name))
        if global_lines:
            model.lines += ["    global", *(f"        {line}" for line in global_lines), "    end"]
        model.lines += flow_lines
        model.lines += self.edges()
        for name, style in class_def_lines(
            self.class_defs, spec.get("classes") or {}, self.used_classes, self.report
        ):
            refuse_unreadable_style_values(self.class_defs[name], ("classes", name), self.report)
            if name in CLASS_NAME_KEYWORDS and name in (spec.get("classes") or {}):
                self.report.error(
                    ("classes", name),
                    f"class {name!r} cannot be used in an agent flow: Mermaid reads it as a"
                    " statement word there",
                    at_key=True,
                )
            model.lines.append(f"    classDef {name} {style}")
        for name, members in self.used_classes.items():
            model.lines.append(f"    class {','.join(members)} {name}")
        model.lines.extend(self.styles)
        return model

    def edges(self) -> list[str]:
        lines: list[str] = []
        metadata: list[str] = []
        ends = [*self.nodes, *self.connectors]
        taken = {agentflow_id(name) for name in [*ends, *self.flow_ids]}
        for i, edge in enumerate(self.spec.get("edges") or []):
            path = ("edges", i)
            known = True
            for key in ("from", "to"):
                if edge[key] not in self.nodes and edge[key] not in self.connectors:
                    known = False
                    what = "a flow" if edge[key] in self.flow_ids else "not defined"
                    self.report.error(
                        (*path, key),
                        f"{edge[key]!r} is {what}; an edge links nodes and connectors"
                        + did_you_mean(edge[key], ends),
                    )
            kind = edge.get("type", "sequence")
            plain, labelled = EDGE_TYPES[kind]
            if kind == "reference" and edge.get("label") is not None:
                self.report.error(
                    (*path, "label"),
                    "a reference edge carries no label (Mermaid's agentflow ignores it): drop"
                    " the label, or make it a sequence or failure edge",
                )
                continue
            if not known:
                continue
            operator = plain
            if edge.get("label") is not None:
                operator = labelled.format(label=quote_label(text(edge["label"])))
            if edge.get("animation"):
                edge_id = f"edge{i}"
                while edge_id in taken:
                    edge_id += "_"
                taken.add(edge_id)
                operator = f"{edge_id}@{operator}"
                metadata.append(f"    {edge_id}@{{ animation: {edge['animation']} }}")
            start, end = agentflow_id(edge["from"]), agentflow_id(edge["to"])
            lines.append(f"    {start} {operator} {end}")
        return lines + metadata


def build(inp: BuildInput, report: Reporter) -> AgentflowModel:
    return _Builder(inp, report).build()


KIND = DiagramKind(
    name="agentflow",
    description="An agent flow: steps, tools, decisions and the flows they belong to"
    " (Mermaid `agentflow-beta`, 12.0+)",
    properties=PROPERTIES,
    defs={"flow": FLOW},
    build=build,
    template="agentflow.mmd.j2",
    since="12.0",
    uses_class_defs=True,
    mermaid_types=("agentflow",),
    importer="specmaid.kinds.agentflow.importer:import_agentflow",
)
