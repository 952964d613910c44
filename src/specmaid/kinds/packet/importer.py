"""Import of packet diagrams: Mermaid's packet db → a spec (see importing/dispatch.py).

The db keeps the fields split into rows (`bitsPerRow`): a field crossing a row's end is two
blocks with one label. Consecutive blocks with one label across a row's end are joined
again; two fields that were written so are drawn the same way as one.
"""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common
from specmaid.mermaid.bridge import ParseResult


def import_packet(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "packet")
    bits_per_row = (result.config.get("packet") or {}).get("bitsPerRow")
    if not isinstance(bits_per_row, int) or bits_per_row <= 0:
        bits_per_row = 32
    fields: list[dict[str, Any]] = []
    last_end: int | None = None
    for word in (result.graph or {}).get("packet") or []:
        for block in word:
            start, end, label = int(block["start"]), int(block["end"]), str(block["label"])
            continued = (
                fields
                and fields[-1]["label"] == label
                and last_end is not None
                and start == last_end + 1
                and start % bits_per_row == 0
            )
            if continued:
                fields[-1]["bits"] += end - start + 1
            else:
                fields.append({"bits": end - start + 1, "label": label})
            last_end = end
    spec["fields"] = fields
    return spec, []
