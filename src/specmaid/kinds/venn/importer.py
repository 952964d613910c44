"""Import of venn diagrams: Mermaid's venn db → a spec (see :mod:`specmaid.importer`)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching, plain_number
from specmaid.kinds.venn import DEFAULT_SET_SIZE, STYLE_KEYS
from specmaid.mermaid import ParseResult


def import_venn(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "venn")
    spec.pop("accessibility", None)  # (the venn grammar has no accessibility statements)
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, pattern: str) -> None:
        line = line_matching(text, pattern, first_line)
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    # Regions by their (sorted, as Mermaid keeps them) sets; a set's region is its own set.
    regions: dict[tuple[str, ...], dict[str, Any]] = {}
    sets: dict[str, Any] = {}
    overlaps: list[dict[str, Any]] = []
    for subset in graph.get("subsetData") or []:
        members = tuple(str(s) for s in subset.get("sets") or [])
        region: dict[str, Any] = {}
        if subset.get("label") is not None:
            region["label"] = subset["label"]
        size = float(subset.get("size", 0))
        if abs(size - DEFAULT_SET_SIZE / len(members) ** 2) > 1e-9:
            region["size"] = plain_number(size)
        regions[members] = region
        if len(members) == 1:
            sets[members[0]] = region
        else:
            overlaps.append({"sets": list(members), **region})
            regions[members] = overlaps[-1]

    texts_by_id: dict[str, dict[str, Any]] = {}
    for entry in graph.get("textData") or []:
        region = regions.get(tuple(entry.get("sets") or []))
        if region is None:
            continue  # (Mermaid refuses text in a region no statement made)
        label = entry.get("label") if entry.get("label") is not None else entry.get("id")
        item: dict[str, Any] = {"label": str(label)}
        region.setdefault("texts", []).append(item)
        texts_by_id.setdefault(str(entry.get("id")), item)

    for style in graph.get("styleData") or []:
        targets = tuple(str(t) for t in style.get("targets") or [])
        styles = {str(k): v for k, v in (style.get("styles") or {}).items()}
        pattern = r"^\s*style\s+" + r"\s*,\s*".join(re.escape(t) for t in targets)
        region = regions.get(targets)
        if region is None and len(targets) == 1 and targets[0] in texts_by_id:
            item = texts_by_id[targets[0]]
            for key, value in styles.items():
                if key == "color":
                    item["color"] = str(value)
                else:
                    warn(
                        f"the style {key!r} of the text {targets[0]!r}: a spec styles a"
                        " venn text's color only, so it was not imported",
                        rf"{pattern}.*\b{re.escape(key)}\s*:",
                    )
            continue
        if region is None:
            warn(
                f"style {', '.join(targets)}: no set, overlap or text of that name, so it"
                " was not imported",
                pattern,
            )
            continue
        for key, value in styles.items():
            if key in STYLE_KEYS:
                region.setdefault("style", {})[key] = str(value)
            else:
                warn(
                    f"the style {key!r} of {', '.join(targets)}: a venn region takes"
                    f" {', '.join(STYLE_KEYS)}, so it was not imported",
                    rf"{pattern}.*\b{re.escape(key)}\s*:",
                )

    def plain_texts(region: dict[str, Any]) -> None:
        if "texts" in region:
            region["texts"] = [t if "color" in t else t["label"] for t in region["texts"]]

    for region in regions.values():
        plain_texts(region)
    spec["sets"] = {set_id: region for set_id, region in sets.items()}
    if overlaps:
        spec["overlaps"] = overlaps
    return spec, warnings
