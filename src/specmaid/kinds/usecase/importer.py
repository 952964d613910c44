"""Import of use case diagrams: Mermaid 12's usecase db → a spec (see importing/dispatch.py).

Only Mermaid 12 reads `usecase-beta`, so `specmaid import` parses these with the `mermaid-12`
package (see :func:`specmaid.importing.dispatch.import_diagram`) and the spec gets `target: '12'`.
"""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    animation_speed,
    common,
    css_styles,
    line_breaks,
    line_matching,
)
from specmaid.mermaid.bridge import ParseResult

#: Mermaid's arrowType numbers (usecaseTypes ARROW_TYPE) → the spec's `arrow:`.
ARROWS = {
    0: "forward",
    1: "back",
    2: "none",
    3: "circle",
    4: "cross",
    5: "circle-back",
    6: "cross-back",
}


def _item(record: dict[str, Any], extra: dict[str, Any]) -> Any:
    """An actor's or use case's spec entry: just its label when that is all it has."""
    item: dict[str, Any] = {}
    label = line_breaks(str(record.get("label", "")))
    if label != record["id"]:
        item["label"] = label
    item.update(extra)
    if record.get("business"):
        item["business"] = True
    if record.get("stereotype"):
        item["stereotype"] = record["stereotype"]
    classes = [c for c in record.get("classes") or [] if c != "default"]
    if classes:
        item["class"] = classes[0] if len(classes) == 1 else classes
    if record.get("styles"):
        item["style"] = css_styles(record["styles"])
    if not item:
        return None
    if list(item) == ["label"]:
        return item["label"]
    return item


def import_usecase(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "usecase")
    spec["target"] = "12"
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def unsupported(what: str, pattern: str) -> None:
        warnings.append(
            SpecError(
                f"{what} has no spec form yet and is left out",
                file=name,
                line=line_matching(text, pattern, first_line),
                severity="warning",
            )
        )

    if graph.get("direction") not in (None, "LR"):
        spec["direction"] = "TB" if graph["direction"] == "TD" else graph["direction"]
    actors: dict[str, Any] = {}
    for actor in graph.get("actors") or []:
        extra: dict[str, Any] = {}
        if actor.get("type") in ("hollow", "awesome"):
            extra["type"] = actor["type"]
        if actor.get("icon"):
            extra["icon"] = actor["icon"]
        if actor.get("labelType") == "markdown":
            unsupported(f"the Markdown label of actor {actor['id']!r}", rf"\b{actor['id']}\b")
        actors[actor["id"]] = _item(actor, extra)
    use_cases: dict[str, Any] = {}
    for use_case in graph.get("useCases") or []:
        extra = {"shape": "rect"} if use_case.get("shape") == "rect" else {}
        if use_case.get("labelType") == "markdown":
            unsupported(f"the Markdown label of use case {use_case['id']!r}", use_case["id"])
        use_cases[use_case["id"]] = _item(use_case, extra)
    boundaries: dict[str, Any] = {}
    for boundary in graph.get("systemBoundaries") or []:
        item: dict[str, Any] = {}
        if boundary.get("label", boundary["id"]) != boundary["id"]:
            item["title"] = line_breaks(boundary["label"])
        if boundary.get("type") == "package":
            item["type"] = "package"
        members = boundary.get("members") or []
        for key, known in (("actors", actors), ("use_cases", use_cases)):
            inside = [m for m in members if m in known]
            if inside:
                item[key] = inside
        classes = [c for c in boundary.get("classes") or [] if c != "default"]
        if classes:
            item["class"] = classes[0] if len(classes) == 1 else classes
        if boundary.get("styles"):
            item["style"] = css_styles(boundary["styles"])
        boundaries[boundary["id"]] = item
    for key, value in (("actors", actors), ("use_cases", use_cases), ("boundaries", boundaries)):
        if value:
            spec[key] = value
    relations = []
    for rel in graph.get("relationships") or []:
        row: dict[str, Any] = {"from": rel["source"], "to": rel["target"]}
        written = rf"\b{rel['source']}\b.*\b{rel['target']}\b"  # (the line of the relation)
        if any(
            end not in actors and end not in use_cases for end in (rel["source"], rel["target"])
        ):
            unsupported(f"the relation {rel['source']} → {rel['target']} (to a JSON node)", written)
            continue
        if rel.get("type", "association") != "association":
            row["type"] = rel["type"]
        else:
            if rel.get("arrowType", 0) != 0:
                row["arrow"] = ARROWS[rel["arrowType"]]
            if rel.get("label") is not None:
                row["label"] = line_breaks(rel["label"])
                if rel.get("labelType") == "markdown":
                    unsupported(f"the Markdown label of relation {rel['id']!r}", written)
        speed = animation_speed(rel, "relation", text, name, first_line, warnings)
        if speed is not None:
            row["animation"] = speed
        if rel.get("classes") or rel.get("styles"):
            unsupported(f"the classes and styles of relation {rel['id']!r}", rf"\b{rel['id']}\b")
        relations.append(row)
    if relations:
        spec["relations"] = relations
    notes = [
        {"for": note["target"], "text": line_breaks(note["label"])}
        for note in graph.get("notes") or []
    ]
    if notes:
        spec["notes"] = notes
    for node in graph.get("jsonNodes") or []:
        unsupported(f"the JSON node {node['id']!r}", rf"^\s*json\s+{node['id']}\b")
    classes = {
        class_name: css_styles(value.get("styles") or [])
        for class_name, value in (graph.get("classDefs") or {}).items()
        if value.get("styles")
    }
    if classes:
        spec["classes"] = classes
    return spec, warnings
