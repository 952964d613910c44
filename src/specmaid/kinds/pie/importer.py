"""Import of pie charts: Mermaid's pie db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    plain_number,
)
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
    return spec, []
