"""Packet diagrams: the fields of a network packet or binary layout, bit by bit.

```yaml
diagram: packet
title: TCP header (first two words)
fields:
  - {bits: 16, label: Source Port}
  - {bits: 16, label: Destination Port}
  - {start: 32, end: 63, label: Sequence Number}
```
Fields are given by width (`bits`, laid out one after another) or by `start`/`end` bit
numbers (`end` defaults to `start`); they start at bit 0 and must not overlap or leave gaps.
Mermaid draws 32 bits a row (`config: {packet: {bitsPerRow: 16}}` changes it) and splits a
field that crosses a row. The `title:` is drawn above the packet. Any label text is fine.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind
from specmaid.kinds.beta_helpers import langium_entity_text

#: Mermaid stops splitting a packet into rows after this many (its `maxPacketSize`).
MAX_ROWS = 10_000

PROPERTIES: dict[str, Any] = {
    "fields": {
        "type": "array",
        "minItems": 1,
        "description": "the fields in bit order",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["label"],
            "properties": {
                "label": TEXT,
                "bits": {"type": "integer", "minimum": 1, "description": "the field's width"},
                "start": {"type": "integer", "minimum": 0, "description": "its first bit"},
                "end": {"type": "integer", "minimum": 0, "description": "its last bit"},
            },
        },
    }
}


@dataclass
class PacketModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> PacketModel:
    model = PacketModel()
    next_bit = 0  # Mermaid's `lastBit + 1`: where the next field must start
    for i, item in enumerate(inp.spec["fields"]):
        path = ("fields", i)
        if item.get("bits") is not None:
            if item.get("start") is not None or item.get("end") is not None:
                report.error(path, "give `bits` or `start`/`end`, not both")
            start, end = next_bit, next_bit + item["bits"] - 1
        elif item.get("start") is not None:
            start, end = item["start"], item.get("end", item["start"])
            if end < start:
                report.error(
                    (*path, "end"), f"found {end}; `end` cannot be before `start` ({start})"
                )
                end = start
        else:
            if item.get("end") is not None:
                report.error(path, "`end` needs a `start`")
            else:
                report.error(path, "give `bits` (a width) or `start` and `end`")
            continue
        if start != next_bit:
            what = (
                "overlaps the previous field"
                if start < next_bit
                else f"leaves bits {next_bit}-{start - 1} empty"
            )
            report.error(
                path, f"starts at bit {start}, which {what}; fields must follow each other"
            )
        bit_range = f"{start}" if start == end else f"{start}-{end}"
        # Ranges rather than Mermaid's `+bits`, which older 11.x releases cannot read.
        model.lines.append(f"{bit_range}: {langium_entity_text(item['label'])}")
        next_bit = end + 1
    bits_per_row = _bits_per_row(inp.config)
    if next_bit > MAX_ROWS * bits_per_row:
        report.error(
            ("fields",),
            f"the packet has {next_bit} bits; Mermaid draws at most {MAX_ROWS} rows of"
            f" {bits_per_row} bits and drops the rest",
        )
    return model


def _bits_per_row(config: dict[str, Any] | Any) -> int:
    value = (config.get("packet") or {}).get("bitsPerRow")
    return value if isinstance(value, int) and value > 0 else 32


KIND = DiagramKind(
    name="packet",
    description="A packet diagram of bit fields (Mermaid `packet-beta`)",
    properties=PROPERTIES,
    required=("fields",),
    build=build,
    template="packet.mmd.j2",
    since="11.0",
    mermaid_types=("packet",),
    importer="specmaid.kinds.packet.importer:import_packet",
)
