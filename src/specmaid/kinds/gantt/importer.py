"""Import of gantt charts.

Mermaid's gantt db keeps the settings (date and axis formats, tick interval, excludes,
includes, weekday, today marker, inclusive end dates; the weekend start through
``mermaid_parse.mjs``), the links of `click … href`, and for each task its section, name,
flags, id and its start and end as the task line gave them (`after a1`, `2024-01-01`, `3d`,
`until b`). Task ids Mermaid made up (``task1``, ``task2``…) stay out of the spec, so rendering
makes the same ones again; they are written only from the first one something refers to.

What the spec cannot say is reported with its line: ``;``, ``#`` and ``%%`` in names (written
with look-alike characters), a name starting with a statement word, JavaScript click
callbacks, `until` naming several tasks, `after`/`until` naming no task, ids a spec refuses,
settings Mermaid ignores or a spec cannot hold, tasks outside a section.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common
from specmaid.kinds.gantt import DURATION_RE, KEYWORDS, STATUSES, TASK_ID_RE
from specmaid.mermaid.bridge import ParseResult

#: Mermaid's `after`/`until` patterns (ganttDb getStartDate / getEndDate); JS `\w` is ASCII.
_AFTER_RE = re.compile(r"^after\s+([\dA-Za-z_\- ]+)")
_UNTIL_RE = re.compile(r"^until\s+([\dA-Za-z_\- ]+)")
#: Mermaid's own check of tickInterval (ganttRenderer): anything else is ignored.
_TICK_RE = re.compile(r"^([1-9]\d*)(millisecond|second|minute|hour|day|week|month)$")
#: Ends that can be no date: `after …` (an end cannot follow a task) or a duration in a unit
#: Mermaid's parseDuration does not know (`1mo`, `45 d`).
_UNREADABLE_END_RE = re.compile(r"^(after\s.*|\d+(\.\d+)?\s*[A-Za-z]+)$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
#: Characters the spec refuses in gantt names (no escape exists) → look-alikes it accepts.
LOOKALIKES = {";": "；", "#": "＃", "%%": "%"}
_CALL_RE = re.compile(r"^\s*click\s+(\S+)\s.*?\bcall\s", re.I)


def _explicit_id(data: str) -> bool:
    """Whether the task's data names an id: three fields once the leading tags are taken off
    (as ganttDb's parseData counts them)."""
    fields = (data[1:] if data.startswith(":") else data).split(",")
    while fields and fields[0].strip() in STATUSES:
        fields.pop(0)
    return len(fields) == 3


def import_gantt(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "gantt")
    graph = result.graph or {}
    lines = text.splitlines()
    warnings: list[SpecError] = []

    def line_of(*needles: str, start: int = 0) -> int | None:
        """The first line (from ``start``) holding every needle, as a line of the file."""
        for number in range(start, len(lines)):
            if all(needle in lines[number] for needle in needles):
                return first_line + number
        return None

    def warn(message: str, line: int | None) -> None:
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    # `displayMode: compact` in the frontmatter reaches the config as gantt.displayMode.
    config = dict(spec.get("config") or {})
    gantt_config = dict(config.get("gantt") or {})
    if gantt_config.get("displayMode") == "compact":
        spec["compact"] = True
        del gantt_config["displayMode"]
        if gantt_config:
            config["gantt"] = gantt_config
        else:
            config.pop("gantt", None)
        if config:
            spec["config"] = config
        else:
            spec.pop("config", None)

    _settings(spec, graph, line_of, warn)

    def clean_text(value: str, what: str, line: int | None) -> str:
        """Text as the spec can hold it: stripped (SVG shows no outer spaces), look-alikes for
        the characters the spec refuses (reported)."""
        value = value.strip()
        found = [ch for ch in LOOKALIKES if ch in value]
        if found:
            original = value
            for ch in found:
                value = value.replace(ch, LOOKALIKES[ch])
            shown = ", ".join(f"'{ch}'" for ch in found)
            warn(
                f"the {what} {original!r} has {shown}, which a spec cannot hold in gantt text;"
                f" written as {value!r}",
                line,
            )
        first_word = value.split(" ", 1)[0].lower()
        # (A section's name may start with any word: after `section ` the lexer takes the
        # rest of the line.)
        if what == "task name" and first_word in KEYWORDS:
            warn(
                f"the {what} {value!r} starts with the statement word {first_word!r}, which a"
                " spec refuses; written with a leading '_'",
                line,
            )
            value = f"_{value}"
        return value

    tasks: list[dict[str, Any]] = graph.get("tasks") or []
    links: dict[str, str] = graph.get("links") or {}
    explicit = [_explicit_id(str((task.get("raw") or {}).get("data", ""))) for task in tasks]
    all_ids = {str(task.get("id")) for task in tasks}
    # Made-up ids that something refers to: from the first such task on, every made-up id is
    # written out, so the ones Mermaid would make up afterwards cannot collide with them.
    referred = set(links)
    for task in tasks:
        raw = task.get("raw") or {}
        start = str((raw.get("startTime") or {}).get("startData") or "")
        end = str((raw.get("endTime") or {}).get("data") or "")
        for pattern, value in ((_AFTER_RE, start), (_UNTIL_RE, end)):
            match = pattern.match(value.strip())
            if match:
                referred.update(match.group(1).split())
    first_referred = next(
        (i for i, task in enumerate(tasks) if not explicit[i] and task.get("id") in referred),
        len(tasks),
    )
    # A task written with an id needs a start in the spec (Mermaid reads the field after an
    # id as the start): one that follows the task before it says `after` that task, which
    # then needs its id written too.
    while 0 < first_referred < len(tasks) and _follows_previous(tasks[first_referred]):
        first_referred -= 1
    keys: dict[str, str] = {}  # Mermaid's id → the spec's id
    # Each task's start as Mermaid computed it (ISO text, so it sorts by time).
    starts = {
        str(task.get("id")): str(times[0] or "")
        for task, times in zip(tasks, graph.get("times") or [], strict=False)
    }
    for i, task in enumerate(tasks):
        task_id = str(task.get("id"))
        if not explicit[i] and i < first_referred:
            continue
        key = task_id
        if not re.match(TASK_ID_RE, key):
            key = re.sub(r"[^A-Za-z0-9_-]", "_", key)
            if not re.match(r"^[A-Za-z_]", key):
                key = f"t_{key}"
            while key in all_ids or key in keys.values():
                key = f"t_{key}"
            warn(
                f"the task id {task_id!r} is not one a spec accepts (letters, digits, '_', '-',"
                f" not starting with a digit); written as {key!r}",
                line_of(f"{task_id},"),
            )
        keys[task_id] = key

    # Two tasks written with one id: Mermaid's `after`/`until` find the last of them, so it
    # keeps the id and each earlier one gets a readable id of its own (a spec's ids are one
    # per task).
    last_with_id = {str(task.get("id")): i for i, task in enumerate(tasks)}
    taken_keys = set(keys.values()) | all_ids
    own_keys: dict[int, str] = {}
    for i, task in enumerate(tasks):
        task_id = str(task.get("id"))
        if task_id not in keys or last_with_id[task_id] == i:
            continue
        number = 2
        while f"{keys[task_id]}_{number}" in taken_keys:
            number += 1
        own_keys[i] = f"{keys[task_id]}_{number}"
        taken_keys.add(own_keys[i])
        warn(
            f"the task id {task_id!r} is given to more than one task; Mermaid's `after` and"
            f" `until` find the last, so this one is written {own_keys[i]!r}",
            line_of(str(task.get("task", "")).strip()),
        )

    section_names: list[str] = list(graph.get("sections") or [])
    sections: list[dict[str, Any]] = [{"name": s, "tasks": []} for s in section_names]
    position = 0  # the section the tasks reached: repeated names belong to the next one
    loose: list[dict[str, Any]] = []
    search_from = 0
    for index, task in enumerate(tasks):
        task_line = line_of(str(task.get("task", "")).strip(), start=search_from)
        if task_line is not None:
            search_from = task_line - first_line + 1
        item = _task(task, keys, all_ids, starts, task_line, warn)
        if index in own_keys:
            item["id"] = own_keys[index]
        item = {"name": clean_text(str(task.get("task", "")), "task name", task_line), **item}
        task_id = str(task.get("id"))
        if task_id in links:
            item["link"] = links[task_id]
        section = task.get("section") or ""
        if not section:
            loose.append(item)
            continue
        while position < len(sections) and sections[position]["name"] != section:
            position += 1
        if position == len(sections):  # cannot happen: a task's section was added before it
            sections.append({"name": section, "tasks": []})
        sections[position]["tasks"].append(item)
    for section in sections:
        raw_name = str(section["name"])
        line = line_of("section", raw_name.strip())
        section["name"] = clean_text(raw_name, "section name", line)
    if loose:
        # Tasks before any `section` (Mermaid draws no section for them): a first section
        # without a name.
        sections.insert(0, {"tasks": loose})
    for number, line in enumerate(lines):
        match = _CALL_RE.match(line)
        if match:
            warn(
                f"`click {match.group(1)} call …` runs a JavaScript function (and only with"
                " securityLevel loose); a spec has no callbacks, so it was not imported",
                first_line + number,
            )
    spec["sections"] = sections
    return spec, warnings


def _settings(spec: dict[str, Any], settings: dict[str, Any], line_of: Any, warn: Any) -> None:
    """The chart-wide statements (what Mermaid's defaults say is left out, but the date
    format, which a reader of the spec should see)."""
    spec["date_format"] = str(settings.get("dateFormat") or "").strip() or "YYYY-MM-DD"
    axis_format = str(settings.get("axisFormat") or "").strip()
    if axis_format:
        spec["axis_format"] = axis_format
    tick = settings.get("tickInterval")
    if tick is not None:
        if _TICK_RE.match(str(tick)):
            spec["tick_interval"] = str(tick)
        else:
            warn(
                f"Mermaid ignores `tickInterval {tick}` (it wants a number and a unit, e.g."
                " 1week), so it was not imported",
                line_of("tickInterval"),
            )
    excludes = [str(item) for item in settings.get("excludes") or []]
    kept = [e for e in excludes if e == "weekends" or e in _WEEKDAY_NAMES or _DATE_RE.match(e)]
    for item in excludes:
        if item not in kept:
            warn(
                f"`excludes {item}`: a spec excludes weekends, weekday names and YYYY-MM-DD"
                " dates only, so it was not imported",
                line_of("excludes", item),
            )
    if kept:
        spec["excludes"] = kept
    includes = [str(item) for item in settings.get("includes") or []]
    for item in includes:
        if not _DATE_RE.match(item):
            warn(
                f"`includes {item}`: a spec includes YYYY-MM-DD dates only, so it was not imported",
                line_of("includes", item),
            )
    if any(_DATE_RE.match(item) for item in includes):
        spec["includes"] = [item for item in includes if _DATE_RE.match(item)]
    if settings.get("weekend") == "friday":
        spec["weekend"] = "friday"
    weekday = settings.get("weekday")
    if weekday and weekday != "sunday":
        spec["weekday"] = weekday
    if settings.get("todayMarker"):
        marker = str(settings["todayMarker"]).strip()
        spec["today_marker"] = marker
    if settings.get("endDatesAreInclusive"):
        spec["inclusive_end_dates"] = True


def _follows_previous(task: dict[str, Any]) -> bool:
    """Whether the task line gave no start (it starts where the task before it ends)."""
    return bool(((task.get("raw") or {}).get("startTime") or {}).get("type") == "prevTaskEnd")


def _task(
    task: dict[str, Any],
    keys: dict[str, str],
    all_ids: set[str],
    starts: dict[str, str],
    line: int | None,
    warn: Any,
) -> dict[str, Any]:
    """One task's id, start, end and tags (its name is added by the caller)."""
    raw = task.get("raw") or {}
    item: dict[str, Any] = {}
    task_id = str(task.get("id"))
    if task_id in keys:
        item["id"] = keys[task_id]
    start = raw.get("startTime") or {}
    if start.get("type") == "getStartDate":
        start_data = str(start.get("startData", "")).strip()
        after = _AFTER_RE.match(start_data)
        if after:
            refs = after.group(1).split()
            known = [keys.get(ref, ref) for ref in refs if ref in all_ids]
            for ref in refs:
                if ref not in all_ids:
                    warn(
                        f"`after {ref}` names no task; Mermaid skips it, and so does the spec"
                        + ("" if known else " (the task now follows the one before it)"),
                        line,
                    )
            if known:
                item["after"] = known[0] if len(known) == 1 else known
        else:
            item["start"] = start_data
    elif task_id in keys and task.get("prevTaskId") in keys:
        item["after"] = keys[str(task["prevTaskId"])]
    end_data = str((raw.get("endTime") or {}).get("data", "")).strip()
    comment = re.search(r"\s*%%.*$", end_data)
    if comment:
        # The gantt lexer takes a task's data to the end of the line, `%%` included.
        warn(
            f"`{comment.group(0).strip()}` ends a task line; Mermaid's gantt reads it as part"
            " of the task's end, not as a comment, so it was left out",
            line,
        )
        end_data = end_data[: comment.start()].strip()
    until = _UNTIL_RE.match(end_data)
    if until:
        refs = [ref for ref in until.group(1).split() if ref in all_ids]
        if len(refs) > 1:
            # Mermaid ends the task at the earliest start of those tasks: name that one.
            refs.sort(key=lambda ref: starts.get(ref) or "")
            warn(
                f"`{end_data}` names several tasks (Mermaid ends at the earliest start); a"
                f" spec names one, so it ends at {refs[0]!r}, the earliest",
                line,
            )
        if refs:
            item["until"] = keys.get(refs[0], refs[0])
        else:
            warn(f"`{end_data}` names no task; written as a zero duration", line)
            item["duration"] = "0d"
    elif DURATION_RE.match(end_data):
        item["duration"] = end_data
    elif _UNREADABLE_END_RE.match(end_data):
        # Mermaid's getEndDate reads neither a date nor a duration here, so the task ends
        # where it starts.
        warn(
            f"`{end_data}` is neither a date nor a duration Mermaid reads, so Mermaid ends the"
            " task where it starts; written as a zero duration",
            line,
        )
        item["duration"] = "0d"
    else:
        item["end"] = end_data
    # The tags as written (the db keeps flags only): their order stays the author's.
    fields = str(raw.get("data", "")).lstrip(":").split(",")
    statuses: list[str] = []
    while fields and fields[0].strip() in STATUSES:
        tag = fields.pop(0).strip()
        if tag != "milestone" and tag not in statuses:
            statuses.append(tag)
    if statuses:
        item["status"] = statuses[0] if len(statuses) == 1 else statuses
    if task.get("milestone"):
        item["milestone"] = True
    return item
