"""Import of sequence diagrams.

Mermaid's sequence db keeps one flat list of "messages": real messages, notes, activations,
autonumber switches, and the start / middle / end markers of blocks (`loop … end`,
`alt … else … end`). The list is folded back into the spec's nested steps; participants come
from the db's actors (in their order, with type, label, links and box), creations and
destructions from the positions the db recorded for them.

What a spec cannot say is reported with its line: a participant's `properties` and `details`,
a `wrap:`/`nowrap:` switch on a participant, box or block label (a spec has `wrap` on messages
and notes only), a box holding no participant, a `create` or `destroy` with no message after
it, a participant Mermaid places after a created one or links to another neighbour for spacing
because it was declared again (a spec declares each participant once, the created ones last),
and `rect` colours in a form a spec cannot hold (written as the `rgb()` they stand for).
"""

from __future__ import annotations

import colorsys
import re
from typing import Any

from specmaid.errors import Reporter, SpecError
from specmaid.importing.helpers import common, line_breaks, markup_warnings
from specmaid.kinds.sequence import COLOR, check_color
from specmaid.mermaid.bridge import ParseResult

#: Mermaid's LINETYPE of a message → its spec keys (line, head, head_at).
MESSAGE_TYPES: dict[int, dict[str, str]] = {
    0: {},
    5: {"head": "none"},
    3: {"head": "cross"},
    24: {"head": "async"},
    33: {"head": "both"},
    41: {"head": "half-top"},
    45: {"head": "half-top", "head_at": "from"},
    42: {"head": "half-bottom"},
    46: {"head": "half-bottom", "head_at": "from"},
    43: {"head": "stick-top"},
    47: {"head": "stick-top", "head_at": "from"},
    44: {"head": "stick-bottom"},
    48: {"head": "stick-bottom", "head_at": "from"},
    1: {"line": "dotted"},
    6: {"line": "dotted", "head": "none"},
    4: {"line": "dotted", "head": "cross"},
    25: {"line": "dotted", "head": "async"},
    34: {"line": "dotted", "head": "both"},
    51: {"line": "dotted", "head": "half-top"},
    55: {"line": "dotted", "head": "half-top", "head_at": "from"},
    52: {"line": "dotted", "head": "half-bottom"},
    56: {"line": "dotted", "head": "half-bottom", "head_at": "from"},
    53: {"line": "dotted", "head": "stick-top"},
    57: {"line": "dotted", "head": "stick-top", "head_at": "from"},
    54: {"line": "dotted", "head": "stick-bottom"},
    58: {"line": "dotted", "head": "stick-bottom", "head_at": "from"},
}
CENTRAL = {59: "to", 60: "from", 61: "both"}
NOTE, ACTIVE_START, ACTIVE_END, AUTONUMBER = 2, 17, 18, 26
#: Block starts → (spec key, its end type); blocks with branches list their "else" type.
SIMPLE_BLOCKS = {10: ("loop", 11), 15: ("opt", 16), 30: ("break", 31), 22: ("rect", 23)}
BRANCH_BLOCKS = {12: ("alt", 13, 14), 19: ("par", 20, 21), 32: ("par_over", 20, 21)}
CRITICAL_START, CRITICAL_OPTION, CRITICAL_END = 27, 28, 29
PLACEMENTS = {0: "left_of", 1: "right_of", 2: "over"}
#: The keyword that starts a block or branch of each type (for the line of a warning).
BLOCK_WORDS = {
    10: "loop",
    15: "opt",
    30: "break",
    12: "alt",
    13: "else",
    19: "par",
    32: "par",
    20: "and",
    27: "critical",
    28: "option",
}
_RGB_SPACES_RE = re.compile(
    r"^(rgba?)\(\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*(?:/\s*([\d.]+%?)\s*)?\)$", re.I
)
_HSL_RE = re.compile(
    r"^hsla?\(\s*([\d.]+)(?:deg)?\s*[, ]\s*([\d.]+)%\s*[, ]\s*([\d.]+)%"
    r"\s*(?:[,/]\s*([\d.]+%?)\s*)?\)$",
    re.I,
)


def _alpha(value: str) -> float:
    return float(value[:-1]) / 100 if value.endswith("%") else float(value)


def rect_color(value: str) -> tuple[str, bool]:
    """A `rect` colour as a spec holds it, and whether it had to be rewritten: the CSS forms a
    spec does not take (`rgb(0 0 255)`, `hsl(…)`) become the `rgb()`/`rgba()` they stand for;
    anything else unreadable becomes `transparent`."""
    if re.match(COLOR["pattern"], value) and check_color(value, (), Reporter()):
        return value, False
    channels: list[int] | None = None
    alpha: str | None = None
    if match := _RGB_SPACES_RE.match(value.strip()):
        channels = [round(float(c)) for c in match.group(2, 3, 4)]
        alpha = match.group(5)
    elif match := _HSL_RE.match(value.strip()):
        hue, saturation, lightness = (float(c) for c in match.group(1, 2, 3))
        red, green, blue = colorsys.hls_to_rgb(hue % 360 / 360, lightness / 100, saturation / 100)
        channels = [round(c * 255) for c in (red, green, blue)]
        alpha = match.group(4)
    if channels is None or any(not 0 <= c <= 255 for c in channels):
        return "transparent", True
    if alpha is None:
        return f"rgb({channels[0]}, {channels[1]}, {channels[2]})", True
    return f"rgba({channels[0]}, {channels[1]}, {channels[2]}, {_alpha(alpha):g})", True


def _statement_line(text: str, pattern: str, first_line: int, last: bool = False) -> int | None:
    """The line (in the file) of the first (or last) source line matching ``pattern``."""
    found = [
        first_line + number
        for number, line in enumerate(text.splitlines())
        if re.search(pattern, line)
    ]
    if not found:
        return None
    return found[-1] if last else found[0]


def _nth_line(text: str, pattern: str, count: int, first_line: int) -> int | None:
    """The line (in the file) of the ``count``-th source line matching ``pattern``."""
    found = [
        first_line + number
        for number, line in enumerate(text.splitlines())
        if re.search(pattern, line)
    ]
    return found[count - 1] if len(found) >= count else None


def import_sequence(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "sequence")
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, line: int | None) -> None:
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    def line_of(pattern: str, last: bool = False) -> int | None:
        return _statement_line(text, pattern, first_line, last)

    config = result.config or {}
    # What the db records for a text without a `wrap:` switch: the top-level `wrap` setting
    # when there is one (the db's setWrap), else `sequence.wrap`.
    default_wrap = bool(
        config["wrap"]
        if config.get("wrap") is not None
        else (config.get("sequence") or {}).get("wrap", False)
    )
    messages: list[dict[str, Any]] = graph.get("messages") or []
    created_at = {str(k): int(v) for k, v in (graph.get("createdActors") or {}).items()}
    destroyed_at = {str(k): int(v) for k, v in (graph.get("destroyedActors") or {}).items()}
    for actor_id, index in list(created_at.items()):
        if index >= len(messages):
            # Mermaid accepts it, but a spec's `create` needs the message that draws it.
            warn(
                f"`create` of {actor_id!r} has no message after it; imported as a participant"
                " declared at the start",
                line_of(rf"^\s*create\s+(participant|actor)\s+{re.escape(actor_id)}\b"),
            )
            del created_at[actor_id]
    for actor_id, index in list(destroyed_at.items()):
        if index >= len(messages):
            warn(
                f"`destroy {actor_id}` has no message after it (a spec's `destroy` needs the"
                " message that ends the participant); left out",
                line_of(rf"^\s*destroy\s+{re.escape(actor_id)}\s*$"),
            )
            del destroyed_at[actor_id]

    actors: dict[str, Any] = graph.get("actors") or {}
    # getActorKeys: the drawing's order (the actors' own object would put ids like `1` first).
    order = [str(a) for a in graph.get("actorKeys") or actors]
    first_created = next((a for a in order if a in created_at), None)
    if first_created is not None:
        late = [a for a in order[order.index(first_created) :] if a not in created_at]
        if late:
            many = len(late) > 1
            warn(
                f"participant{'s' if many else ''} {', '.join(repr(a) for a in late)}"
                f" {'are' if many else 'is'} drawn after the created participant"
                f" {first_created!r}; a spec declares every participant that is not created at"
                f" the start, so {'they are' if many else 'it is'} drawn before the created ones",
                line_of(rf"^\s*create\s+(participant|actor)\s+{re.escape(first_created)}\b"),
            )
    for position, actor_id in enumerate(order):
        previous = actors[actor_id].get("prevActor")
        if actor_id not in created_at and previous != (order[position - 1] if position else None):
            warn(
                f"participant {actor_id!r} is declared again after {previous!r}; Mermaid then"
                f" spaces it as the neighbour of {previous!r}, a spec declares each participant"
                " once (spacing may differ)",
                line_of(rf"^\s*(participant|actor)\s+{re.escape(actor_id)}\b", last=True),
            )
    participants: dict[str, Any] = {}
    for actor_id in [a for a in order if a not in created_at] + sorted(
        (a for a in order if a in created_at), key=lambda a: created_at[a]
    ):
        actor = actors[actor_id]
        item: dict[str, Any] = {}
        label = line_breaks(str(actor.get("description", actor_id)))
        if label != actor_id:
            item["label"] = label
        if actor.get("type") and actor["type"] != "participant":
            item["type"] = actor["type"]
        if actor.get("links"):
            item["links"] = dict(actor["links"])
        if actor.get("properties"):
            warn(
                f"the properties of {actor_id!r} are not part of a sequence spec; left out",
                line_of(rf"^\s*properties\s+{re.escape(actor_id)}\s*:"),
            )
        if bool(actor.get("wrap")) != default_wrap:
            switch = "wrap:" if actor.get("wrap") else "nowrap:"
            warn(
                f"the {switch} switch of participant {actor_id!r} has no place in a spec (only"
                " messages and notes take `wrap`); its label follows the diagram's wrapping",
                line_of(
                    rf"^\s*(create\s+)?(participant|actor)\s+{re.escape(actor_id)}\b.*\bas\s+:?{switch}"
                ),
            )
        participants[actor_id] = (
            item if set(item) - {"label"} else (item.get("label") if item else None)
        )
    if participants:
        spec["participants"] = participants
    details = line_of(r"^\s*details\s+\S+\s*:")
    if details is not None:
        warn(
            "`details` reads a participant's menu from an element of the page; a spec has no"
            " place for it, so it was left out (write the links under `links:`)",
            details,
        )

    boxes = []
    for number, box in enumerate(graph.get("boxes") or [], start=1):
        box_line = _nth_line(text, r"^\s*box\b", number, first_line)  # the n-th `box`
        row: dict[str, Any] = {}
        if box.get("name"):
            row["label"] = line_breaks(str(box["name"]))
        if box.get("fill") and box["fill"] != "transparent":
            row["color"] = str(box["fill"])
        row["participants"] = list(box.get("actorKeys") or [])
        if bool(box.get("wrap")) != default_wrap:
            switch = "wrap:" if box.get("wrap") else "nowrap:"
            warn(
                f"the {switch} switch of the box {box.get('name')!r} has no place in a spec;"
                " its label follows the diagram's wrapping",
                box_line,
            )
        if not row["participants"]:
            warn(
                f"the box {box.get('name')!r} holds no participant; a spec draws a box around"
                " its participants, so it was left out",
                box_line,
            )
            continue
        boxes.append(row)
    if boxes:
        spec["boxes"] = boxes

    created = {index: k for k, index in created_at.items()}
    destroyed = {index: k for k, index in destroyed_at.items()}

    # Folding: a stack of step lists; each open block knows where its branches go.
    root: list[Any] = []
    stack: list[tuple[int, dict[str, Any], list[Any]]] = []  # (end type, block step, steps)
    current = root

    def wrap_key(step: dict[str, Any], message: dict[str, Any]) -> None:
        if bool(message.get("wrap")) != default_wrap:
            step["wrap"] = bool(message.get("wrap"))

    def label_wrap(message: dict[str, Any], kind: int) -> None:
        """A `wrap:` switch on a block or branch label: a spec has no place for it."""
        if kind in BLOCK_WORDS and bool(message.get("wrap")) != default_wrap:
            switch = "wrap:" if message.get("wrap") else "nowrap:"
            word = BLOCK_WORDS[kind]
            warn(
                f"the {switch} switch of the {word} label {message.get('message')!r} has no"
                " place in a spec (only messages and notes take `wrap`); the label follows"
                " the diagram's wrapping",
                line_of(rf"^\s*{word}\b\s*(over\s+)?:?{switch}"),
            )

    rects = 0  # `rect` blocks so far: the n-th in the db is the n-th in the text
    skip_next_activation = False
    markers: list[int] = []  # central-connection markers still to come after a message
    for index, message in enumerate(messages):
        kind = message.get("type")
        if index in created:
            current.append({"create": created[index]})
        if index in destroyed:
            current.append({"destroy": destroyed[index]})
        if kind in MESSAGE_TYPES:
            step: dict[str, Any] = {"from": message["from"], "to": message["to"]}
            step.update(MESSAGE_TYPES.get(kind, {}))
            if message.get("message"):
                step["text"] = line_breaks(str(message["message"]))
            central = CENTRAL.get(int(message.get("centralConnection") or 0))
            if central:
                # Mermaid follows the message with a marker per circle (types 59, 60), and
                # marks a circle at the receiver as an activation: both come from `()`.
                step["central"] = central
                markers = {"to": [59], "from": [60], "both": [59, 60]}[central]
            elif message.get("activate"):
                step["activate"] = True
                skip_next_activation = True
            wrap_key(step, message)
            current.append(step)
            continue
        if markers and kind == markers[0]:
            markers.pop(0)
            continue
        if kind == ACTIVE_START:
            if skip_next_activation:
                skip_next_activation = False  # the `+` of the message before
                continue
            current.append({"activate_participant": message["from"]})
            continue
        skip_next_activation = False
        if kind == ACTIVE_END:
            previous = current[-1] if current else None
            if (
                isinstance(previous, dict)
                and previous.get("from") == message["from"]
                and "to" in previous
                and not previous.get("activate")
                and not previous.get("deactivate")
                and not previous.get("central")
            ):
                previous["deactivate"] = True  # `a->>-b` (the same data as a `deactivate a`)
            else:
                current.append({"deactivate_participant": message["from"]})
            continue
        label_wrap(message, kind)
        if kind == NOTE:
            placement = PLACEMENTS.get(int(message.get("placement", 2)), "over")
            note: dict[str, Any] = {"note": line_breaks(str(message.get("message", "")))}
            if placement == "over":
                ends = [message["from"], message["to"]]
                note["over"] = ends[0] if ends[0] == ends[1] else ends
            else:
                note[placement] = message["from"]
            wrap_key(note, message)
            current.append(note)
        elif kind == AUTONUMBER:
            setting = message.get("message") or {}
            value: Any = bool(setting.get("visible", True))
            if value and (setting.get("start") is not None or setting.get("step") is not None):
                value = {
                    k: int(setting[k]) for k in ("start", "step") if setting.get(k) is not None
                }
            if index == 0 and value is True and not root:
                spec["autonumber"] = True
            else:
                current.append({"autonumber": value})
        elif kind in SIMPLE_BLOCKS:
            what, end = SIMPLE_BLOCKS[kind]
            label = str(message.get("message", ""))
            block: dict[str, Any] = {what: line_breaks(label)}
            if what == "rect":
                rects += 1
                block[what], rewritten = rect_color(label)
                if rewritten and not label.strip():
                    warn(
                        "this rect has no colour Mermaid can read (in a sequence diagram `#`"
                        " starts a comment, so `rect #f00` has none); written as 'transparent'",
                        _nth_line(text, r"^\s*rect\b", rects, first_line),
                    )
                elif rewritten:
                    warn(
                        f"the rect colour {label!r} is not a form a spec holds ('#rgb',"
                        " 'rgb(…)', 'rgba(…)' or a CSS name); written as"
                        f" {block[what]!r}",
                        _nth_line(text, r"^\s*rect\b", rects, first_line),
                    )
            block["steps"] = []
            current.append(block)
            stack.append((end, block, current))
            current = block["steps"]
        elif kind in BRANCH_BLOCKS:
            what, _, end = BRANCH_BLOCKS[kind]
            branch: dict[str, Any] = {"when": line_breaks(str(message.get("message", "")))}
            branch["steps"] = []
            block = {what: [branch]}
            current.append(block)
            stack.append((end, block, current))
            current = branch["steps"]
        elif kind == CRITICAL_START:
            block = {"critical": line_breaks(str(message.get("message", ""))), "steps": []}
            current.append(block)
            stack.append((CRITICAL_END, block, current))
            current = block["steps"]
        elif kind in (13, 20, CRITICAL_OPTION) and stack:
            _, block, _ = stack[-1]
            branch = {"when": line_breaks(str(message.get("message", ""))), "steps": []}
            if kind == CRITICAL_OPTION:
                block.setdefault("options", []).append(branch)
            else:
                next(v for k, v in block.items() if isinstance(v, list)).append(branch)
            current = branch["steps"]
        elif stack and kind == stack[-1][0]:
            _, _, current = stack.pop()
        else:
            warnings.append(
                SpecError(
                    f"a sequence statement Mermaid records as type {kind} has no spec form;"
                    " left out",
                    file=name,
                    severity="warning",
                )
            )
    if root:
        spec["steps"] = root
    warnings.extend(markup_warnings(text, name, first_line, "sequence diagram", line_breaks=True))
    return spec, sorted(warnings, key=lambda w: w.line or 0)
