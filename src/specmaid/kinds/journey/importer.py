"""Import of user journeys: Mermaid's journey db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    line_of,
    plain_number,
)
from specmaid.mermaid.bridge import ParseResult


def import_journey(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "journey")
    warnings: list[SpecError] = []
    sections: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []
    for task in (result.graph or {}).get("tasks") or []:
        label = str(task.get("task", "")).strip()
        row: dict[str, Any] = {"task": label}
        score = task.get("score")
        try:
            number = plain_number(score)
        except (TypeError, ValueError):
            number = None
        if not isinstance(number, int) or not 1 <= number <= 5:
            fixed = 1 if number is None else min(5, max(1, round(number)))
            warnings.append(
                SpecError(
                    f"the score {score!r} of {label!r} is not a whole number from 1 to 5 (what"
                    f" a journey's faces show); written as {fixed}",
                    file=name,
                    line=line_of(text, label, first_line),
                    severity="warning",
                )
            )
            number = fixed
        row["score"] = number
        actors = [str(p).strip() for p in task.get("people") or [] if str(p).strip()]
        if actors:
            row["actors"] = actors
        section = str(task.get("section") or "")
        if not section:
            loose.append(row)
            continue
        if not sections or sections[-1]["name"] != section:
            sections.append({"name": section, "tasks": []})
        sections[-1]["tasks"].append(row)
    if loose:
        # (Mermaid draws the tasks before any `section` without a section box; so does a
        # spec's first section without a name)
        sections.insert(0, {"tasks": loose})
    spec["sections"] = sections
    return spec, warnings
