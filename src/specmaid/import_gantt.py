"""Import of gantt charts.

Mermaid's gantt db keeps the settings (date and axis formats, tick interval, excludes, today
marker) and, for each task, its section, name, flags and the data text after the `:` as the
task line gave it (`crit, a1, 2024-01-01, 3d`). That text is split the way Mermaid splits it:
leading tags, then the end alone, the start and end, or the id, start and end.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importer_kinds import common
from specmaid.kinds.gantt import DURATION_RE, STATUSES
from specmaid.mermaid import ParseResult

_WEEKEND_RE = re.compile(r"^\s*weekend\s+(friday|saturday)\s*$", re.I | re.M)
#: Characters a gantt spec cannot write in a name (see specmaid.kinds.gantt), and stand-ins
#: that look the same.
_STAND_INS = {"#": "＃", ";": "；"}


def task_fields(data: str) -> dict[str, Any]:
    """The spec keys of one task from its data text (what follows the task's `:`)."""
    parts = [p.strip() for p in data.lstrip(":").split(",")]
    statuses = []
    while parts and parts[0] in STATUSES:
        statuses.append(parts.pop(0))
    task: dict[str, Any] = {}
    if statuses:
        task["status"] = statuses[0] if len(statuses) == 1 else statuses
    if len(parts) >= 3:
        task["id"] = parts.pop(0)
    if len(parts) == 2:
        start = parts.pop(0)
        if start.startswith("after "):
            refs = start[len("after ") :].split()
            task["after"] = refs[0] if len(refs) == 1 else refs
        else:
            task["start"] = start
    end = parts[0] if parts else ""
    if end.startswith("until "):
        task["until"] = end[len("until ") :].strip()
    elif DURATION_RE.match(end):
        task["duration"] = end
    else:
        task["end"] = end
    return task


def import_gantt(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "gantt")
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, pattern: str) -> None:
        regex = re.compile(pattern, re.I)
        line = next(
            (first_line + n for n, t in enumerate(text.splitlines()) if regex.search(t)), None
        )
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    spec["date_format"] = str(graph.get("dateFormat") or "YYYY-MM-DD")
    for key, db_key in (
        ("axis_format", "axisFormat"),
        ("tick_interval", "tickInterval"),
        ("today_marker", "todayMarker"),
    ):
        if graph.get(db_key):
            spec[key] = str(graph[db_key])
    if graph.get("excludes"):
        spec["excludes"] = [str(e) for e in graph["excludes"]]
    weekend = _WEEKEND_RE.search(text)
    if weekend:
        spec["weekend"] = weekend.group(1).lower()
    if graph.get("includes"):
        warn("`includes` is not part of a gantt spec; left out", r"^\s*includes\s")
    if graph.get("endDatesAreInclusive"):
        warn("`inclusiveEndDates` is not part of a gantt spec; left out", r"inclusiveEndDates")
    if re.search(r"^\s*weekday\s", text, re.M | re.I):
        warn("`weekday` is not part of a gantt spec; left out", r"^\s*weekday\s")
    for task_id in graph.get("links") or {}:
        warn(f"the click on {task_id!r} is not part of a gantt spec; left out", r"^\s*click\s")

    sections: list[dict[str, Any]] = []
    loose: list[dict[str, Any]] = []
    for task in graph.get("tasks") or []:
        label = str(task.get("task", "")).strip()
        if any(ch in label for ch in _STAND_INS):
            stood_in = "".join(_STAND_INS.get(ch, ch) for ch in label)
            warn(
                f"the task name {label!r} has '#' or ';', which a gantt spec cannot write;"
                f" written as {stood_in!r}",
                re.escape(label),
            )
            label = stood_in
        row = {"name": label, **task_fields(str((task.get("raw") or {}).get("data", "")))}
        section = str(task.get("section") or "")
        if not section:
            loose.append(row)
            continue
        if not sections or sections[-1]["name"] != section:
            sections.append({"name": section, "tasks": []})
        sections[-1]["tasks"].append(row)
    if loose:
        if sections:
            sections[0]["tasks"][:0] = loose
            message = "tasks before the first section were moved into it"
        else:
            sections.append({"name": "Tasks", "tasks": loose})
            message = "tasks outside any section were put in a section named 'Tasks'"
        warn(f"{message} (a spec's gantt chart is made of sections)", re.escape(loose[0]["name"]))
    spec["sections"] = sections
    return spec, warnings
