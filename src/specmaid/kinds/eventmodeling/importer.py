"""Import of event models: the AST Mermaid's eventmodeling db keeps → a spec (see
:mod:`specmaid.importing.dispatch`)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_breaks, line_matching, markup_warnings
from specmaid.kinds.eventmodeling import ALLOWED_SOURCES
from specmaid.mermaid.bridge import ParseResult

#: Mermaid's frame type words (long and short) → the spec's
TYPES = {
    "ui": "ui",
    "cmd": "command",
    "command": "command",
    "evt": "event",
    "event": "event",
    "rmo": "read_model",
    "readmodel": "read_model",
    "pcr": "processor",
    "processor": "processor",
}
#: Statements Mermaid 11.17 parses but does not draw: the spec offers none of them.
NOT_DRAWN = {"entity": "entity", "note": "note", "gwt": "given/when/then (gwt)"}


def _sources(frame_type: str) -> str:
    """'a command takes input from a ui or processor', as Mermaid's validator says it."""
    allowed = " or ".join(t.replace("_", " ") for t in ALLOWED_SOURCES[frame_type])
    return f"{frame_type.replace('_', ' ')} frames take input from {allowed} frames"


def drawn_data(value: str, opening: str) -> str:
    """The text Mermaid draws from a data value: after the opening brace (`{` inline, `{` and
    a line break for a block) up to the character before the closing one."""
    start = value.find(opening)
    start = start + len(opening) if start >= 0 else 0
    end = value.rfind("}")
    return value[start : max(start, end - 1)]


def import_eventmodeling(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "eventmodeling")
    spec.pop("accessibility", None)  # (the grammar has no accessibility statements)
    model = (result.graph or {}).get("eventModel") or {}
    # Mermaid draws frame data as HTML; a spec's is drawn as written (`<br>`: a line break).
    warnings = markup_warnings(text, name, first_line, "frame", line_breaks=True)

    def warn(message: str, pattern: str) -> None:
        line = line_matching(text, pattern, first_line)
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    frames = []
    positions: dict[str, int] = {}
    for position, frame in enumerate(model.get("frames") or []):
        positions[str(frame["name"])] = position
        item: dict[str, Any] = {"type": TYPES[str(frame["modelEntityType"])]}
        namespace, _, frame_name = str(frame["entityIdentifier"]).rpartition(".")
        item["name"] = frame_name
        if namespace:
            item["namespace"] = namespace
        number = int(frame["name"])
        if number != position + 1:
            item["id"] = number
        if frame.get("reset"):
            item["reset"] = True
        sources = []
        frame_line = rf"^\s*(tf|timeframe|rf|resetframe)\s+{re.escape(str(frame['name']))}\b"
        if frame.get("reset") and frame.get("sourceFrames"):
            warn(
                f"reset frame {frame['name']} names frames it takes input from; a reset frame"
                " starts a new flow (Mermaid draws no arrow in), so they were left out",
                frame_line,
            )
        for source in [] if frame.get("reset") else frame.get("sourceFrames") or []:
            if positions.get(str(source), position) >= position:
                warn(
                    f"frame {frame['name']} takes input from frame {source}, which is not"
                    " earlier in the timeline (Mermaid draws no arrow), so it was left out",
                    frame_line,
                )
                continue
            source_type = frames[positions[str(source)]]["type"]
            if source_type not in ALLOWED_SOURCES[item["type"]]:
                warn(
                    f"frame {frame['name']} ({item['type'].replace('_', ' ')}) takes input from"
                    f" frame {source} ({source_type.replace('_', ' ')}), which a spec refuses"
                    f" ({_sources(item['type'])}), so it was left out",
                    frame_line,
                )
                continue
            sources.append(int(source))
        if sources:
            item["from"] = sources
        if frame.get("dataReference"):
            item["data_block"] = frame["dataReference"]
        elif frame.get("dataInlineValue") is not None:
            item["data"] = line_breaks(drawn_data(str(frame["dataInlineValue"]), "{")).strip()
            if frame.get("dataType"):
                item["data_type"] = frame["dataType"]
        frames.append(item)
    spec["frames"] = frames
    blocks: dict[str, Any] = {}
    for entity in model.get("dataEntities") or []:
        block_text = drawn_data(str(entity.get("dataBlockValue", "")), "{\n")
        blocks[str(entity["name"])] = (
            {"type": entity["dataType"], "text": block_text}
            if entity.get("dataType")
            else block_text
        )
    if blocks:
        spec["data_blocks"] = blocks
    for keyword, what in NOT_DRAWN.items():
        if (model.get("notDrawn") or {}).get(keyword):
            for number, line in enumerate(text.splitlines()):
                if re.match(rf"^\s*{keyword}\b", line):
                    warnings.append(
                        SpecError(
                            f"Mermaid parses {what} statements but does not draw them, and a"
                            " spec has none; it was left out",
                            file=name,
                            line=first_line + number,
                            severity="warning",
                        )
                    )
    return spec, warnings
