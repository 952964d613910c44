"""State diagram: states (nested in composites and regions), transitions, notes, classDefs.
``[*]`` is a different pseudo-state in each composite: a transition names the composite."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, attrs, class_defs, classes, diagram, entry, label_of
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def _scope(p: Projection, states: Any, transitions: Any, parent: str | None, scope: str) -> None:
    for state_id, value in (states or {}).items():
        data = entry(value)
        found = attrs(data, "label", "states", "transitions", "regions")
        if "class" in found:
            found["class"] = classes(found["class"])
        p.add(
            "state",
            state_id,
            label_of(data, state_id),
            found,
            {"in": parent} if parent else None,
            mark=state_id,
        )
        _scope(p, data.get("states"), data.get("transitions"), state_id, state_id)
        for n, region in enumerate(data.get("regions") or []):
            del n  # (a region's `[*]` belongs to its composite state)
            _scope(p, region.get("states"), region.get("transitions"), state_id, state_id)
    for transition in transitions or []:
        refs = {side: text(transition[side]) for side in ("from", "to")}
        if scope:  # `[*]` of a composite: that composite's start or end
            for side, role in (("from", "start of"), ("to", "end of")):
                if refs[side] == "[*]":
                    refs[role] = scope
        found = attrs(transition, "label", "from", "to")
        p.add("transition", None, label_of(transition), found, refs)


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, "direction", "hide_empty_description")
    _scope(p, inp.spec.get("states"), inp.spec.get("transitions"), None, "")
    class_defs(p, inp)
    return p


def highlight(diagram: Any, styles: dict[str, dict[str, str]]) -> str:
    """States get a mark class (the ``class`` statement appends it to their classes);
    removed states are drawn again, marked (a transition cannot be dashed: removed ones are
    in the list)."""
    from specmaid.diff.highlight import class_marks
    from specmaid.kinds.state import _label, state_mermaid_id

    def mermaid_id(item: Any) -> str | None:
        return state_mermaid_id(item.key) if item.type == "state" else None

    def ghost(item: Any, ghost_id: str) -> str:
        return f'state "{_label(item.label)}" as {ghost_id}'

    theme = diagram.head.theme
    taken = set(diagram.head.rendered.spec.get("classes") or {}) | set(
        theme.classes if theme else {}
    )
    return class_marks(diagram, styles, mermaid_id, taken, ghost=ghost, ghost_types=("state",))
