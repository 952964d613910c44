"""Packet diagrams: the fields of a network packet or binary layout, bit by bit.

```yaml
diagram: packet
fields:
  - {bits: 16, label: Source Port}
  - {bits: 16, label: Destination Port}
  - {start: 32, end: 63, label: Sequence Number}
```
Fields are given by width (`bits`, laid out one after another) or by `start`/`end`; they
must not overlap or leave gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.escape import langium_string
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, check_no_entities, text

PROPERTIES: dict[str, Any] = {
    "fields": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["label"],
            "properties": {
                "label": TEXT,
                "bits": {"type": "integer", "minimum": 1},
                "start": {"type": "integer", "minimum": 0},
                "end": {"type": "integer", "minimum": 0},
            },
        },
    }
}


@dataclass
class PacketModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> PacketModel:
    model = PacketModel()
    position = 0
    for i, item in enumerate(inp.spec["fields"]):
        path = ("fields", i)
        label = text(item["label"])
        check_no_entities(label, (*path, "label"), report, "packet diagram")
        if item.get("bits") is not None:
            if item.get("start") is not None or item.get("end") is not None:
                report.error(path, "give `bits` or `start`/`end`, not both")
            start, end = position, position + item["bits"] - 1
        elif item.get("start") is not None:
            start, end = item["start"], item.get("end", item["start"])
            if end < start:
                report.error(
                    (*path, "end"), f"found {end}; `end` cannot be before `start` ({start})"
                )
        else:
            report.error(path, "give `bits` (a width) or `start` and `end`")
            continue
        if start != position:
            what = (
                "overlaps the previous field"
                if start < position
                else f"leaves bits {position}-{start - 1} empty"
            )
            report.error(
                path, f"starts at bit {start}, which {what}; fields must follow each other"
            )
        range_text = f"{start}" if start == end else f"{start}-{end}"
        model.lines.append(f"{range_text}: {langium_string(label)}")
        position = end + 1
    return model


KIND = DiagramKind(
    name="packet",
    description="A packet diagram of bit fields (Mermaid `packet-beta`)",
    properties=PROPERTIES,
    required=("fields",),
    build=build,
    template="packet.mmd.j2",
    mermaid_types=("packet",),
)
