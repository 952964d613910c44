"""Sequence diagrams: participants, messages, activations, notes and blocks.

```yaml
diagram: sequence
autonumber: true
participants:
  user: {label: User, type: actor}
  api: Claude API
steps:
  - {from: user, to: api, text: Prompt with a thinking budget, activate: true}
  - alt:
      - when: budget left
        steps: [{from: api, to: api, text: Think step by step}]
      - when: budget spent
        steps: [{note: Answer now, over: [api]}]
  - {from: api, to: user, text: Answer, line: dotted, deactivate: true}
```
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import escape_line_text, kind_safe_id
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, text

PARTICIPANT_TYPES = (
    "participant",
    "actor",
    "boundary",
    "control",
    "entity",
    "database",
    "collections",
    "queue",
)
HEADS = ("arrow", "none", "cross", "async", "both")
BLOCKS = ("loop", "opt", "break", "critical", "rect", "alt", "par")

#: Words the sequence grammar reads as keywords; a participant id equal to one is renamed.
RESERVED = frozenset(
    w.lower()
    for w in [
        "participant",
        "actor",
        "as",
        "end",
        "loop",
        "alt",
        "else",
        "opt",
        "par",
        "and",
        "rect",
        "critical",
        "option",
        "break",
        "note",
        "over",
        "left",
        "right",
        "of",
        "activate",
        "deactivate",
        "autonumber",
        "title",
        "box",
        "create",
        "destroy",
        "links",
        "link",
        "properties",
        "details",
        "accTitle",
        "accDescr",
    ]
)

PARTICIPANT: dict[str, Any] = {
    "oneOf": [
        TEXT,
        {"type": "null"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": TEXT,
                "type": {"enum": list(PARTICIPANT_TYPES)},
                "links": {
                    "type": "object",
                    "description": "menu entries: label → URL",
                    "additionalProperties": {"type": "string"},
                },
            },
        },
    ]
}

STEP: dict[str, Any] = {
    "type": "object",
    "description": "a message, a note, an activation, a participant created or destroyed,"
    " or a block (loop, opt, break, critical, rect, alt, par) holding more steps",
    "additionalProperties": False,
    "properties": {
        "from": TEXT,
        "to": TEXT,
        "text": TEXT,
        "line": {"enum": ["solid", "dotted"]},
        "head": {"enum": list(HEADS)},
        "activate": {"type": "boolean", "description": "activate the receiver"},
        "deactivate": {"type": "boolean", "description": "deactivate the sender"},
        "note": TEXT,
        "over": {"oneOf": [TEXT, {"type": "array", "items": TEXT, "minItems": 1, "maxItems": 2}]},
        "left_of": TEXT,
        "right_of": TEXT,
        "activate_participant": TEXT,
        "deactivate_participant": TEXT,
        "create": TEXT,
        "destroy": TEXT,
        "loop": TEXT,
        "opt": TEXT,
        "break": TEXT,
        "critical": TEXT,
        "rect": {
            "type": "string",
            "pattern": r"^#[0-9a-fA-F]{3,8}$",
            "description": "a hex colour",
        },
        "options": {"type": "array", "items": {"$ref": "#/$defs/branch"}},
        "alt": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/branch"}},
        "par": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/branch"}},
        "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
    },
}

BRANCH: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["steps"],
    "properties": {"when": TEXT, "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}}},
}

PROPERTIES: dict[str, Any] = {
    "autonumber": {"type": "boolean"},
    "participants": {"type": "object", "additionalProperties": PARTICIPANT},
    "boxes": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["participants"],
            "properties": {
                "label": TEXT,
                "color": {"type": "string", "pattern": r"^(#[0-9a-fA-F]{3,8}|[a-zA-Z]+)$"},
                "participants": {"type": "array", "items": TEXT},
            },
        },
    },
    "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
}


@dataclass
class SequenceModel:
    autonumber: bool
    lines: list[str] = field(default_factory=list)  # the body, already indented and escaped


def _arrow(step: dict[str, Any]) -> str:
    dotted = step.get("line") == "dotted"
    head = step.get("head", "arrow")
    dash = "--" if dotted else "-"
    return {
        "arrow": f"{dash}>>",
        "none": f"{dash}>",
        "cross": f"{dash}x",
        "async": f"{dash})",
        "both": f"<<{dash}>>",
    }[head]


def build(inp: BuildInput, report: Reporter) -> SequenceModel:
    spec = inp.spec
    model = SequenceModel(autonumber=bool(spec.get("autonumber")))
    ids: dict[str, str] = {}
    declared: list[str] = []
    for user_id in spec.get("participants") or {}:
        ids[user_id] = kind_safe_id(user_id, RESERVED, "p")
    active: dict[str, int] = {}
    created: set[str] = set()
    destroyed: set[str] = set()

    def pid(ref: Any, path: tuple[Any, ...]) -> str | None:
        name = text(ref)
        if name in ids:
            if name in destroyed:
                report.error(path, f"participant {name!r} was destroyed earlier")
            return ids[name]
        report.error(
            path,
            f"unknown participant {name!r}; declare it under `participants:`."
            + did_you_mean(name, ids),
        )
        return None

    def declaration(user_id: str, value: Any) -> str:
        mid = ids[user_id]
        spec_p = value if isinstance(value, dict) else {"label": value}
        label = spec_p.get("label")
        kind = spec_p.get("type", "participant")
        keyword = "actor" if kind == "actor" else "participant"
        extra = ""
        if kind not in ("participant", "actor"):
            extra = "@" + json.dumps({"type": kind})
        shown = text(label) if label is not None else (user_id if mid != user_id else None)
        alias = f" as {escape_line_text(shown)}" if shown is not None else ""
        return f"{keyword} {mid}{extra}{alias}"

    participants = spec.get("participants") or {}
    boxed: dict[str, int] = {}
    for b, box in enumerate(spec.get("boxes") or []):
        for j, member in enumerate(box["participants"]):
            name = text(member)
            if name not in participants:
                report.error(
                    ("boxes", b, "participants", j),
                    f"unknown participant {name!r}." + did_you_mean(name, ids),
                )
            elif name in boxed:
                report.error(
                    ("boxes", b, "participants", j),
                    f"participant {name!r} is already in box {boxed[name]}",
                )
            else:
                boxed[name] = b
    # Participants appear in spec order; boxed ones inside their box (at the first member).
    emitted_boxes: set[int] = set()
    for user_id, value in participants.items():
        if user_id in boxed:
            b = boxed[user_id]
            if b in emitted_boxes:
                continue
            emitted_boxes.add(b)
            box = spec["boxes"][b]
            head = "box"
            if box.get("color"):
                head += f" {box['color']}"
            if box.get("label") is not None:
                head += f" {escape_line_text(text(box['label']))}"
            model.lines.append(f"    {head}")
            for member in box["participants"]:
                name = text(member)
                if name in participants:
                    model.lines.append(f"        {declaration(name, participants[name])}")
            model.lines.append("    end")
        else:
            model.lines.append(f"    {declaration(user_id, value)}")
        declared.append(user_id)
    for user_id, value in participants.items():
        links = value.get("links") if isinstance(value, dict) else None
        if links:
            menu = json.dumps({text(k): v for k, v in links.items()}, ensure_ascii=False)
            model.lines.append(
                f"    links {ids[user_id]}: {menu.replace('#', '%23').replace(';', '%3B')}"
            )

    def walk(steps: list[Any], path: tuple[Any, ...], indent: str) -> None:
        for i, step in enumerate(steps):
            here = (*path, i)
            present = [
                k
                for k in (
                    "from",
                    "note",
                    "activate_participant",
                    "deactivate_participant",
                    "create",
                    "destroy",
                    *BLOCKS,
                )
                if k in step
            ]
            if len(present) != 1 and not ("from" in present and "to" in step):
                if not present:
                    report.error(
                        here,
                        "a step needs one of: from/to (a message), note, loop, opt, break,"
                        " critical, rect, alt, par, create, destroy, activate_participant,"
                        " deactivate_participant",
                    )
                else:
                    report.error(here, f"a step is one thing; found {', '.join(present)}")
                continue
            what = present[0]
            if what == "from":
                if "to" not in step:
                    report.error(here, "a message needs `to`")
                    continue
                a, b = pid(step["from"], (*here, "from")), pid(step["to"], (*here, "to"))
                if a is None or b is None:
                    continue
                suffix = ""
                if step.get("activate"):
                    suffix = "+"
                    active[b] = active.get(b, 0) + 1
                if step.get("deactivate"):
                    if step.get("activate"):
                        report.error(
                            (*here, "deactivate"),
                            "a message either activates the receiver or deactivates the sender",
                        )
                    elif active.get(a, 0) <= 0:
                        report.error(
                            (*here, "deactivate"),
                            f"{text(step['from'])!r} is not active; Mermaid would fail",
                        )
                    else:
                        active[a] -= 1
                        suffix = "-"
                message = escape_line_text(text(step.get("text", "")))
                model.lines.append(f"{indent}{a}{_arrow(step)}{suffix}{b}: {message}".rstrip())
            elif what == "note":
                where = [k for k in ("over", "left_of", "right_of") if k in step]
                if len(where) != 1:
                    report.error(here, "a note needs one of `over`, `left_of`, `right_of`")
                    continue
                refs = step[where[0]] if isinstance(step[where[0]], list) else [step[where[0]]]
                targets = [pid(r, (*here, where[0])) for r in refs]
                if None in targets:
                    continue
                place = {"over": "over", "left_of": "left of", "right_of": "right of"}[where[0]]
                model.lines.append(
                    f"{indent}Note {place} {','.join(t for t in targets if t)}: "
                    + escape_line_text(text(step["note"]))
                )
            elif what in ("activate_participant", "deactivate_participant"):
                target = pid(step[what], (*here, what))
                if target is None:
                    continue
                if what == "activate_participant":
                    active[target] = active.get(target, 0) + 1
                    model.lines.append(f"{indent}activate {target}")
                elif active.get(target, 0) <= 0:
                    report.error(
                        (*here, what), f"{text(step[what])!r} is not active; Mermaid would fail"
                    )
                else:
                    active[target] -= 1
                    model.lines.append(f"{indent}deactivate {target}")
            elif what == "create":
                name = text(step["create"])
                if name not in participants:
                    report.error(
                        (*here, "create"),
                        f"declare {name!r} under `participants:` too (its label and type)",
                    )
                    continue
                created.add(name)
                model.lines.append(f"{indent}create {declaration(name, participants[name])}")
            elif what == "destroy":
                target = pid(step["destroy"], (*here, "destroy"))
                if target is not None:
                    model.lines.append(f"{indent}destroy {target}")
                    destroyed.add(text(step["destroy"]))
            elif what in ("alt", "par"):
                joiner = "else" if what == "alt" else "and"
                for j, branch in enumerate(step[what]):
                    label = escape_line_text(text(branch.get("when", "")))
                    head = what if j == 0 else joiner
                    model.lines.append(f"{indent}{head} {label}".rstrip())
                    walk(branch["steps"], (*here, what, j, "steps"), indent + "    ")
                model.lines.append(f"{indent}end")
            else:
                label = text(step[what]) if what != "rect" else step["rect"]
                shown = label if what == "rect" else escape_line_text(label)
                model.lines.append(f"{indent}{what} {shown}".rstrip())
                walk(step.get("steps") or [], (*here, "steps"), indent + "    ")
                if what == "critical":
                    for j, branch in enumerate(step.get("options") or []):
                        when = escape_line_text(text(branch.get("when", "")))
                        model.lines.append(f"{indent}option {when}".rstrip())
                        walk(branch["steps"], (*here, "options", j, "steps"), indent + "    ")
                elif step.get("options"):
                    report.error((*here, "options"), "`options` belong to a `critical` block")
                model.lines.append(f"{indent}end")

    walk(spec.get("steps") or [], ("steps",), "    ")
    # A participant created mid-diagram must not also be declared up front.
    model.lines = [
        line
        for line in model.lines
        if not any(line == f"    {declaration(n, participants[n])}" for n in created)
    ]
    return model


KIND = DiagramKind(
    name="sequence",
    description="A sequence diagram: participants exchanging messages (Mermaid `sequenceDiagram`)",
    properties=PROPERTIES,
    defs={"step": STEP, "branch": BRANCH},
    build=build,
    template="sequence.mmd.j2",
    mermaid_types=("sequence",),
)
