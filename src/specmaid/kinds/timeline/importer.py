"""Import of timelines: Mermaid's timeline db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    line_of,
)
from specmaid.mermaid.bridge import ParseResult


def import_timeline(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "timeline")
    graph = result.graph or {}
    warnings: list[SpecError] = []
    header = next(
        (line.split() for line in text.splitlines() if line.strip().startswith("timeline")), []
    )
    if len(header) > 1 and header[1] in ("LR", "TD"):
        spec["direction"] = header[1]
    sections: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []
    for task in graph.get("tasks") or []:
        period: dict[str, Any] = {"period": str(task["task"]).strip()}
        events = [str(e).strip() for e in task.get("events") or []]
        if events:
            period["events"] = events
        section = task.get("section") or ""
        if not section:
            loose.append(period)
            continue
        if not sections or sections[-1]["name"] != section:
            sections.append({"name": section, "periods": []})
        sections[-1]["periods"].append(period)
    if sections:
        spec["sections"] = sections
        if loose:
            # Mermaid's timeline with sections draws only the sections' periods.
            warnings.append(
                SpecError(
                    "the periods before the first section were not imported: Mermaid draws"
                    " none in a timeline with sections",
                    file=name,
                    line=line_of(text, str(loose[0]["period"]), first_line),
                    severity="warning",
                )
            )
    elif loose:
        spec["periods"] = loose
    return spec, warnings
