"""Venn diagrams: sets with sizes and the overlaps between them.

```yaml
diagram: venn
sets:
  cbrn: {label: CBRN, size: 10}
  cyber: {label: Cybersecurity, size: 10}
overlaps:
  - {sets: [cbrn, cyber], label: Red teamed, size: 3}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import escape_text, number_text
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, text

ID_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
PROPERTIES: dict[str, Any] = {
    "sets": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": ID_RE},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"label": TEXT, "size": {"type": "number", "exclusiveMinimum": 0}},
        },
    },
    "overlaps": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["sets"],
            "properties": {
                "sets": {"type": "array", "minItems": 2, "items": {"type": "string"}},
                "label": TEXT,
                "size": {"type": "number", "exclusiveMinimum": 0},
            },
        },
    },
}


@dataclass
class VennModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> VennModel:
    model = VennModel()
    sets = inp.spec["sets"]
    for name, item in sets.items():
        label = f'["{escape_text(text(item["label"]))}"]' if item.get("label") is not None else ""
        size = f":{number_text(item['size'])}" if item.get("size") is not None else ""
        model.lines.append(f"  set {name}{label}{size}")
    for i, overlap in enumerate(inp.spec.get("overlaps") or []):
        members = overlap["sets"]
        for j, member in enumerate(members):
            if member not in sets:
                report.error(
                    ("overlaps", i, "sets", j),
                    f"unknown set {member!r}." + did_you_mean(member, sets),
                )
        if len(set(members)) != len(members):
            report.error(("overlaps", i, "sets"), "a set appears twice in this overlap")
        label = (
            f'["{escape_text(text(overlap["label"]))}"]' if overlap.get("label") is not None else ""
        )
        size = f":{number_text(overlap['size'])}" if overlap.get("size") is not None else ""
        model.lines.append(f"  union {','.join(members)}{label}{size}")
    return model


KIND = DiagramKind(
    name="venn",
    description="A Venn diagram (Mermaid `venn-beta`, 11.12.3+)",
    properties=PROPERTIES,
    required=("sets",),
    build=build,
    template="venn.mmd.j2",
    mermaid_types=("venn",),
)
