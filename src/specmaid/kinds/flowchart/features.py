"""The versioned flowchart features (the Mermaid release each first parses in), detected."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from specmaid.kinds.base import (
    FeatureUse,
    entries,
)
from specmaid.kinds.flowchart_shapes import BPMN_SHAPES, BRACKETS, NEWER_SHAPES, SHAPE_NAMES
from specmaid.mermaid.versions import since

SHAPE_WITHOUT_BRACKETS = since("flowchart", "shape without a bracket form (@{ shape })", "11.3")
IMAGE_AND_ICON = since("flowchart", "image and icon nodes (@{ img }, @{ icon })", "11.3")
NEWER_SHAPES_FEATURE = since(
    "flowchart",
    "shapes datastore, folder, bucket, console, browser, person",
    "11.17",
    "added after 11.14; checked on 11.17.2",
)
BPMN_SHAPES_FEATURE = since(
    "flowchart",
    "BPMN shapes (bpmn-start, bpmn-gateway, bpmn-activity, …)",
    "12.3",
    "absent from 12.2.0; checked on 12.3.0",
)
EDGE_IDS = since("flowchart", "edge ids, animate, animation", "11.6", "fails on 11.4.1")
EDGE_CURVE = since("flowchart", "per-edge curve", "11.10")


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    """The versioned flowchart features a spec (a flowchart or a swimlane) asks for."""

    def nodes(container: Mapping[str, Any], path: tuple[Any, ...]) -> Iterator[FeatureUse]:
        for node_id, node in entries(container.get("nodes")):
            if not isinstance(node, Mapping):
                continue
            shape = node.get("shape")
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) in NEWER_SHAPES:
                yield NEWER_SHAPES_FEATURE, (*path, "nodes", node_id, "shape")
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) in BPMN_SHAPES:
                yield BPMN_SHAPES_FEATURE, (*path, "nodes", node_id, "shape")
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) not in BRACKETS:
                yield SHAPE_WITHOUT_BRACKETS, (*path, "nodes", node_id, "shape")
            for key in ("img", "icon"):
                if node.get(key) is not None:
                    yield IMAGE_AND_ICON, (*path, "nodes", node_id, key)
        for sub_id, sub in entries(container.get("subgraphs")):
            if isinstance(sub, Mapping):
                yield from nodes(sub, (*path, "subgraphs", sub_id))

    yield from nodes(spec, ())
    for index, edge in entries(spec.get("edges")):
        if not isinstance(edge, Mapping):
            continue
        for key in ("id", "animate", "animation"):
            if edge.get(key) not in (None, False):
                yield EDGE_IDS, ("edges", index, key)
        if edge.get("curve") is not None:
            yield EDGE_CURVE, ("edges", index, "curve")
