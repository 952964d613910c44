"""Event models: a timeline of frames (screens, commands, events, read models, processors).

`frames` is the timeline, left to right. A frame has a `type` (ui, command, event, read_model,
processor) and a `name` (an identifier such as `AddItem`); a `namespace` puts it in its own
swimlane (`Cart` → "Stream: Cart" for events). Mermaid draws an arrow into each frame from the
frame before it in another swimlane, unless the frame says `from:` (the numbers of earlier
frames it takes input from) or `reset: true` (starts a new flow: no arrow in). Frames are
numbered 1, 2, 3, … in order unless they give an `id` (0 to 999).

A frame can show example data: `data:` (one line, with an optional `data_type`) or
`data_block:` naming an entry of the top-level `data_blocks` (several lines).

```yaml
diagram: eventmodeling
frames:
  - {type: ui, name: CartScreen}
  - {type: command, name: AddItem, data: "item: string"}
  - {type: event, name: ItemAdded, namespace: Cart, data_block: added}
  - {type: read_model, name: CartItems, from: [3]}
data_blocks:
  added: {type: json, text: "{\\"item\\": \\"book\\"}"}
```

Checked with Mermaid's own rules: a command takes input from a ui or processor, an event from
a command, a read model from an event, a processor or ui from a read model; `from` names
earlier frames (Mermaid drops arrows from later ones) and no reset frame has `from`. Mermaid
11.17 parses `entity`, `note` and `gwt` statements but draws none of them, so they are not
offered; it has no title or accessibility lines either (the frontmatter title is kept).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, text
from specmaid.kinds.textsafe import entity, line_text, refuse_accessibility
from specmaid.pipeline.escape import escape_line_text

TYPES = {
    "ui": "ui",
    "command": "command",
    "event": "event",
    "read_model": "readmodel",
    "processor": "processor",
}
DATA_TYPES = ("json", "jsobj", "figma", "salt", "uri", "md", "html", "text")
#: Which frame types a frame may take input from (Mermaid's EventModelingValidator).
ALLOWED_SOURCES = {
    "command": ("ui", "processor"),
    "event": ("command",),
    "read_model": ("event",),
    "processor": ("read_model",),
    "ui": ("read_model",),
}
NAME_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
#: Words of the eventmodeling grammar (case-sensitive): not usable as names.
KEYWORDS = frozenset(
    {
        "eventmodeling",
        "tf",
        "timeframe",
        "rf",
        "resetframe",
        "rmo",
        "readmodel",
        "ui",
        "cmd",
        "command",
        "evt",
        "event",
        "pcr",
        "processor",
        "entity",
        "data",
        "note",
        "gwt",
        "given",
        "when",
        "then",
        *DATA_TYPES,
    }
)

IDENTIFIER: dict[str, Any] = {"type": "string", "pattern": NAME_RE}
PROPERTIES: dict[str, Any] = {
    "frames": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["type", "name"],
            "properties": {
                "type": {"enum": list(TYPES)},
                "name": {**IDENTIFIER, "description": "letters, digits and _"},
                "namespace": {**IDENTIFIER, "description": "a swimlane of its own"},
                "id": {"type": "integer", "minimum": 0, "maximum": 999},
                "reset": {"type": "boolean", "description": "start a new flow: no arrow in"},
                "from": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "integer", "minimum": 0, "maximum": 999},
                    "description": "numbers of the earlier frames this one takes input from",
                },
                "data": {**TEXT, "description": "example data, one line"},
                "data_type": {"enum": list(DATA_TYPES)},
                "data_block": {**IDENTIFIER, "description": "a name under `data_blocks:`"},
            },
        },
    },
    "data_blocks": {
        "type": "object",
        "propertyNames": {"pattern": NAME_RE},
        "additionalProperties": {
            "oneOf": [
                TEXT,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text"],
                    "properties": {"type": {"enum": list(DATA_TYPES)}, "text": TEXT},
                },
            ]
        },
    },
}


@dataclass
class EventModel:
    lines: list[str] = field(default_factory=list)


def frame_number(value: int) -> str:
    """A frame id as written in Mermaid: two digits at least (`04`), as its docs do."""
    return f"{value:02d}"


_LEADING_BRACE_RE = re.compile(r"^\}", re.MULTILINE)


def block_lines(value: Any) -> list[str]:
    """The lines of a data block, kept as written (indentation included).

    A line starting with `}` would end the block early, so that brace is an entity.
    """
    lines = text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        indent = line[: len(line) - len(line.lstrip())]  # escape_line_text trims it away
        escaped = indent + escape_line_text(line, semicolon=False) if line.strip() else ""
        out.append(_LEADING_BRACE_RE.sub(entity("}"), escaped))
    return out


def _a(words: str) -> str:
    """'an event', 'a command': frame types spoken as in Mermaid's own messages."""
    spoken = words.replace("_", " ")
    return ("an " if spoken.startswith(("a", "e", "i", "o")) else "a ") + spoken


def check_name(value: str, path: tuple[Any, ...], report: Reporter) -> None:
    if value in KEYWORDS:
        report.error(path, f"{value!r} is a word of Mermaid's eventmodeling syntax; rename it")


def build(inp: BuildInput, report: Reporter) -> EventModel:
    spec = inp.spec
    refuse_accessibility(spec, report, "eventmodeling diagram")
    model = EventModel()
    blocks: dict[str, Any] = spec.get("data_blocks") or {}
    frames: list[dict[str, Any]] = spec["frames"]

    numbers: dict[int, int] = {}  # frame id → position in the timeline
    for i, frame in enumerate(frames):
        number = frame.get("id", i + 1)
        if number in numbers:
            where = ("frames", i, "id") if "id" in frame else ("frames", i)
            report.error(
                where,
                f"frame number {number} is already frames[{numbers[number]}]'s"
                " (frames without `id` are numbered by position, from 1)",
            )
        numbers.setdefault(number, i)

    used_blocks: set[str] = set()
    for i, frame in enumerate(frames):
        path = ("frames", i)
        check_name(frame["name"], (*path, "name"), report)
        identifier = frame["name"]
        if frame.get("namespace"):
            check_name(frame["namespace"], (*path, "namespace"), report)
            identifier = f"{frame['namespace']}.{identifier}"
        keyword = "resetframe" if frame.get("reset") else "timeframe"
        line = f"{keyword} {frame_number(frame.get('id', i + 1))} {TYPES[frame['type']]}"
        line += f" {identifier}"

        sources = frame.get("from") or []
        if sources and frame.get("reset"):
            report.error(
                (*path, "from"), "a reset frame starts a new flow; Mermaid draws no arrow in"
            )
        for j, source in enumerate(sources):
            where = (*path, "from", j)
            position = numbers.get(source)
            if position is None:
                report.error(
                    where,
                    f"no frame number {source}."
                    + did_you_mean(str(source), [str(n) for n in numbers]),
                )
                continue
            if position >= i:
                report.error(
                    where,
                    f"frame {source} is not earlier in the timeline; Mermaid only draws arrows"
                    " from earlier frames",
                )
            source_type = frames[position]["type"]
            allowed = ALLOWED_SOURCES[frame["type"]]
            if source_type not in allowed:
                report.error(
                    where,
                    f"{_a(frame['type'])} can only receive input from {_a(' or '.join(allowed))},"
                    f" not from {_a(source_type)} (frame {source})",
                )
            line += f" ->> {frame_number(source)}"

        if frame.get("data_block") is not None:
            name = frame["data_block"]
            used_blocks.add(name)
            if name not in blocks:
                report.error(
                    (*path, "data_block"),
                    f"no data block {name!r} under `data_blocks:`." + did_you_mean(name, blocks),
                )
            if frame.get("data") is not None:
                report.error(
                    (*path, "data"),
                    "a frame shows `data` or a `data_block`, not both (Mermaid shows the block)",
                )
            line += f" [[{name}]]"
        if frame.get("data_type") is not None and frame.get("data") is None:
            report.error((*path, "data_type"), "`data_type` describes `data`, which is missing")
        if frame.get("data") is not None:
            data = line_text(frame["data"], newline="<br/>")
            if not data:
                report.error((*path, "data"), "empty data")
            kind = f"`{frame['data_type']}`" if frame.get("data_type") else ""
            # Mermaid drops the character before the closing brace: the space.
            line += f" {kind}{{{data} }}"
        model.lines.append(line)

    for name, block in blocks.items():
        check_name(name, ("data_blocks", name), report)
        if name not in used_blocks:
            report.warning(("data_blocks", name), "no frame shows this data block")
        block = block if isinstance(block, dict) else {"text": block}
        kind = f"`{block['type']}`" if block.get("type") else ""
        model.lines.append(f"data {name} {kind}{{")
        model.lines.extend(block_lines(block["text"]))
        model.lines.append("}")
    return model


KIND = DiagramKind(
    name="eventmodeling",
    description="An event model: frames on a timeline (Mermaid `eventmodeling`, 11.15+)",
    properties=PROPERTIES,
    required=("frames",),
    build=build,
    template="eventmodeling.mmd.j2",
    since="11.15",
    mermaid_types=("eventmodeling",),
    importer="specmaid.kinds.eventmodeling.importer:import_eventmodeling",
)
