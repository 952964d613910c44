"""Import of gantt charts: round trips through Mermaid's own parser.

Corpus: Mermaid's documentation examples of gantt charts (@mermaid-js/examples), this
project's gallery output of that kind, and hand-written cases for every task form and setting.
import → render gives a chart whose db (settings; each task's section, name, id, flags, start
and end as Mermaid parsed them) equals the original's after the normalisations named in
`normalized`; render → import → render is a fixed point; what a spec cannot say comes back as
a warning with its line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import MODULES, documentation_examples, gallery_outputs, round_trips

from specmaid.cli import main
from specmaid.importer import import_diagram
from specmaid.mermaid import ParseResult, parse_diagrams

EVERYTHING = """---
title: Releases
config:
  gantt: {barHeight: 24}
---
gantt
    accTitle: Release plan
    accDescr: Two sections of work
    %% plan for the quarter
    dateFormat YYYY-MM-DD
    axisFormat %m/%d
    tickInterval 1week
    excludes weekends, 2014-01-10
    weekend friday
    todayMarker off
    section Section
    A task           :a1, 2014-01-01, 30d
    Another task     :after a1, 20d
    section Another
    Task in Another  :crit, active, 2014-01-12, 12d
    another task     :24d
    Done             :done, des1, 2014-01-06,2014-01-08
    Until            :u1, 2014-01-09, until a1
    Milestone        :milestone, m1, 2014-01-20, 0d
    Marker           :vert, v1, 2014-01-15, 0d
    Multi            :after a1 des1, 1d
    Hours            :h1, after m1, 12h
"""

HANDWRITTEN = {
    "gantt-everything": EVERYTHING,
    "gantt-unix": """gantt
    dateFormat X
    axisFormat %s
    section Steps
    One   : s1, 0, 3s
    Two   : after s1, 2s
""",
    "gantt-unsupported": """gantt
    dateFormat YYYY-MM-DD
    inclusiveEndDates
    weekday monday
    includes 2024-01-06
    Loose task :l1, 2024-01-01, 2d
    section Work
    Issue #42 - fix; now :w1, after l1, 3d
    click w1 href "https://example.com"
""",
}  # fmt: skip

CORPUS = [
    *documentation_examples(["gantt"]),
    *gallery_outputs("gantt"),
    *HANDWRITTEN.items(),
]
_FLAGS = ("active", "done", "crit", "milestone", "vert")
_SETTINGS = (
    "dateFormat",
    "axisFormat",
    "tickInterval",
    "todayMarker",
    "displayMode",
    "includes",
    "excludes",
    "weekday",
    "endDatesAreInclusive",
)


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read, without what cannot matter: the spaces around a task's name and
    around the commas of its data (Mermaid trims both when it reads them)."""
    assert result.ok, result.error
    graph = result.graph or {}
    tasks = [
        (
            t.get("section"),
            str(t.get("task")).strip(),
            t.get("id"),
            [p.strip() for p in str(t["raw"]["data"]).lstrip(":").split(",")],
            t["raw"].get("startTime"),
            t["raw"].get("endTime"),
            tuple(bool(t.get(f)) for f in _FLAGS),
            t.get("order"),
            t.get("classes"),
        )
        for t in graph.get("tasks") or []
    ]
    return {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
        "settings": [graph.get(k) for k in _SETTINGS],
        "sections": graph.get("sections"),
        "tasks": tasks,
    }


@cache
def trips() -> dict[str, tuple[str, str, str, list[str]]]:
    return round_trips(CORPUS)


def test_corpus_covers_documentation_and_gallery() -> None:
    names = [n for n, _ in CORPUS]
    assert sum(n.startswith("examples:gantt") for n in names) >= 2
    assert sum(n.startswith("gallery:") for n in names) >= 1


@pytest.mark.parametrize("name", [n for n, _ in CORPUS if n != "gantt-unsupported"])
def test_import_then_render_reads_the_same(name: str) -> None:
    original, first, _, _ = trips()[name]
    results = {r.name: r for r in parse_diagrams([("original", original), ("imported", first)])}
    assert normalized(results["imported"]) == normalized(results["original"])


def test_render_import_render_is_a_fixed_point() -> None:
    for name, (_, first, second, _) in trips().items():
        assert second == first, name


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = {name: w for name, (_, _, _, w) in trips().items()}
    assert warnings.pop("gantt-unsupported") == [
        "gantt-unsupported:5: warning: `includes` is not part of a gantt spec; left out",
        "gantt-unsupported:3: warning: `inclusiveEndDates` is not part of a gantt spec; left out",
        "gantt-unsupported:4: warning: `weekday` is not part of a gantt spec; left out",
        "gantt-unsupported:9: warning: the click on 'w1' is not part of a gantt spec; left out",
        "gantt-unsupported:8: warning: the task name 'Issue #42 - fix; now' has '#' or ';',"
        " which a gantt spec cannot write; written as 'Issue ＃42 - fix； now'",
        "gantt-unsupported:6: warning: tasks before the first section were moved into it (a"
        " spec's gantt chart is made of sections)",
    ]
    for name, found in warnings.items():
        assert found == [], name


def test_import_reads_every_task_form() -> None:
    spec = import_diagram(EVERYTHING, "g").spec
    assert spec["weekend"] == "friday" and spec["excludes"] == ["weekends", "2014-01-10"]
    tasks = [t for s in spec["sections"] for t in s["tasks"]]
    assert tasks[0] == {"name": "A task", "id": "a1", "start": "2014-01-01", "duration": "30d"}
    assert tasks[1] == {"name": "Another task", "after": "a1", "duration": "20d"}
    assert tasks[2]["status"] == ["crit", "active"]
    assert tasks[3] == {"name": "another task", "duration": "24d"}
    assert tasks[4]["end"] == "2014-01-08"
    assert tasks[5]["until"] == "a1"
    assert tasks[8]["after"] == ["a1", "des1"]


def test_import_command_writes_a_gantt_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "g.mmd").write_text(EVERYTHING)
    result = CliRunner().invoke(main, ["import", "g.mmd", "-o", "g.yaml"])
    assert result.exit_code == 0, result.output
    assert "diagram: gantt" in (tmp_path / "g.yaml").read_text()
    assert CliRunner().invoke(main, ["render", "g.yaml"]).exit_code == 0
