"""Sequence diagram: participants in their drawn order, boxes, and every step in order
(messages, notes, activations, the start and end of each block), so an inserted message
is one addition and a moved one is one move."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, attrs, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import as_list, text

BODY_BLOCKS = ("loop", "opt", "break", "critical", "rect")
BRANCH_BLOCKS = {"alt": "else", "par": "and", "par_over": "and"}
NOTE_SIDES = ("over", "left_of", "right_of")


def _steps(p: Projection, steps: Any) -> None:
    for step in steps or []:
        block = next((k for k in (*BODY_BLOCKS, *BRANCH_BLOCKS) if k in step), None)
        if block in BODY_BLOCKS:
            p.add("block", None, step[block], {"block": block}, seq="steps")
            _steps(p, step.get("steps"))
            for option in step.get("options") or []:
                p.add("block", None, option.get("when", ""), {"block": "option"}, seq="steps")
                _steps(p, option.get("steps"))
            p.add("block end", None, "", {"block": block}, seq="steps")
        elif block is not None:
            participants = step.get("participants")
            for n, branch in enumerate(step[block]):
                head = block if n == 0 else BRANCH_BLOCKS[block]
                found = {"block": head, "over": participants}
                p.add("block", None, branch.get("when", ""), found, seq="steps")
                _steps(p, branch.get("steps"))
            p.add("block end", None, "", {"block": block}, seq="steps")
        elif step.get("note") is not None:
            side = next((s for s in NOTE_SIDES if step.get(s) is not None), "over")
            refs = {side: [text(v) for v in as_list(step.get(side))]}
            p.add("note", None, step["note"], attrs(step, "note", *NOTE_SIDES), refs, seq="steps")
        elif step.get("from") is not None:
            refs = {"from": text(step["from"]), "to": text(step["to"])}
            p.add(
                "message",
                None,
                label_of(step, keys=("text",)),
                attrs(step, "text", "from", "to"),
                refs,
                seq="steps",
            )
        else:
            what = next(iter(step), "step")
            found = attrs(
                step, *(k for k in ("activate_participant", "deactivate_participant") if k in step)
            )
            refs = {
                k: text(step[k])
                for k in ("activate_participant", "deactivate_participant")
                if step.get(k) is not None
            }
            p.add(
                what.replace("_participant", "").replace("_", " "),
                None,
                "",
                found,
                refs,
                seq="steps",
            )


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "autonumber")
    for participant_id, value in (spec.get("participants") or {}).items():
        data = entry(value)
        p.add(
            "participant",
            participant_id,
            label_of(data, participant_id),
            attrs(data, "label"),
            seq="participants",
        )
    for box in spec.get("boxes") or []:
        p.add(
            "box",
            None,
            label_of(box),
            attrs(box, "label", "participants"),
            {"participants": [text(x) for x in box.get("participants") or []]},
        )
    _steps(p, spec.get("steps"))
    return p
