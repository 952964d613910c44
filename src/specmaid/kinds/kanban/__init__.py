"""Kanban boards: columns of tasks, with ticket, assignee and priority.

```yaml
diagram: kanban
columns:
  todo:
    title: To do
    tasks:
      - {title: ASL-3 readiness work, priority: High}
  done:
    title: Done
    tasks:
      - {title: Enhanced ASL-2 safety measures, assigned: Safeguards team}
```
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import NONEMPTY_TEXT, TEXT, BuildInput, DiagramKind, text
from specmaid.kinds.beta_helpers import warn_title_not_drawn
from specmaid.pipeline.escape import escape_text, kind_safe_id

PRIORITIES = ("Very High", "High", "Low", "Very Low")
PROPERTIES: dict[str, Any] = {
    "columns": {
        "type": "object",
        "minProperties": 1,
        "description": "column name → column; at least one column",
        # (a column's name is its title unless it has one: Mermaid cannot draw an empty one)
        "propertyNames": {"minLength": 1, "description": "a column name (not empty)"},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "title": NONEMPTY_TEXT,
                "tasks": {
                    "type": "array",
                    "items": {
                        "oneOf": [
                            NONEMPTY_TEXT,
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["title"],
                                "properties": {
                                    "id": {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9_]*$"},
                                    "title": NONEMPTY_TEXT,
                                    "ticket": TEXT,
                                    "assigned": TEXT,
                                    "priority": {"enum": list(PRIORITIES)},
                                },
                            },
                        ]
                    },
                },
            },
        },
    }
}
RESERVED = frozenset({"end"})


@dataclass
class KanbanModel:
    lines: list[str] = field(default_factory=list)


def _meta(value: str) -> str:
    # The metadata body is YAML: a JSON string is a safe YAML scalar; '#' and '%' could be
    # read by Mermaid's entity pass or as a directive, so they are written as JSON escapes.
    return json.dumps(value, ensure_ascii=False).replace("#", "\\u0023").replace("%", "\\u0025")


def build(inp: BuildInput, report: Reporter) -> KanbanModel:
    warn_title_not_drawn(inp.spec, report, "kanban boards")  # (its db keeps no title)
    model = KanbanModel()
    used: set[str] = set()
    counter = 0
    for column_id, column in inp.spec["columns"].items():
        cid = kind_safe_id(column_id, RESERVED, "col")
        title = column.get("title", column_id)
        model.lines.append(f'    {cid}["{escape_text(text(title))}"]')
        for i, task in enumerate(column.get("tasks") or []):
            spec = task if isinstance(task, dict) else {"title": task}
            counter += 1
            tid = spec.get("id") or f"t{counter}"
            if tid in used:
                report.error(("columns", column_id, "tasks", i, "id"), f"duplicate task id {tid!r}")
            used.add(tid)
            line = f'        {tid}["{escape_text(text(spec["title"]))}"]'
            meta = [
                f"{key}: {_meta(text(spec[key]))}"
                for key in ("ticket", "assigned", "priority")
                if spec.get(key) is not None
            ]
            if meta:
                line += "@{ " + ", ".join(meta) + " }"
            model.lines.append(line)
    return model


KIND = DiagramKind(
    name="kanban",
    description="A kanban board (Mermaid `kanban`)",
    properties=PROPERTIES,
    required=("columns",),
    build=build,
    template="kanban.mmd.j2",
    since="11.4",
    mermaid_types=("kanban",),
    importer="specmaid.kinds.kanban.importer:import_kanban",
)
