"""The sequence build: a spec → the lines of ``sequence.mmd.j2``, with Mermaid's rules
(known participants, balanced activations, create/destroy) checked on the way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean, format_path
from specmaid.kinds.base import BuildInput, text
from specmaid.kinds.sequence.schema import (
    BRANCH_BLOCKS,
    HALF_AT_FROM,
    HALF_AT_TO,
    HALF_HEADS,
    RESERVED,
    STEP_KINDS,
)
from specmaid.kinds.sequence.text import check_color, grammar_color, links_json, seq_text
from specmaid.pipeline.escape import kind_safe_id

#: A participant id Mermaid's sequence grammar reads back as written wherever the template
#: writes one (a declaration, `create`, a message's ends with `+`/`-` activation, a note,
#: `activate`, `destroy`, `links`): letters (any script), digits, `_`, `.`, with single `-`
#: or `/` between them (`API-GW`, `CI/CD`, `diseño`). Not an arrow's start or end (`--`, a
#: first or last `-`), never `:`, `,`, `;`, `@`, `<`, `>`, `+` or a space, and not starting
#: with `x` (`->>-xray` reads as the `-x` arrow). Checked in tests/test_import_ids.py.
_PARTICIPANT_ID_RE = re.compile(r"^(?![xX])\w[\w.]*(?:[-/][\w.]+)*$")


def is_participant_id(participant_id: str) -> bool:
    """Whether a participant id is written into the diagram as it is (sequence keywords
    are renamed whatever their case)."""
    return bool(_PARTICIPANT_ID_RE.match(participant_id)) and participant_id.lower() not in RESERVED


@dataclass
class SequenceModel:
    autonumber: str | None  # the `autonumber …` line, or None
    lines: list[str] = field(default_factory=list)  # the body, already indented and escaped


def _autonumber(value: Any) -> str | None:
    if value is True:
        return "autonumber"
    if value is False or value is None:
        return None
    start, step = value.get("start"), value.get("step")
    if start is None and step is not None:
        start = 1
    return " ".join(str(p) for p in ("autonumber", start, step) if p is not None)


def _arrow(step: dict[str, Any]) -> str:
    dash = "--" if step.get("line") == "dotted" else "-"
    head = step.get("head", "arrow")
    if head in HALF_HEADS:
        if step.get("head_at") == "from":
            return HALF_AT_FROM[head] + dash
        return dash + HALF_AT_TO[head]
    return {
        "arrow": f"{dash}>>",
        "none": f"{dash}>",
        "cross": f"{dash}x",
        "async": f"{dash})",
        "both": f"<<{dash}>>",
    }[head]


class _Builder:
    """Walks the steps in document order, the order in which Mermaid checks its rules."""

    def __init__(self, spec: dict[str, Any], report: Reporter) -> None:
        self.spec = spec
        self.report = report
        self.participants: dict[str, Any] = dict(spec.get("participants") or {})
        self.ids = {
            p: p if is_participant_id(p) else kind_safe_id(p, RESERVED, "p")
            for p in self.participants
        }
        self.lines: list[str] = []
        self.active: dict[str, int] = {}
        # Participants with a `create` step: not declared up front, unusable before it.
        self.to_create = self._find_creates(spec.get("steps") or [])
        self.created: set[str] = set()
        self.destroyed: set[str] = set()
        # The `create`/`destroy` step waiting for its message: (participant, step path).
        self.pending_create: tuple[str, tuple[Any, ...]] | None = None
        self.pending_destroy: tuple[str, tuple[Any, ...]] | None = None

    def _find_creates(self, steps: list[Any]) -> set[str]:
        found: set[str] = set()
        for step in steps:
            if "create" in step:
                found.add(text(step["create"]))
            for key in ("steps", "options", *BRANCH_BLOCKS):
                inner = step.get(key) or []
                if key == "steps":
                    found |= self._find_creates(inner)
                else:
                    for branch in inner:
                        found |= self._find_creates(branch.get("steps") or [])
        return found

    # -- participants

    def ref(self, value: Any, path: tuple[Any, ...], *, destroying: bool = False) -> str | None:
        """The Mermaid id of a participant a step uses, or None after reporting why not."""
        name = text(value)
        if name not in self.ids:
            self.report.error(
                path,
                f"unknown participant {name!r}; declare it under `participants:`."
                + did_you_mean(name, self.ids),
            )
            return None
        if name in self.to_create and name not in self.created:
            self.report.error(path, f"participant {name!r} is used before its `create` step")
            return None
        if name in self.destroyed and not destroying:
            self.report.error(path, f"participant {name!r} was destroyed earlier")
            return None
        return self.ids[name]

    def declaration(self, user_id: str) -> str:
        value = self.participants[user_id]
        spec_p = value if isinstance(value, dict) else {"label": value}
        mid = self.ids[user_id]
        kind = spec_p.get("type", "participant")
        keyword = "actor" if kind == "actor" else "participant"
        # Types beyond participant/actor use the 11.x config syntax `id@{"type": …}`.
        extra = "@" + json.dumps({"type": kind}) if kind not in ("participant", "actor") else ""
        label = spec_p.get("label")
        shown = text(label) if label is not None else (user_id if mid != user_id else None)
        alias = f" as {seq_text(shown)}" if shown is not None else ""
        return f"{keyword} {mid}{extra}{alias}"

    def header(self) -> None:
        boxes = self.spec.get("boxes") or []
        boxed: dict[str, int] = {}
        for b, box in enumerate(boxes):
            if box.get("color") is not None:
                check_color(box["color"], ("boxes", b, "color"), self.report)
            for j, member in enumerate(box["participants"]):
                name = text(member)
                where = ("boxes", b, "participants", j)
                if name not in self.participants:
                    self.report.error(
                        where, f"unknown participant {name!r}." + did_you_mean(name, self.ids)
                    )
                elif name in boxed:
                    self.report.error(
                        where, f"participant {name!r} is already in box {boxed[name]}"
                    )
                elif name in self.to_create:
                    self.report.error(
                        where,
                        f"participant {name!r} is created mid-diagram; Mermaid cannot put a"
                        " created participant in a box",
                    )
                else:
                    boxed[name] = b
        # Participants appear in spec order; boxed ones inside their box (at the first member).
        emitted_boxes: set[int] = set()
        for user_id in self.participants:
            if user_id in self.to_create:
                continue
            if user_id not in boxed:
                self.lines.append(f"    {self.declaration(user_id)}")
                continue
            b = boxed[user_id]
            if b in emitted_boxes:
                continue
            emitted_boxes.add(b)
            box = boxes[b]
            # Always name a colour first: otherwise a label starting with a colour word
            # ("red team") would lose that word to the colour.
            color = "transparent"
            if box.get("color") is not None and check_color(box["color"], (), Reporter()):
                color = grammar_color(box["color"])
            head = f"box {color}"
            if box.get("label") is not None:
                # ')' would extend an rgb(…) colour over the label (Mermaid's regex is greedy).
                head += " " + seq_text(box["label"]).replace(")", "#41;")
            self.lines.append(f"    {head}")
            for member in box["participants"]:
                name = text(member)
                if boxed.get(name) == b:
                    self.lines.append(f"        {self.declaration(name)}")
            self.lines.append("    end")
        for user_id, value in self.participants.items():
            links = value.get("links") if isinstance(value, dict) else None
            if links:
                self.lines.append(f"    links {self.ids[user_id]}: {links_json(links)}")

    # -- steps

    def walk(self, steps: list[Any], path: tuple[Any, ...], indent: str) -> None:
        for i, step in enumerate(steps):
            here = (*path, i)
            present = [k for k in STEP_KINDS if k in step]
            if len(present) != 1:
                if not present:
                    self.report.error(
                        here,
                        "a step needs one of: from/to (a message), note, activate_participant,"
                        " deactivate_participant, create, destroy, autonumber, loop, opt,"
                        " break, critical, rect, alt, par, par_over",
                    )
                else:
                    self.report.error(here, f"a step is one thing; found {', '.join(present)}")
                continue
            what = present[0]
            if what == "from":
                self.message(step, here, indent)
            elif what == "note":
                self.note(step, here, indent)
            elif what in ("activate_participant", "deactivate_participant"):
                self.activation(step, what, here, indent)
            elif what == "create":
                self.create(step, here, indent)
            elif what == "destroy":
                target = self.ref(step["destroy"], (*here, "destroy"))
                if target is not None:
                    self.lines.append(f"{indent}destroy {target}")
                    self.pending_destroy = (text(step["destroy"]), (*here, "destroy"))
            elif what == "autonumber":
                line = _autonumber(step["autonumber"])
                self.lines.append(f"{indent}{line or 'autonumber off'}")
            elif what in BRANCH_BLOCKS:
                for j, branch in enumerate(step[what]):
                    head = what if j == 0 else BRANCH_BLOCKS[what]
                    label = seq_text(branch["when"]) if branch.get("when") is not None else ""
                    self.lines.append(f"{indent}{head} {label}".rstrip())
                    self.walk(branch["steps"], (*here, what, j, "steps"), indent + "    ")
                self.lines.append(f"{indent}end")
            else:
                self.block(step, what, here, indent)
            if step.get("options") and what != "critical":
                self.report.error((*here, "options"), "`options` belong to a `critical` block")

    def block(self, step: dict[str, Any], what: str, here: tuple[Any, ...], indent: str) -> None:
        if what == "rect":
            color = step["rect"]
            shown = (
                grammar_color(color) if check_color(color, (*here, "rect"), self.report) else color
            )
        else:
            shown = seq_text(step[what])
        self.lines.append(f"{indent}{what} {shown}".rstrip())
        self.walk(step.get("steps") or [], (*here, "steps"), indent + "    ")
        if what == "critical":
            for j, branch in enumerate(step.get("options") or []):
                when = seq_text(branch["when"]) if branch.get("when") is not None else ""
                self.lines.append(f"{indent}option {when}".rstrip())
                self.walk(branch["steps"], (*here, "options", j, "steps"), indent + "    ")
        self.lines.append(f"{indent}end")

    def message(self, step: dict[str, Any], here: tuple[Any, ...], indent: str) -> None:
        if "to" not in step:
            self.report.error(here, "a message needs `to`")
            return
        sender, receiver = text(step["from"]), text(step["to"])
        # The message a `destroy` waits for may use the destroyed participant one last time.
        destroying = self.pending_destroy is not None and self.pending_destroy[0] in (
            sender,
            receiver,
        )
        a = self.ref(step["from"], (*here, "from"), destroying=destroying)
        b = self.ref(step["to"], (*here, "to"), destroying=destroying)
        self.check_pending(sender, receiver, here)
        if a is None or b is None:
            return
        head = step.get("head", "arrow")
        if step.get("head_at") and head not in HALF_HEADS:
            self.report.error(
                (*here, "head_at"),
                f"`head_at` places a half head ({', '.join(HALF_HEADS)}); found head {head!r}",
            )
        suffix = ""
        if step.get("activate") and step.get("deactivate"):
            self.report.error(
                (*here, "deactivate"),
                "a message either activates the receiver or deactivates the sender",
            )
        elif step.get("activate"):
            suffix = "+"
            self.active[b] = self.active.get(b, 0) + 1
        elif step.get("deactivate"):
            if self.active.get(a, 0) <= 0:
                self.report.error(
                    (*here, "deactivate"),
                    f"{sender!r} is not active; Mermaid would fail"
                    " (activate it with `activate: true` on a message to it first)",
                )
            else:
                self.active[a] -= 1
                suffix = "-"
        central = step.get("central")
        if central and suffix:
            self.report.error(
                (*here, "central"),
                "Mermaid has no syntax for a central connection on a message that also"
                " activates or deactivates; use an `activate_participant` or"
                " `deactivate_participant` step",
            )
            return
        arrow = _arrow(step)
        left = "()" if central in ("from", "both") else ""
        right = "()" if central in ("to", "both") else ""
        message = seq_text(step.get("text", ""), step.get("wrap"))
        self.lines.append(f"{indent}{a}{left}{arrow}{suffix}{right}{b}: {message}".rstrip())

    def check_pending(self, sender: str, receiver: str, here: tuple[Any, ...]) -> None:
        """Mermaid's rule: the message right after `create`/`destroy` must involve that one."""
        if self.pending_create is not None:
            name, where = self.pending_create
            if receiver != name:
                self.report.error(
                    where,
                    f"the message after `create: {name}` must go to {name!r}"
                    f" (found {sender!r} → {receiver!r} at {format_path(here)}); Mermaid"
                    " draws a created participant where its first message arrives",
                )
            self.pending_create = None
        elif self.pending_destroy is not None:
            name, where = self.pending_destroy
            if name not in (sender, receiver):
                self.report.error(
                    where,
                    f"the message after `destroy: {name}` must come from or go to {name!r}"
                    f" (found {sender!r} → {receiver!r} at {format_path(here)})",
                )
            else:
                self.destroyed.add(name)
            self.pending_destroy = None

    def note(self, step: dict[str, Any], here: tuple[Any, ...], indent: str) -> None:
        where = [k for k in ("over", "left_of", "right_of") if k in step]
        if len(where) != 1:
            self.report.error(here, "a note needs one of `over`, `left_of`, `right_of`")
            return
        refs = step[where[0]] if isinstance(step[where[0]], list) else [step[where[0]]]
        if where[0] != "over" and isinstance(step[where[0]], list):
            self.report.error(
                (*here, where[0]), "a note left or right of is beside one participant"
            )
            return
        targets = [self.ref(r, (*here, where[0], k)) for k, r in enumerate(refs)]
        if None in targets:
            return
        place = {"over": "over", "left_of": "left of", "right_of": "right of"}[where[0]]
        self.lines.append(
            f"{indent}Note {place} {','.join(t for t in targets if t)}: "
            + seq_text(step["note"], step.get("wrap"))
        )

    def activation(
        self, step: dict[str, Any], what: str, here: tuple[Any, ...], indent: str
    ) -> None:
        for flag in ("activate", "deactivate"):
            if flag in step:
                self.report.error(
                    (*here, flag), f"`{flag}: true` belongs on a message (with from/to)"
                )
        target = self.ref(step[what], (*here, what))
        if target is None:
            return
        if what == "activate_participant":
            self.active[target] = self.active.get(target, 0) + 1
            self.lines.append(f"{indent}activate {target}")
        elif self.active.get(target, 0) <= 0:
            self.report.error(
                (*here, what), f"{text(step[what])!r} is not active; Mermaid would fail"
            )
        else:
            self.active[target] -= 1
            self.lines.append(f"{indent}deactivate {target}")

    def create(self, step: dict[str, Any], here: tuple[Any, ...], indent: str) -> None:
        name = text(step["create"])
        if name not in self.participants:
            self.report.error(
                (*here, "create"),
                f"declare {name!r} under `participants:` too (its label and type)."
                + did_you_mean(name, self.ids),
            )
            return
        if name in self.created:
            self.report.error((*here, "create"), f"participant {name!r} is already created")
            return
        self.created.add(name)
        self.lines.append(f"{indent}create {self.declaration(name)}")
        if self.pending_create is not None:
            self.report.error(
                self.pending_create[1],
                f"the message after `create: {self.pending_create[0]}` must go to it;"
                " another `create` came first",
            )
        self.pending_create = (name, (*here, "create"))

    def finish(self) -> None:
        for pending, verb in ((self.pending_create, "create"), (self.pending_destroy, "destroy")):
            if pending is not None:
                self.report.error(
                    pending[1],
                    f"no message follows `{verb}: {pending[0]}`; Mermaid draws the {verb}d"
                    " participant at the message right after it",
                )


def build(inp: BuildInput, report: Reporter) -> SequenceModel:
    spec = dict(inp.spec)
    builder = _Builder(spec, report)
    builder.header()
    builder.walk(spec.get("steps") or [], ("steps",), "    ")
    builder.finish()
    return SequenceModel(autonumber=_autonumber(spec.get("autonumber")), lines=builder.lines)
