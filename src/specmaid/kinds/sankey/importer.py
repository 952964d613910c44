"""Import of sankey diagrams: Mermaid's sankey db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    plain_number,
)
from specmaid.mermaid.bridge import ParseResult


def import_sankey(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "sankey")
    flows = [
        {
            "from": str(link["source"]["ID"]),
            "to": str(link["target"]["ID"]),
            "value": plain_number(link["value"]),
        }
        for link in (result.graph or {}).get("links") or []
    ]
    spec["flows"] = flows
    return spec, []
