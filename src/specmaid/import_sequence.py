"""Import of sequence diagrams.

Mermaid's sequence db keeps one flat list of "messages": real messages, notes, activations,
autonumber switches, and the start / middle / end markers of blocks (`loop … end`,
`alt … else … end`). The list is folded back into the spec's nested steps; participants come
from the db's actors (in their order, with type, label, links and box), creations and
destructions from the positions the db recorded for them.
"""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importer_kinds import common, line_breaks, markup_warnings
from specmaid.mermaid import ParseResult

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


def import_sequence(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "sequence")
    graph = result.graph or {}
    warnings: list[SpecError] = []
    config = result.config or {}
    default_wrap = bool((config.get("sequence") or {}).get("wrap", False))

    actors: dict[str, Any] = graph.get("actors") or {}
    participants: dict[str, Any] = {}
    for actor_id, actor in actors.items():
        item: dict[str, Any] = {}
        label = line_breaks(str(actor.get("description", actor_id)))
        if label != actor_id:
            item["label"] = label
        if actor.get("type") and actor["type"] != "participant":
            item["type"] = actor["type"]
        if actor.get("links"):
            item["links"] = dict(actor["links"])
        if actor.get("properties"):
            warnings.append(
                SpecError(
                    f"the properties of {actor_id!r} are not part of a sequence spec; left out",
                    file=name,
                    line=_line_of(text, "properties", first_line),
                    severity="warning",
                )
            )
        participants[actor_id] = (
            item if set(item) - {"label"} else (item.get("label") if item else None)
        )
    if participants:
        spec["participants"] = participants

    boxes = []
    for box in graph.get("boxes") or []:
        row: dict[str, Any] = {}
        if box.get("name"):
            row["label"] = line_breaks(str(box["name"]))
        if box.get("fill") and box["fill"] != "transparent":
            row["color"] = str(box["fill"])
        row["participants"] = list(box.get("actorKeys") or [])
        boxes.append(row)
    if boxes:
        spec["boxes"] = boxes

    created = {int(v): k for k, v in (graph.get("createdActors") or {}).items()}
    destroyed = {int(v): k for k, v in (graph.get("destroyedActors") or {}).items()}
    messages: list[dict[str, Any]] = graph.get("messages") or []

    # Folding: a stack of step lists; each open block knows where its branches go.
    root: list[Any] = []
    stack: list[tuple[int, dict[str, Any], list[Any]]] = []  # (end type, block step, steps)
    current = root

    def wrap_key(step: dict[str, Any], message: dict[str, Any]) -> None:
        if bool(message.get("wrap")) != default_wrap:
            step["wrap"] = bool(message.get("wrap"))

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
        elif kind == NOTE:
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
            block: dict[str, Any] = {what: label if what == "rect" else line_breaks(label)}
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
    for index in sorted(set(created) | set(destroyed)):
        if index >= len(messages):  # a creation or destruction after the last message
            key = "create" if index in created else "destroy"
            root.append({key: (created if key == "create" else destroyed)[index]})
    if root:
        spec["steps"] = root
    warnings.extend(markup_warnings(text, name, first_line, "sequence diagram", line_breaks=True))
    return spec, warnings


def _line_of(text: str, needle: str, first_line: int) -> int | None:
    for number, line in enumerate(text.splitlines()):
        if needle in line:
            return first_line + number
    return None
