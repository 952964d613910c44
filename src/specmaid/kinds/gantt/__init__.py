"""Gantt charts: sections of tasks with dates, durations and dependencies.

```yaml
diagram: gantt
date_format: YYYY-MM-DD
axis_format: "%b %d"
excludes: [weekends]
sections:
  - name: Evaluations
    tasks:
      - {id: bio, name: Biological risk evaluations, start: 2025-01-06, duration: 10d}
      - {id: cyber, name: Cyber ranges, after: [bio], duration: 5d, status: [active]}
      - {name: Release decision, after: [cyber], milestone: true, duration: 0d}
```
Dates are checked against `date_format`; `after` must name tasks of the chart. A task with an
`id` can have a `link` (Mermaid's `click id href "url"`). `includes` lists dates drawn as working
days although `excludes` would skip them; `weekday` is the day weekly ticks start on;
`inclusive_end_dates: true` makes end dates count as a whole day. The first section may go
without a `name`: its tasks come before any section, and Mermaid draws no section for them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, VISIBLE_TEXT, BuildInput, DiagramKind, raw_text, text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED

STATUSES = ("active", "done", "crit", "milestone", "vert")
_ISO_PARTIAL_DATE_RE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2]))?$")
DURATION_RE = re.compile(r"^\d+(\.\d+)?(ms|s|m|h|d|w|M|y)$")
TASK_ID_RE = r"^[A-Za-z_][A-Za-z0-9_-]*$"
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

TASK: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["name"],
    "properties": {
        "name": VISIBLE_TEXT,
        "id": {"type": "string", "pattern": TASK_ID_RE, "description": "a task id"},
        "start": TEXT,
        "end": TEXT,
        "duration": {"type": "string", "description": "e.g. 3d, 1w, 12h"},
        "after": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "until": {"type": "string", "description": "a task id this one runs until"},
        "status": {
            "oneOf": [
                {"enum": list(STATUSES)},
                {"type": "array", "items": {"enum": list(STATUSES)}},
            ]
        },
        "milestone": {"type": "boolean"},
        "link": {"type": "string", "description": "a URL opened on click (needs an id)"},
    },
}

PROPERTIES: dict[str, Any] = {
    "date_format": {"type": "string", "description": "how dates are written (dayjs tokens)"},
    "axis_format": {
        "type": "string",
        # (Mermaid's gantt statement ends at '#', ';' or a line break)
        "pattern": r"^[^#;\r\n]*[^#;\s][^#;\r\n]*$",
        "description": "d3 time format of the axis, e.g. %m/%d (no # or ;)",
    },
    "tick_interval": {
        "type": "string",
        "pattern": r"^\d+(millisecond|second|minute|hour|day|week|month)$",
    },
    "excludes": {"type": "array", "items": {"type": "string"}},
    "includes": {
        "type": "array",
        "items": {"type": "string"},
        "description": "YYYY-MM-DD dates that are working days even if `excludes` skips them",
    },
    "weekend": {"enum": ["friday", "saturday"]},
    "weekday": {"enum": list(WEEKDAYS), "description": "the day weekly ticks start on"},
    "inclusive_end_dates": {"type": "boolean", "description": "end dates count as a whole day"},
    # (`off`, or the marker's CSS; a oneOf of the two would refuse `off`, which is both)
    "today_marker": {"type": "string", "description": "off, or the marker's CSS style"},
    "compact": {"type": "boolean", "description": "compact display mode"},
    "sections": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["tasks"],
            "properties": {"name": VISIBLE_TEXT, "tasks": {"type": "array", "items": TASK}},
        },
    },
}

# dayjs tokens → strptime pieces, for checking dates against the declared format.
_DAYJS = [
    ("YYYY", "%Y"),
    ("YY", "%y"),
    ("MMMM", "%B"),
    ("MMM", "%b"),
    ("MM", "%m"),
    ("M", "%m"),
    ("DD", "%d"),
    ("D", "%d"),
    ("HH", "%H"),
    ("H", "%H"),
    ("mm", "%M"),
    ("ss", "%S"),
]


def _strptime_format(date_format: str) -> str | None:
    out, i = "", 0
    while i < len(date_format):
        for token, directive in _DAYJS:
            if date_format.startswith(token, i):
                out += directive
                i += len(token)
                break
        else:
            ch = date_format[i]
            if ch.isalpha():
                return None  # a token we do not model (x, X, Q, …): skip the check
            out += ch
            i += 1
    return out


@dataclass
class GanttModel:
    settings: list[str]
    #: (name, task lines); a first section without a name is the tasks before any section
    sections: list[tuple[str | None, list[str]]] = field(default_factory=list)
    clicks: list[str] = field(default_factory=list)


#: Words the gantt lexer reads as statements at the start of a line (case-insensitive).
KEYWORDS = (
    "click", "section", "title", "dateformat", "axisformat", "tickinterval", "excludes",
    "includes", "todaymarker", "inclusiveenddates", "topaxis", "weekday", "weekend",
    "acctitle", "accdescr", "href", "call",
)  # fmt: skip


def build(inp: BuildInput, report: Reporter) -> GanttModel:
    spec = inp.spec
    date_format = spec.get("date_format", "YYYY-MM-DD")
    settings = [f"dateFormat {date_format}"]
    if spec.get("inclusive_end_dates"):
        settings.append("inclusiveEndDates")
    if spec.get("axis_format"):
        settings.append(f"axisFormat {spec['axis_format']}")
    if spec.get("tick_interval"):
        settings.append(f"tickInterval {spec['tick_interval']}")
    if spec.get("excludes"):
        for i, item in enumerate(spec["excludes"]):
            if (
                item != "weekends"
                and item.lower() not in WEEKDAYS
                and not re.match(r"^\d{4}-\d{2}-\d{2}$", item)
            ):
                report.error(
                    ("excludes", i),
                    f"found {item!r}; expected weekends, a weekday name or a YYYY-MM-DD date",
                )
        settings.append(f"excludes {','.join(spec['excludes'])}")
    if spec.get("includes"):
        for i, item in enumerate(spec["includes"]):
            if not re.match(r"^\d{4}-\d{2}-\d{2}$", item):
                report.error(("includes", i), f"found {item!r}; expected a YYYY-MM-DD date")
        settings.append(f"includes {','.join(spec['includes'])}")
    if spec.get("weekend"):
        settings.append(f"weekend {spec['weekend']}")
    if spec.get("weekday"):
        settings.append(f"weekday {spec['weekday']}")
    if spec.get("today_marker") is not None:
        settings.append(f"todayMarker {spec['today_marker']}")
    for line in settings:
        # The lexer ends a setting at ';' and, but for todayMarker (whose CSS may hold
        # colours), at '#'; '%' would start a comment.
        forbidden = "\n\r;%" if line.startswith("todayMarker") else "\n\r;#%"
        if any(ch in line for ch in forbidden) and not line.startswith(
            ("axisFormat", "dateFormat")
        ):
            report.error((), f"a setting cannot contain line breaks, ';', '#' or '%': {line!r}")

    pattern = _strptime_format(date_format)
    ids = {}
    for s, section in enumerate(spec.get("sections") or []):
        for t, task in enumerate(section["tasks"]):
            if task.get("id"):
                if task["id"] in ids:
                    report.error(
                        ("sections", s, "tasks", t, "id"), f"duplicate task id {task['id']!r}"
                    )
                ids[task["id"]] = (s, t)

    def check_date(value: Any, path: tuple[Any, ...], *, start: bool = False) -> str:
        value = text(value)
        # A start that does not match dateFormat is read by Mermaid's getStartDate with JS
        # `new Date(str)`, which takes ISO's date-only forms `YYYY` and `YYYY-MM` (an end has
        # no such fallback).
        if pattern is not None and not (start and _ISO_PARTIAL_DATE_RE.match(value)):
            try:
                datetime.strptime(value, pattern)
            except ValueError:
                report.error(path, f"found {value!r}; expected a date written as {date_format}")
        return value

    model = GanttModel(settings)
    for s, section in enumerate(spec.get("sections") or []):
        lines = []
        for t, task in enumerate(section["tasks"]):
            path = ("sections", s, "tasks", t)
            statuses = task.get("status") or []
            statuses = [statuses] if isinstance(statuses, str) else list(statuses)
            if task.get("milestone") and "milestone" not in statuses:
                statuses.append("milestone")
            parts = list(dict.fromkeys(statuses))
            if task.get("id"):
                parts.append(task["id"])
            after = task.get("after")
            starts = [k for k in ("start", "after") if task.get(k) is not None]
            if len(starts) > 1:
                report.error(path, "give `start` or `after`, not both")
            if task.get("id") and not starts:
                # Mermaid reads the field after an id as the start: `T:a, 3d` starts at "3d".
                report.error(path, "a task with an `id` needs `start` or `after`")
            if task.get("start") is not None:
                parts.append(check_date(task["start"], (*path, "start"), start=True))
            elif after is not None:
                refs = [after] if isinstance(after, str) else after
                for j, ref in enumerate(refs):
                    if ref not in ids:
                        where = (*path, "after", j) if isinstance(after, list) else (*path, "after")
                        report.error(
                            where,
                            f"unknown task {ref!r}; `after` names task ids."
                            + did_you_mean(ref, ids),
                        )
                parts.append("after " + " ".join(refs))
            ends = [k for k in ("end", "duration", "until") if task.get(k) is not None]
            if len(ends) != 1:
                report.error(path, "give exactly one of `end`, `duration`, `until`")
            elif ends[0] == "end":
                parts.append(check_date(task["end"], (*path, "end")))
            elif ends[0] == "duration":
                if not DURATION_RE.match(task["duration"]):
                    report.error(
                        (*path, "duration"),
                        f"found {task['duration']!r}; expected a number and a unit"
                        " (ms, s, m, h, d, w, M, y), e.g. 3d",
                    )
                parts.append(task["duration"])
            else:
                if task["until"] not in ids:
                    report.error(
                        (*path, "until"),
                        f"unknown task {task['until']!r}." + did_you_mean(task["until"], ids),
                    )
                parts.append(f"until {task['until']}")
            # The gantt renderer draws names as-is: ':' (starts the task's data), ';' and
            # '#' cannot be escaped there, so they are refused.
            name = raw_text(
                task["name"],
                (*path, "name"),
                report,
                "gantt task",
                forbidden=":;#",
                keywords=KEYWORDS,
            )
            lines.append(f"{name}:{', '.join(parts)}")
            if task.get("link") is not None:
                link = str(task["link"])
                if not task.get("id"):
                    report.error((*path, "link"), "a task with a `link` needs an `id`")
                elif any(ch in link for ch in '"\n\r'):
                    report.error((*path, "link"), "a link cannot contain '\"' or line breaks")
                model.clicks.append(f'click {task.get("id")} href "{link}"')
        # After `section ` the lexer takes the rest of the line: a name may start with any
        # word (checked against Mermaid 11.17.2: "Section", "click me", "title x").
        section_name: str | None = None
        if "name" in section:
            section_name = raw_text(
                section["name"], ("sections", s, "name"), report, "gantt section", forbidden=";#"
            )
        elif s > 0:
            report.error(
                ("sections", s),
                "a section needs a `name`; only the first may go without one (its tasks come"
                " before any section)",
            )
        model.sections.append((section_name, lines))
    return model


def _spec_config(spec: Mapping[str, Any]) -> dict[str, Any]:
    # Mermaid 11 reads compact mode from its config only (a `displayMode` statement parses
    # but sets nothing).
    return {"gantt": {"displayMode": "compact"}} if spec.get("compact") else {}


KIND = DiagramKind(
    name="gantt",
    description="A gantt chart: sections of tasks over time (Mermaid `gantt`)",
    properties=PROPERTIES,
    required=("sections",),
    build=build,
    template="gantt.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("gantt",),
    spec_config=_spec_config,
    importer="specmaid.kinds.gantt.importer:import_gantt",
)
