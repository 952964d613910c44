"""Import of pie charts: Mermaid's pie db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    plain_number,
)
from specmaid.importing.nothing_drawn import require_content
from specmaid.mermaid.bridge import ParseResult


def import_pie(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "pie")
    graph = result.graph or {}
    header = next((line for line in text.splitlines() if line.strip().startswith("pie")), "")
    if "showData" in header.split():
        spec["show_data"] = True
    spec["slices"] = {
        label: plain_number(value) for label, value in (graph.get("sections") or {}).items()
    }
    require_content(spec.get("slices"), "no slices", "pie chart", name, first_line)
    return spec, []
