"""Import of kanban boards: Mermaid's kanban db → a spec (see importing/dispatch.py).

What the board draws is the db's `getData`: each column (a top-level node) and the tasks in
it, with their ticket, assignee, priority and icon.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching, markup_warnings
from specmaid.kinds.kanban import PRIORITIES
from specmaid.mermaid.bridge import ParseResult

_TASK_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def import_kanban(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "kanban")
    # (texts are written escaped: markup Mermaid would draw shows as typed)
    warnings: list[SpecError] = markup_warnings(text, name, first_line, "kanban")

    def warn(message: str, pattern: str | None) -> None:
        line = line_matching(text, pattern, first_line) if pattern else None
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    if "title" in spec:
        # (Mermaid's kanban db keeps no title, so the board never shows it.)
        warn(
            f"the title {spec.pop('title')!r} was not imported: kanban boards do not draw one",
            r"^\s*title\s*:",
        )
    nodes = ((result.graph or {}).get("data") or {}).get("nodes") or []
    columns: dict[str, Any] = {}
    position = 0
    for column in (n for n in nodes if n.get("isGroup")):
        column_id = str(column["id"])
        out: dict[str, Any] = {}
        if str(column.get("label")) != column_id:
            out["title"] = str(column.get("label"))
        tasks: list[Any] = []
        for item in (n for n in nodes if n.get("parentId") == column["id"]):
            position += 1
            task_id, title = str(item["id"]), str(item.get("label") or "")
            task: dict[str, Any] = {}
            # An id only when it is one a spec can write and not the one it would make up.
            if _TASK_ID_RE.match(task_id) and task_id not in (title, f"t{position}"):
                task["id"] = task_id
            task["title"] = title
            for key in ("ticket", "assigned"):
                if item.get(key) is not None:
                    task[key] = str(item[key])
            priority = item.get("priority")
            if priority is not None:
                if str(priority) in PRIORITIES:
                    task["priority"] = str(priority)
                else:
                    warn(
                        f"the priority {priority!r} of task {title!r} was not imported: a"
                        f" spec's is one of {', '.join(PRIORITIES)}",
                        rf"priority\s*:\s*['\"]?{re.escape(str(priority))}",
                    )
            if item.get("icon"):
                warn(
                    f"the icon {item['icon']!r} of task {title!r} was not imported: a spec's"
                    " task has none",
                    rf"icon\s*[:(]\s*['\"]?{re.escape(str(item['icon']))}",
                )
            tasks.append(task if set(task) != {"title"} else title)
        if tasks:
            out["tasks"] = tasks
        columns[column_id] = out
    spec["columns"] = columns
    return spec, warnings
