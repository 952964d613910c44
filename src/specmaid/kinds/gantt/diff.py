"""Gantt chart: sections in order, tasks in order within their section (each its own row),
with their timing and status; ``after``/``until`` follow renamed task ids."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text

GLOBAL_KEYS = (
    "date_format", "axis_format", "tick_interval", "excludes", "includes", "weekend",
    "weekday", "inclusive_end_dates", "today_marker", "compact",
)  # fmt: skip


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, *GLOBAL_KEYS)
    taken: set[str] = set()
    for section in inp.spec.get("sections") or []:
        name = text(section.get("name", ""))  # ("": the tasks before any section)
        section_key = unique_key(f"section:{name}", taken)
        p.add("section", section_key, name, seq="sections")
        for task in section.get("tasks") or []:
            key = unique_key(text(task.get("id") or task["name"]), taken)
            refs = {k: task[k] for k in ("after", "until") if task.get(k) is not None}
            refs["section"] = section_key
            p.add(
                "task",
                key,
                task["name"],
                attrs(task, "name", "id", "after", "until"),
                refs,
                seq=section_key,
            )
    return p
