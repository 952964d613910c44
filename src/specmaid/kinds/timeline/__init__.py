"""Timelines: periods with their events, optionally grouped in sections.

```yaml
diagram: timeline
direction: LR            # or TD (Mermaid 11.14+)
sections:
  - name: Before release
    periods:
      - {period: Evaluations, events: [CBRN, Cybersecurity, Autonomy]}
  - name: Release
    periods:
      - {period: Decision, events: [Released under ASL-2]}
```
Without sections, give `periods:` at the top level.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED

KEYWORDS = ("section", "title", "acctitle", "accdescr")
PERIOD: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["period"],
    "properties": {"period": TEXT, "events": {"type": "array", "items": TEXT}},
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["LR", "TD"]},
    "periods": {"type": "array", "items": PERIOD},
    "sections": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["name", "periods"],
            "properties": {"name": TEXT, "periods": {"type": "array", "items": PERIOD}},
        },
    },
}


@dataclass
class TimelineModel:
    header: str
    lines: list[str] = field(default_factory=list)
    title: str | None = None  # drawn from the `title` statement only (see build)


def build(inp: BuildInput, report: Reporter) -> TimelineModel:
    spec = inp.spec
    direction = spec.get("direction")
    model = TimelineModel("timeline" + (f" {direction}" if direction else ""))
    if spec.get("title") is not None:
        # Mermaid's timeline db has no setDiagramTitle, so a frontmatter title is dropped
        # (checked on 11.17.2): the `title` statement draws it. It ends at '#' and ';'.
        model.title = raw_text(spec["title"], ("title",), report, "timeline title", forbidden="#;")
    if spec.get("periods") and spec.get("sections"):
        report.error(("periods",), "give `periods` or `sections`, not both")

    def periods(items: list[Any], path: tuple[Any, ...], indent: str) -> None:
        for i, item in enumerate(items):
            here = (*path, i)
            # ':' separates a period from its events; the timeline draws text as-is. A '#'
            # ends a period (the lexer's comment), but not an event or a section name
            # (`2020 : Issue #42`, checked on 11.17.2).
            line = raw_text(
                item["period"],
                (*here, "period"),
                report,
                "timeline",
                forbidden=":#;",
                keywords=KEYWORDS,
            )
            for j, event in enumerate(item.get("events") or []):
                line += " : " + raw_text(
                    event, (*here, "events", j), report, "timeline", forbidden=":;"
                )
            model.lines.append(indent + line)

    for s, section in enumerate(spec.get("sections") or []):
        name = raw_text(
            section["name"],
            ("sections", s, "name"),
            report,
            "timeline",
            forbidden=":;",
            keywords=KEYWORDS,
        )
        model.lines.append(f"    section {name}")
        periods(section["periods"], ("sections", s, "periods"), "        ")
    periods(spec.get("periods") or [], ("periods",), "    ")
    return model


KIND = DiagramKind(
    name="timeline",
    description="A timeline of periods and events (Mermaid `timeline`)",
    properties=PROPERTIES,
    build=build,
    template="timeline.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("timeline",),
    importer="specmaid.kinds.timeline.importer:import_timeline",
)
