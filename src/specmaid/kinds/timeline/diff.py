"""Timeline: sections, periods and events, each in drawn order."""

from __future__ import annotations

from typing import Any

from specmaid.diff.extract import DiffInput, diagram, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def _periods(p: Projection, periods: Any, parent: str, taken: set[str]) -> None:
    for period in periods or []:
        label = text(period["period"])
        key = unique_key(f"{parent}/{label}", taken)
        p.add("period", key, label, {}, {"in": parent} if parent else None, seq=parent)
        for event in period.get("events") or []:
            event_key = unique_key(f"{key}/{text(event)}", taken)
            p.add("event", event_key, event, {}, {"in": key}, seq=key)


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, "direction")
    taken: set[str] = set()
    _periods(p, inp.spec.get("periods"), "", taken)
    for section in inp.spec.get("sections") or []:
        label = text(section["name"])
        key = unique_key(f"section:{label}", taken)
        p.add("section", key, label, seq="sections")
        _periods(p, section.get("periods"), key, taken)
    return p
