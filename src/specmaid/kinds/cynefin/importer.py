"""Import of Cynefin frameworks: Mermaid's cynefin db → a spec (see
:mod:`specmaid.importing.dispatch`)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common
from specmaid.kinds.cynefin import DOMAINS
from specmaid.mermaid.bridge import ParseResult


def import_cynefin(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "cynefin")
    graph = result.graph or {}
    warnings: list[SpecError] = []
    found = graph.get("domains") or {}
    domains = {
        domain: [str(item.get("label", "")) for item in found[domain].get("items") or []]
        for domain in DOMAINS
        if domain in found
    }
    if domains:
        spec["domains"] = domains
    transitions = []
    seen: dict[tuple[str, str], int] = {}
    for move in graph.get("transitions") or []:
        pair = (str(move["from"]), str(move["to"]))
        seen[pair] = seen.get(pair, 0) + 1
        if pair[0] == pair[1] or seen[pair] > 1:
            warnings.append(
                SpecError(
                    f"the transition {pair[0]} --> {pair[1]}"
                    + (" joins a domain to itself" if pair[0] == pair[1] else " is given twice")
                    + " (a spec refuses it), so it was not imported",
                    file=name,
                    line=_nth_line(
                        text,
                        rf"^\s*{re.escape(pair[0])}\s*-->\s*{re.escape(pair[1])}\b",
                        seen[pair],
                        first_line,
                    ),
                    severity="warning",
                )
            )
            continue
        row: dict[str, Any] = {"from": pair[0], "to": pair[1]}
        if move.get("label") is not None:
            row["label"] = move["label"]
        transitions.append(row)
    if transitions:
        spec["transitions"] = transitions
    return spec, warnings


def _nth_line(text: str, pattern: str, nth: int, first_line: int) -> int | None:
    """The line (counted from ``first_line``) of the nth line matching ``pattern``."""
    regex = re.compile(pattern)
    matches = [n for n, line in enumerate(text.splitlines()) if regex.search(line)]
    return first_line + matches[nth - 1] if len(matches) >= nth else None
