"""Pie charts: named slices with non-negative values.

```yaml
diagram: pie
title: Prompt injection attempts in the evaluation set
show_data: true
slices:
  Prevented: 88
  Not prevented: 12
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import BuildInput, DiagramKind, check_no_entities, text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED
from specmaid.pipeline.escape import langium_string, number_text

PROPERTIES: dict[str, Any] = {
    "show_data": {"type": "boolean", "description": "print each slice's value in the legend"},
    "slices": {
        "type": "object",
        "description": "slice label → value (in this order)",
        "minProperties": 1,
        "additionalProperties": {"type": "number"},
    },
}


@dataclass
class PieModel:
    show_data: bool
    slices: list[tuple[str, str]]  # (quoted label, value)


def build(inp: BuildInput, report: Reporter) -> PieModel:
    slices = []
    for label, value in (inp.spec.get("slices") or {}).items():
        if value < 0:
            report.error(("slices", label), f"found {value}; a pie slice cannot be negative")
        check_no_entities(text(label), ("slices", label), report, "pie chart")
        slices.append((langium_string(text(label)), number_text(value)))
    return PieModel(bool(inp.spec.get("show_data")), slices)


KIND = DiagramKind(
    name="pie",
    description="A pie chart (Mermaid `pie`)",
    properties=PROPERTIES,
    required=("slices",),
    build=build,
    template="pie.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("pie",),
    importer="specmaid.kinds.pie.importer:import_pie",
)
