"""Import of ER diagrams: Mermaid's ER db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, css_styles, line_breaks, line_of
from specmaid.kinds.er import ENTITY_RE
from specmaid.mermaid.bridge import ParseResult

ER_CARDINALITIES = {
    "ONLY_ONE": "exactly-one",
    "ZERO_OR_ONE": "zero-or-one",
    "ZERO_OR_MORE": "zero-or-more",
    "ONE_OR_MORE": "one-or-more",
}
_ER_ID_RE = re.compile(ENTITY_RE)


def import_er(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "er")
    graph = result.graph or {}
    warnings: list[SpecError] = []
    if graph.get("direction") and graph["direction"] != "TB":
        spec["direction"] = graph["direction"]
    ids: dict[str, str] = {}  # Mermaid's entity id → the spec's key
    entities: dict[str, Any] = {}
    for entity_name, entity in (graph.get("entities") or {}).items():
        key = entity_name if _ER_ID_RE.match(entity_name) else re.sub(r"\W", "_", entity_name)
        while key in entities or not _ER_ID_RE.match(key):
            key = f"E_{key}"
        ids[entity["id"]] = key
        if key != entity_name:
            warnings.append(
                SpecError(
                    f"the entity name {entity_name!r} is not a spec entity id (letters, digits,"
                    f" _, -); written as {key!r}, with the name as its label",
                    file=name,
                    line=line_of(text, entity_name, first_line),
                    severity="warning",
                )
            )
        item: dict[str, Any] = {}
        # `<br>` in ER texts is drawn as a line break; a spec writes a line break.
        label = entity.get("alias") or (entity_name if key != entity_name else None)
        if label:
            item["label"] = line_breaks(label)
        attributes = []
        for attribute in entity.get("attributes") or []:
            row: dict[str, Any] = {"type": attribute["type"], "name": attribute["name"]}
            if attribute.get("keys"):
                row["keys"] = list(attribute["keys"])
            if attribute.get("comment"):
                row["comment"] = line_breaks(attribute["comment"])
            attributes.append(row)
        if attributes:
            item["attributes"] = attributes
        classes = [c for c in str(entity.get("cssClasses") or "").split() if c != "default"]
        if classes:
            item["class"] = classes[0] if len(classes) == 1 else classes
        if entity.get("cssStyles"):
            item["style"] = css_styles(entity["cssStyles"])
        entities[key] = item or None
    if entities:
        spec["entities"] = entities
    relations = []
    for rel in graph.get("relationships") or []:
        card = rel.get("relSpec") or {}
        row = {
            "from": ids.get(rel["entityA"], rel["entityA"]),
            "to": ids.get(rel["entityB"], rel["entityB"]),
            "from_card": ER_CARDINALITIES.get(card.get("cardB"), "exactly-one"),
            "to_card": ER_CARDINALITIES.get(card.get("cardA"), "zero-or-more"),
        }
        for side in ("cardA", "cardB"):
            if card.get(side) not in ER_CARDINALITIES:
                warnings.append(
                    SpecError(
                        f"cardinality {card.get(side)!r} of {row['from']} → {row['to']} has no"
                        " spec name; written as the default",
                        file=name,
                        line=line_of(text, str(row["to"]), first_line),
                        severity="warning",
                    )
                )
        if card.get("relType") == "NON_IDENTIFYING":
            row["identifying"] = False
        if rel.get("roleA"):
            row["label"] = line_breaks(rel["roleA"])
        relations.append(row)
    if relations:
        spec["relations"] = relations
    classes = {
        class_name: css_styles(value.get("styles") or [])
        for class_name, value in (graph.get("classes") or {}).items()
        if value.get("styles")
    }
    if classes:
        spec["classes"] = classes
    return spec, warnings
