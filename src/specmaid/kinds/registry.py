"""The registry of diagram kinds: one line per kind (value of `diagram:` → module).

Modules are imported only when a spec of that kind is read, so start-up stays fast.
"""

from __future__ import annotations

import importlib
from functools import cache

from specmaid.kinds.base import DiagramKind

KINDS: dict[str, str] = {
    "flowchart": "specmaid.kinds.flowchart",
    "sequence": "specmaid.kinds.sequence",
    "pie": "specmaid.kinds.pie",
    "gantt": "specmaid.kinds.gantt",
    "timeline": "specmaid.kinds.timeline",
    "journey": "specmaid.kinds.journey",
    "xychart": "specmaid.kinds.xychart",
    "mindmap": "specmaid.kinds.mindmap",
    "quadrant": "specmaid.kinds.quadrant",
    "state": "specmaid.kinds.state",
    "class": "specmaid.kinds.class_diagram",
    "er": "specmaid.kinds.er",
    "sankey": "specmaid.kinds.sankey",
    "gitgraph": "specmaid.kinds.gitgraph",
    "kanban": "specmaid.kinds.kanban",
    "requirement": "specmaid.kinds.requirement",
    "c4": "specmaid.kinds.c4",
    "packet": "specmaid.kinds.packet",
    "radar": "specmaid.kinds.radar",
    "treemap": "specmaid.kinds.treemap",
    "block": "specmaid.kinds.block",
    "architecture": "specmaid.kinds.architecture",
    "ishikawa": "specmaid.kinds.ishikawa",
    "venn": "specmaid.kinds.venn",
    "tree_view": "specmaid.kinds.tree_view",
    "wardley": "specmaid.kinds.wardley",
    "cynefin": "specmaid.kinds.cynefin",
    "railroad": "specmaid.kinds.railroad",
    "eventmodeling": "specmaid.kinds.eventmodeling",
    "swimlane": "specmaid.kinds.swimlane",
    "usecase": "specmaid.kinds.usecase",
    "agentflow": "specmaid.kinds.agentflow",
}


def kind_names() -> list[str]:
    return list(KINDS)


@cache
def kind_of_mermaid_type(diagram_type: str) -> DiagramKind | None:
    """The kind whose ``mermaid_types`` hold the ``diagramType`` Mermaid's parse reports
    (this imports every kind: for `import` and `adopt`, not for a build)."""
    for name in KINDS:
        kind = get_kind(name)
        if diagram_type in kind.mermaid_types:
            return kind
    return None


def importable_kinds() -> list[str]:
    """The kinds `specmaid import` reads, in registry order."""
    return [name for name in KINDS if get_kind(name).importer is not None]


@cache
def get_kind(name: str) -> DiagramKind:
    """The kind registered under ``name``; raises KeyError for unknown names."""
    module = importlib.import_module(KINDS[name])
    kind: DiagramKind = module.KIND
    return kind
