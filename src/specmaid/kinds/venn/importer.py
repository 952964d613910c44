"""Import of venn diagrams: Mermaid's venn db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching, plain_number
from specmaid.kinds.venn import DEFAULT_SET_SIZE, ID_RE, STYLE_KEYS
from specmaid.mermaid.bridge import ParseResult


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

    # Set ids a spec cannot use (`set "Two words"`) get one it can; the drawing shows the
    # label, or the id when there is none, so such a set keeps its id as its label.
    ids: dict[str, str] = {}
    written_ids = {
        str(s["sets"][0]) for s in graph.get("subsetData") or [] if len(s.get("sets") or []) == 1
    }
    for subset in graph.get("subsetData") or []:
        members = subset.get("sets") or []
        if len(members) != 1 or members[0] in ids:
            continue
        set_id = str(members[0])
        key = set_id
        if not re.match(ID_RE, key):
            key = re.sub(r"[^A-Za-z0-9_-]+", "_", key).strip("_-") or "set"
            key = key if re.match(ID_RE, key) else f"set_{key}"
            while key in ids.values() or key in written_ids:
                key += "_"
            warn(
                f"the set name {set_id!r} is not a spec set id (letters, digits, _, -);"
                f" written as {key!r}, keeping the name as its label",
                rf"^\s*set\s+\"?{re.escape(set_id)}",
            )
        ids[set_id] = key

    # Regions by their (sorted, as Mermaid keeps them) sets; a set's region is its own set.
    regions: dict[tuple[str, ...], dict[str, Any]] = {}
    sets: dict[str, Any] = {}
    overlaps: list[dict[str, Any]] = []
    for subset in graph.get("subsetData") or []:
        written = tuple(str(s) for s in subset.get("sets") or [])
        members = tuple(ids.get(s, s) for s in written)
        region: dict[str, Any] = {}
        if subset.get("label") is not None:
            region["label"] = subset["label"]
        elif len(written) == 1 and ids.get(written[0]) != written[0]:
            region["label"] = written[0]
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
        region = regions.get(tuple(ids.get(str(x), str(x)) for x in entry.get("sets") or []))
        if region is None:
            continue  # (Mermaid refuses text in a region no statement made)
        label = entry.get("label") if entry.get("label") is not None else entry.get("id")
        item: dict[str, Any] = {"label": str(label)}
        region.setdefault("texts", []).append(item)
        texts_by_id.setdefault(str(entry.get("id")), item)

    for style in graph.get("styleData") or []:
        written = tuple(str(t) for t in style.get("targets") or [])
        targets = tuple(ids.get(t, t) for t in written)
        styles = {str(k): v for k, v in (style.get("styles") or {}).items()}
        pattern = r"^\s*style\s+" + r"\s*,\s*".join(re.escape(t) for t in written)
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

    # Mermaid draws an overlap larger than one of its sets; a spec refuses it.
    written_of = {key: set_id for set_id, key in ids.items()}
    for overlap in overlaps:
        size = overlap.get("size", DEFAULT_SET_SIZE / len(overlap["sets"]) ** 2)
        smallest = min(sets[m].get("size", DEFAULT_SET_SIZE) for m in overlap["sets"])
        if size > smallest:
            overlap["size"] = smallest
            warn(
                f"the overlap {', '.join(overlap['sets'])} ({plain_number(size)}) is larger than"
                f" one of its sets ({plain_number(smallest)}), which a spec refuses; written as"
                f" {plain_number(smallest)}",
                r"^"
                + "".join(rf"(?=.*{re.escape(written_of.get(m, m))})" for m in overlap["sets"])
                + r"\s*union\b",
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
