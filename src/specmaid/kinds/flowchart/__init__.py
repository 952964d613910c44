"""Flowcharts: nodes, edges, subgraphs, classes, styles and links.

The spec speaks of things (a node with a label and a shape; an edge from A to B that is
dotted and animated); :mod:`.builder` turns it into a :class:`FlowchartModel` whose fields are
ready-made Mermaid fragments, and ``templates/flowchart.mmd.j2`` lays them out.
Numeric ``linkStyle`` indexes are computed in :mod:`.links`, never written by users.
The schema is in :mod:`.schema`, the model in :mod:`.model`, node and edge text in
:mod:`.labels`, the versioned features in :mod:`.features` and ``view:`` in :mod:`.views`;
the names other kinds use (swimlane, agentflow) are re-exported here.
"""

from __future__ import annotations

from specmaid.kinds.base import DiagramKind
from specmaid.kinds.flowchart.builder import build
from specmaid.kinds.flowchart.features import (
    BPMN_SHAPES_FEATURE,
    EDGE_CURVE,
    EDGE_IDS,
    IMAGE_AND_ICON,
    NEWER_SHAPES_FEATURE,
    SHAPE_WITHOUT_BRACKETS,
    detect_features,
)
from specmaid.kinds.flowchart.model import (
    EdgeLine,
    FlowchartModel,
    NodeLine,
    SubgraphBlock,
    escape_shape_data,
    quote_label,
)
from specmaid.kinds.flowchart.schema import (
    CURVES,
    DIRECTIONS,
    EDGE,
    HEADS,
    LABEL_KEYS,
    LINES,
    LINK_TARGETS,
    MAX_EDGES,
    NODE,
    PROPERTIES,
    SUBGRAPH,
)
from specmaid.kinds.flowchart.views import select_view
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED

__all__ = [
    "BPMN_SHAPES_FEATURE",
    "CURVES",
    "DIRECTIONS",
    "EDGE",
    "EDGE_CURVE",
    "EDGE_IDS",
    "HEADS",
    "IMAGE_AND_ICON",
    "KIND",
    "LABEL_KEYS",
    "LINES",
    "LINK_TARGETS",
    "MAX_EDGES",
    "NEWER_SHAPES_FEATURE",
    "NODE",
    "PROPERTIES",
    "SHAPE_WITHOUT_BRACKETS",
    "SUBGRAPH",
    "EdgeLine",
    "FlowchartModel",
    "NodeLine",
    "SubgraphBlock",
    "build",
    "detect_features",
    "escape_shape_data",
    "quote_label",
    "select_view",
]

KIND = DiagramKind(
    name="flowchart",
    description="A flowchart: nodes, edges and subgraphs (Mermaid `flowchart`)",
    properties=PROPERTIES,
    defs={"subgraph": SUBGRAPH},
    build=build,
    template="flowchart.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    uses_class_defs=True,
    mermaid_types=("flowchart-v2", "flowchart", "flowchart-elk"),
    importer="specmaid.kinds.flowchart.importer:import_flowchart",
    features=(
        SHAPE_WITHOUT_BRACKETS,
        IMAGE_AND_ICON,
        NEWER_SHAPES_FEATURE,
        BPMN_SHAPES_FEATURE,
        EDGE_IDS,
        EDGE_CURVE,
    ),
    detect_features=detect_features,
    select_view=select_view,
)
