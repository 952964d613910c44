"""Import of Wardley maps: Mermaid's wardley db → a spec (see
:mod:`specmaid.importing.dispatch`)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching, plain_number
from specmaid.mermaid.bridge import ParseResult

FLOWS = {"forward": "forward", "backward": "backward", "bidirectional": "both"}


def _fraction(percent: Any) -> int | float:
    """The db's 0-100 coordinate → the spec's 0-1 (rounded as the renderer writes it)."""
    return plain_number(round(float(percent) / 100, 6))


def _point(item: dict[str, Any]) -> list[int | float]:
    """[visibility, evolution]: the db keeps evolution as x and visibility as y."""
    return [_fraction(item["y"]), _fraction(item["x"])]


def import_wardley(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "wardley")
    data = (result.graph or {}).get("wardleyData") or {}
    warnings: list[SpecError] = []

    size = data.get("size") or {}
    if size.get("width") and size.get("height"):
        spec["size"] = {"width": int(size["width"]), "height": int(size["height"])}
    axes = data.get("axes") or {}
    stages = [str(s) for s in axes.get("stages") or []]
    boundaries = axes.get("stageBoundaries") or []
    if stages:
        if len(boundaries) == len(stages):
            spec["stages"] = [
                {"name": s, "end": plain_number(b)} for s, b in zip(stages, boundaries, strict=True)
            ]
        else:
            if boundaries:
                warnings.append(
                    SpecError(
                        "stage boundaries (`@…`) are given for some stages only, so Mermaid"
                        " spaces the stages evenly; they were not imported",
                        file=name,
                        line=line_matching(text, r"^\s*evolution\b", first_line),
                        severity="warning",
                    )
                )
            spec["stages"] = stages

    nodes = data.get("nodes") or []
    # A pipeline variant's id is `parent_name`: links name it by its label in a spec.
    names = {str(n["id"]): str(n.get("label", n["id"])) for n in nodes}
    anchors: dict[str, Any] = {}
    components: dict[str, Any] = {}
    for node in nodes:
        kind = node.get("className")
        if kind == "anchor":
            anchors[names[node["id"]]] = _point(node)
        elif kind == "component":
            item: dict[str, Any] = {"at": _point(node)}
            if node.get("labelOffsetX") is not None:
                item["label_offset"] = [int(node["labelOffsetX"]), int(node["labelOffsetY"])]
            if node.get("sourceStrategy"):
                item["strategy"] = node["sourceStrategy"]
            if node.get("inertia"):
                item["inertia"] = True
            components[names[node["id"]]] = item
    by_id = {str(n["id"]): n for n in nodes}
    for pipeline in data.get("pipelines") or []:
        parent = components.get(names.get(str(pipeline["nodeId"]), ""))
        if parent is None:
            continue
        variants: dict[str, Any] = {}
        for component_id in pipeline.get("componentIds") or []:
            variant = by_id[str(component_id)]
            evolution = _fraction(variant["x"])
            if variant.get("labelOffsetX") is not None:
                offset = [int(variant["labelOffsetX"]), int(variant["labelOffsetY"])]
                variants[names[str(component_id)]] = {
                    "evolution": evolution,
                    "label_offset": offset,
                }
            else:
                variants[names[str(component_id)]] = evolution
        if variants:
            parent["pipeline"] = variants
    if anchors:
        spec["anchors"] = anchors
    if components:
        spec["components"] = {
            key: item if set(item) != {"at"} else item["at"] for key, item in components.items()
        }

    links = []
    for link in data.get("links") or []:
        row: dict[str, Any] = {
            "from": names.get(str(link["source"]), str(link["source"])),
            "to": names.get(str(link["target"]), str(link["target"])),
        }
        if link.get("dashed"):
            row["dashed"] = True
        if link.get("flow") in FLOWS:
            row["flow"] = FLOWS[link["flow"]]
        if link.get("label") is not None:
            row["label"] = link["label"]
        links.append(row)
    if links:
        spec["links"] = links
    evolve = {
        names.get(str(trend["nodeId"]), str(trend["nodeId"])): _fraction(trend["targetX"])
        for trend in data.get("trends") or []
    }
    if evolve:
        spec["evolve"] = evolve
    notes = [{"text": str(note["text"]), "at": _point(note)} for note in data.get("notes") or []]
    if notes:
        spec["notes"] = notes
    if data.get("annotationsBox"):
        spec["annotations_box"] = _point(data["annotationsBox"])
    annotations = []
    for position, annotation in enumerate(data.get("annotations") or [], start=1):
        coordinates = annotation.get("coordinates") or []
        if not coordinates:
            continue
        if annotation.get("number") != position:
            warnings.append(
                SpecError(
                    f"annotation {annotation.get('number')} is number {position} in a spec"
                    " (a spec numbers its annotations 1, 2, … in order)",
                    file=name,
                    line=line_matching(
                        text, rf"^\s*annotation\s+{annotation.get('number')}\s*,", first_line
                    ),
                    severity="warning",
                )
            )
        annotations.append({"text": str(annotation.get("text", "")), "at": _point(coordinates[0])})
    if annotations:
        spec["annotations"] = annotations
    for key in ("accelerators", "deaccelerators"):
        found = {str(item["name"]): _point(item) for item in data.get(key) or []}
        if found:
            spec[key] = found
    return spec, warnings
