"""State diagrams: states (nested, concurrent, choice, fork, join), transitions and notes.

```yaml
diagram: state
direction: LR
states:
  evaluating: {label: Evaluating capabilities}
  decide: {type: choice}
  asl2: {label: ASL-2, note: {text: Released under ASL-2, side: right}}
  asl3: ASL-3
transitions:
  - {from: "[*]", to: evaluating}
  - {from: evaluating, to: decide}
  - {from: decide, to: asl2, label: far from ASL-3 thresholds}
  - {from: decide, to: asl3, label: thresholds reached}
  - {from: asl2, to: "[*]"}
```
`[*]` is the start (as `from`) or the end (as `to`). A state may hold `states:` and
`transitions:` of its own (a composite state), or `regions:`, a list of such groups that run
concurrently (Mermaid's `--`). State ids are shared by the whole diagram, so a transition may
name any state. Choice, fork and join states cannot hold states; a fork with fewer than two
ways out, or a join with fewer than two ways in, gets a warning.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    CLASS_DEFS,
    CLASS_REFS,
    NONEMPTY_TEXT,
    STYLES,
    TEXT,
    BuildInput,
    DiagramKind,
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    text,
)
from specmaid.kinds.jison_text import guard_direction, keyword_prefixed_lines
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED
from specmaid.pipeline.escape import escape_line_text, escape_text, kind_safe_id, style_list

RESERVED = frozenset(
    [
        "state",
        "note",
        "end",
        "direction",
        "classdef",
        "class",
        "as",
        "left",
        "right",
        "of",
        "over",
        "style",
        "click",
        "href",
        "hide",
        "empty",
        "scale",
        "default",
        "acctitle",
        "accdescr",
        "statediagram",
    ]
)
TYPES = ("normal", "choice", "fork", "join")
DIRECTIONS = ["TB", "BT", "LR", "RL"]
TRANSITION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["from", "to"],
    "properties": {"from": TEXT, "to": TEXT, "label": TEXT},
}
GROUP_PROPERTIES: dict[str, Any] = {
    "states": {"type": "object", "additionalProperties": {"$ref": "#/$defs/state"}},
    "transitions": {"type": "array", "items": TRANSITION},
}
STATE: dict[str, Any] = {
    "oneOf": [
        NONEMPTY_TEXT,
        {"type": "null"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": NONEMPTY_TEXT,
                "description": {
                    "oneOf": [TEXT, {"type": "array", "items": TEXT, "minItems": 1}],
                    "description": "a line under the name, or a list of lines",
                },
                "type": {"enum": list(TYPES)},
                "note": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text"],
                    "properties": {"text": TEXT, "side": {"enum": ["left", "right"]}},
                },
                "class": CLASS_REFS,
                "style": STYLES,
                "direction": {"enum": DIRECTIONS, "description": "inside a composite state"},
                **GROUP_PROPERTIES,
                "regions": {
                    "type": "array",
                    "minItems": 2,
                    "description": "concurrent regions, each with its own states and transitions",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "properties": GROUP_PROPERTIES,
                    },
                },
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": DIRECTIONS},
    "hide_empty_description": {
        "type": "boolean",
        "description": "draw states without a description as plain boxes",
    },
    **GROUP_PROPERTIES,
    "classes": CLASS_DEFS,
}


@dataclass
class StateModel:
    direction: str | None
    hide_empty_description: bool = False
    lines: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ text


def _label(value: Any) -> str:
    """A quoted state name (`state "…" as id`)."""
    return guard_direction(escape_text(text(value)))


def _after_colon(value: Any) -> str:
    """Text after ` : ` (descriptions, transition labels, one-line notes): the lexer takes
    `:` as the end of a text (`[^:\\n;]`), so every ':' is an entity."""
    return guard_direction(escape_line_text(text(value)).replace(":", "#58;"))


def _note_block(value: Any) -> list[str]:
    """A multi-line note body, not indented (indentation would become part of the text);
    a line starting with `end note` would end it early."""
    lines = text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = [guard_direction(escape_line_text(line, newline=" ")) for line in lines]
    body = keyword_prefixed_lines("\n".join(escaped), "end note").split("\n")
    return [line.rstrip() for line in body]


# ----------------------------------------------------------------------------- build


def _groups(node: dict[str, Any]) -> list[tuple[dict[str, Any], list[Any], tuple[Any, ...]]]:
    """(states, transitions, path suffix) of each group inside a state or the diagram."""
    if node.get("regions"):
        return [
            (r.get("states") or {}, r.get("transitions") or [], ("regions", i))
            for i, r in enumerate(node["regions"])
        ]
    return [(node.get("states") or {}, node.get("transitions") or [], ())]


#: A state id Mermaid's state grammar reads back as written wherever the template writes one
#: (a state, a composite's `state X {`, a transition's end, `note … of X`, `class X`,
#: `style X`): ASCII letters, digits and `_` (`1st`, `_x` too). Its `class` and `style`
#: statements refuse `.`, `-`, `:` and every non-ASCII letter, so `diseño` cannot stay.
_STATE_ID_RE = re.compile(r"^[A-Za-z0-9_]+$")


def is_state_id(state_id: str) -> bool:
    """Whether a state id is written into the diagram as it is (checked against the real
    parser in tests/test_import_ids.py); state keywords are renamed whatever their case."""
    return bool(_STATE_ID_RE.match(state_id)) and state_id.lower() not in RESERVED


def state_mermaid_id(state_id: str) -> str:
    """The id written into the diagram for a spec's state: itself when Mermaid reads it back
    as written, else renamed with a hash so two states never share one."""
    return state_id if is_state_id(state_id) else kind_safe_id(state_id, RESERVED, "s")


def build(inp: BuildInput, report: Reporter) -> StateModel:
    spec = inp.spec
    class_defs = {**inp.class_defs, **(spec.get("classes") or {})}
    model = StateModel(spec.get("direction"), bool(spec.get("hide_empty_description")))
    ids: dict[str, str] = {}
    kinds: dict[str, str] = {}

    def collect(states: dict[str, Any], path: tuple[Any, ...]) -> None:
        for sid, value in states.items():
            if sid in ids:
                report.error((*path, sid), f"duplicate state id {sid!r}", at_key=True)
            ids[sid] = state_mermaid_id(sid)
            node = value if isinstance(value, dict) else {}
            kinds[sid] = node.get("type", "normal")
            for sub_states, _, suffix in _groups(node):
                collect(sub_states, (*path, sid, *suffix, "states"))

    collect(spec.get("states") or {}, ("states",))
    used_classes: dict[str, list[str]] = {}
    outgoing: dict[str, int] = {}
    incoming: dict[str, int] = {}

    def ref(value: Any, path: tuple[Any, ...]) -> str | None:
        name = text(value)
        if name == "[*]":
            return "[*]"
        if name in ids:
            return ids[name]
        report.error(
            path, f"unknown state {name!r}; define it under `states:`." + did_you_mean(name, ids)
        )
        return None

    def emit_state(sid: str, value: Any, here: tuple[Any, ...], indent: str) -> None:
        node = value if isinstance(value, dict) else {"label": value}
        mid = ids[sid]
        kind = node.get("type", "normal")
        label = node.get("label")
        if label is None and mid != sid:
            label = sid  # a renamed id still shows the name the user wrote
        has_children = bool(node.get("states") or node.get("regions"))
        if node.get("states") and node.get("regions"):
            report.error(here, "a state holds either `states` or `regions`, not both")
        if kind != "normal":
            if has_children:
                report.error(
                    (*here, "type"), f"a {kind} state cannot hold states; only normal ones can"
                )
            if label is not None and node.get("label") is not None:
                report.error((*here, "label"), f"a {kind} state is drawn without a label")
            model.lines.append(f"{indent}state {mid} <<{kind}>>")
        elif has_children:
            title = f'"{_label(label)}" as ' if label is not None else ""
            model.lines.append(f"{indent}state {title}{mid} {{")
            if node.get("direction"):
                model.lines.append(f"{indent}    direction {node['direction']}")
            for g, (states, transitions, suffix) in enumerate(_groups(node)):
                if g:
                    model.lines.append(f"{indent}    --")
                emit_group(states, transitions, (*here, *suffix), indent + "    ")
            model.lines.append(f"{indent}}}")
        elif label is not None:
            model.lines.append(f'{indent}state "{_label(label)}" as {mid}')
        else:
            model.lines.append(f"{indent}{mid}")
        if node.get("direction") and not has_children:
            report.error((*here, "direction"), "`direction` applies inside a composite state")
        for description in as_list(node.get("description")):
            model.lines.append(f"{indent}{mid} : {_after_colon(description)}")
        if node.get("note"):
            side = node["note"].get("side", "right")
            body = text(node["note"]["text"])
            if "\n" in body.strip():
                model.lines.append(f"{indent}note {side} of {mid}")
                model.lines.extend(_note_block(body.strip()))
                model.lines.append(f"{indent}end note")
            else:
                model.lines.append(f"{indent}note {side} of {mid} : {_after_colon(body)}")
        if node.get("style"):
            check_styles(node["style"], (*here, "style"), report)
            model.lines.append(f"{indent}style {mid} {style_list(node['style'])}")
        classes = [text(c) for c in as_list(node.get("class"))]
        check_class_refs(classes, class_defs, (*here, "class"), report)
        for name in classes:
            used_classes.setdefault(name, []).append(mid)

    def emit_group(
        states: dict[str, Any], transitions: list[Any], path: tuple[Any, ...], indent: str
    ) -> None:
        for sid, value in states.items():
            emit_state(sid, value, (*path, "states", sid), indent)
        for i, transition in enumerate(transitions):
            here = (*path, "transitions", i)
            a = ref(transition["from"], (*here, "from"))
            b = ref(transition["to"], (*here, "to"))
            if a is None or b is None:
                continue
            outgoing[text(transition["from"])] = outgoing.get(text(transition["from"]), 0) + 1
            incoming[text(transition["to"])] = incoming.get(text(transition["to"]), 0) + 1
            line = f"{indent}{a} --> {b}"
            if transition.get("label") is not None:
                line += f" : {_after_colon(transition['label'])}"
            model.lines.append(line)

    emit_group(spec.get("states") or {}, spec.get("transitions") or [], (), "    ")
    for sid, kind in kinds.items():
        if kind == "fork" and outgoing.get(sid, 0) < 2:
            report.warning(("states", sid), f"fork {sid!r} has {outgoing.get(sid, 0)} ways out")
        if kind == "join" and incoming.get(sid, 0) < 2:
            report.warning(("states", sid), f"join {sid!r} has {incoming.get(sid, 0)} ways in")
    for name, styles in class_def_lines(
        class_defs, spec.get("classes") or {}, used_classes, report
    ):
        model.lines.append(f"    classDef {name} {styles}")
    for name, members in used_classes.items():
        model.lines.append(f"    class {','.join(members)} {name}")
    return model


KIND = DiagramKind(
    name="state",
    description="A state diagram (Mermaid `stateDiagram-v2`)",
    properties=PROPERTIES,
    defs={"state": STATE},
    build=build,
    template="state.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    uses_class_defs=True,
    mermaid_types=("stateDiagram",),
    importer="specmaid.kinds.state.importer:import_state",
)
