"""User journey: sections and their tasks (score, actors) in drawn order."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp)
    taken: set[str] = set()
    for section in inp.spec.get("sections") or []:
        label = text(section.get("name", ""))  # ("": the tasks before any section)
        key = unique_key(f"section:{label}", taken)
        p.add("section", key, label, seq="sections")
        for task in section.get("tasks") or []:
            found = attrs(task, "task")
            if "actors" in found:
                found["actors"] = sorted(text(a) for a in found["actors"])
            task_key = unique_key(f"{key}/{text(task['task'])}", taken)
            p.add("task", task_key, task["task"], found, {"in": key}, seq=key)
    return p
