"""The flowchart model: ready-made Mermaid fragments that ``flowchart.mmd.j2`` lays out,
and the label quoting every fragment goes through.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from specmaid.kinds.jison_text import guard_direction
from specmaid.pipeline.escape import escape_shape_data as _escape_shape_data
from specmaid.pipeline.escape import quote_label as _quote_label


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
