"""User journeys: sections of tasks, each scored 1–5 by the actors involved.

```yaml
diagram: journey
sections:
  - name: Ask
    tasks:
      - {task: Toggle extended thinking, score: 5, actors: [User]}
```
The first section may go without a `name`: its tasks come before any section, and Mermaid
draws them without a section box.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, VISIBLE_TEXT, BuildInput, DiagramKind, raw_text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED

KEYWORDS = ("section", "title", "acctitle", "accdescr")
PROPERTIES: dict[str, Any] = {
    "sections": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["tasks"],
            "properties": {
                "name": VISIBLE_TEXT,
                "tasks": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["task", "score"],
                        "properties": {
                            "task": VISIBLE_TEXT,
                            "score": {"type": "integer", "minimum": 1, "maximum": 5},
                            "actors": {"type": "array", "items": TEXT},
                        },
                    },
                },
            },
        },
    }
}


@dataclass
class JourneyModel:
    #: (name, task lines); a first section without a name is the tasks before any section
    sections: list[tuple[str | None, list[str]]] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> JourneyModel:
    model = JourneyModel()
    for s, section in enumerate(inp.spec.get("sections") or []):
        name: str | None = None
        if "name" in section:
            name = raw_text(
                section["name"],
                ("sections", s, "name"),
                report,
                "journey",
                forbidden=":#;",
                keywords=KEYWORDS,
            )
        elif s > 0:
            report.error(
                ("sections", s),
                "a section needs a `name`; only the first may go without one (its tasks come"
                " before any section)",
            )
        lines = []
        for t, task in enumerate(section["tasks"]):
            path = ("sections", s, "tasks", t)
            line = raw_text(
                task["task"], (*path, "task"), report, "journey", forbidden=":#;", keywords=KEYWORDS
            )
            actors = [
                raw_text(a, (*path, "actors", i), report, "journey actor", forbidden=":#;,")
                for i, a in enumerate(task.get("actors") or [])
            ]
            lines.append(f"{line}: {task['score']}" + (f": {', '.join(actors)}" if actors else ""))
        model.sections.append((name, lines))
    return model


KIND = DiagramKind(
    name="journey",
    description="A user journey: tasks scored by the actors involved (Mermaid `journey`)",
    properties=PROPERTIES,
    required=("sections",),
    build=build,
    template="journey.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("journey",),
    importer="specmaid.kinds.journey.importer:import_journey",
)
