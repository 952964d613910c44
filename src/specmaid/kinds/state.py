"""State diagrams: states (nested, choice, fork, join), transitions and notes.

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
`transitions:` of its own (a composite state).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import escape_line_text, escape_text, kind_safe_id
from specmaid.kinds.base import (
    CLASS_DEFS,
    CLASS_REFS,
    TEXT,
    BuildInput,
    DiagramKind,
    as_list,
    check_class_refs,
    class_def_lines,
    text,
)

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
        "hide",
        "empty",
    ]
)
TYPES = ("normal", "choice", "fork", "join")
TRANSITION: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["from", "to"],
    "properties": {"from": TEXT, "to": TEXT, "label": TEXT},
}
STATE: dict[str, Any] = {
    "oneOf": [
        TEXT,
        {"type": "null"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": TEXT,
                "description": TEXT,
                "type": {"enum": list(TYPES)},
                "note": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["text"],
                    "properties": {"text": TEXT, "side": {"enum": ["left", "right"]}},
                },
                "class": CLASS_REFS,
                "states": {"type": "object", "additionalProperties": {"$ref": "#/$defs/state"}},
                "transitions": {"type": "array", "items": TRANSITION},
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"]},
    "states": {"type": "object", "additionalProperties": {"$ref": "#/$defs/state"}},
    "transitions": {"type": "array", "items": TRANSITION},
    "classes": CLASS_DEFS,
}


@dataclass
class StateModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> StateModel:
    spec = inp.spec
    class_defs = {**inp.class_defs, **(spec.get("classes") or {})}
    model = StateModel(spec.get("direction"))
    ids: dict[str, str] = {}

    def collect(states: dict[str, Any], path: tuple[Any, ...]) -> None:
        for sid, value in states.items():
            if sid in ids:
                report.error((*path, sid), f"duplicate state id {sid!r}", at_key=True)
            ids[sid] = kind_safe_id(sid, RESERVED, "s")
            if isinstance(value, dict):
                collect(value.get("states") or {}, (*path, sid, "states"))

    collect(spec.get("states") or {}, ("states",))
    used_classes: dict[str, list[str]] = {}

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

    def emit(
        states: dict[str, Any], transitions: list[Any], path: tuple[Any, ...], indent: str
    ) -> None:
        for sid, value in states.items():
            here = (*path, "states", sid) if path else ("states", sid)
            node = value if isinstance(value, dict) else {"label": value}
            mid = ids[sid]
            kind = node.get("type", "normal")
            label = node.get("label")
            if label is None and mid != sid:
                label = sid
            if kind != "normal":
                model.lines.append(f"{indent}state {mid} <<{kind}>>")
            elif node.get("states"):
                title = f'"{escape_text(text(label))}" as ' if label is not None else ""
                model.lines.append(f"{indent}state {title}{mid} {{")
                emit(node["states"], node.get("transitions") or [], here, indent + "    ")
                model.lines.append(f"{indent}}}")
            elif label is not None:
                model.lines.append(f'{indent}state "{escape_text(text(label))}" as {mid}')
            else:
                model.lines.append(f"{indent}{mid}")
            if node.get("description") is not None:
                model.lines.append(f"{indent}{mid} : {escape_line_text(text(node['description']))}")
            if node.get("note"):
                side = node["note"].get("side", "right")
                # A second ':' ends a one-line note early: written as an entity.
                note = escape_line_text(text(node["note"]["text"])).replace(":", "#58;")
                model.lines.append(f"{indent}note {side} of {mid} : {note}")
            classes = [text(c) for c in as_list(node.get("class"))]
            check_class_refs(classes, class_defs, (*here, "class"), report)
            for name in classes:
                used_classes.setdefault(name, []).append(mid)
        for i, transition in enumerate(transitions):
            here = (*path, "transitions", i) if path else ("transitions", i)
            a = ref(transition["from"], (*here, "from"))
            b = ref(transition["to"], (*here, "to"))
            if a is None or b is None:
                continue
            line = f"{indent}{a} --> {b}"
            if transition.get("label") is not None:
                line += f" : {escape_line_text(text(transition['label']))}"
            model.lines.append(line)

    emit(spec.get("states") or {}, spec.get("transitions") or [], (), "    ")
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
    uses_class_defs=True,
    mermaid_types=("stateDiagram",),
)
