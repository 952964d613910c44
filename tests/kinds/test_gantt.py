from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def spec(*tasks: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"diagram": "gantt", **extra, "sections": [{"name": "S", "tasks": list(tasks)}]}


def test_render(render: Render) -> None:
    out = render(
        spec(
            {
                "id": "a",
                "name": "Design",
                "start": "2024-01-01",
                "duration": "3d",
                "status": "done",
            },
            {"id": "b", "name": "Build v1", "after": ["a"], "end": "2024-01-09"},
            {"name": "Ship", "until": "b", "milestone": True},
            excludes=["weekends"],
        )
    )
    assert out.splitlines() == [
        "gantt",
        "    dateFormat YYYY-MM-DD",
        "    excludes weekends",
        "    section S",
        "        Design:done, a, 2024-01-01, 3d",
        "        Build v1:b, after a, 2024-01-09",
        "        Ship:milestone, until b",
    ]


@pytest.mark.parametrize(
    ("task", "path", "message"),
    [
        (
            {"name": "x", "start": "2024-13-45", "duration": "1d"},
            "sections[0].tasks[0].start",
            "expected a date written as YYYY-MM-DD",
        ),
        (
            {"name": "x", "after": "nope", "duration": "1d"},
            "sections[0].tasks[0].after",
            "unknown task 'nope'",
        ),
        (
            {"name": "x", "start": "2024-01-01", "duration": "3 days"},
            "sections[0].tasks[0].duration",
            "expected a number and a unit",
        ),
        (
            {"name": "x", "start": "2024-01-01"},
            "sections[0].tasks[0]",
            "give exactly one of `end`, `duration`, `until`",
        ),
        (
            {"name": "x", "id": "1bad", "start": "2024-01-01", "duration": "1d"},
            "sections[0].tasks[0].id",
            "expected a task id",
        ),
        (
            {"name": "Build: v1", "start": "2024-01-01", "duration": "1d"},
            "sections[0].tasks[0].name",
            "found ':'; Mermaid's gantt task has no escape",
        ),
        (
            {"name": "click here", "start": "2024-01-01", "duration": "1d"},
            "sections[0].tasks[0].name",
            "cannot start with the word 'click'",
        ),
        (
            {"name": "x", "id": "a", "duration": "1d"},
            "sections[0].tasks[0]",
            "a task with an `id` needs `start` or `after`",
        ),
        (
            {"name": "x", "start": "2024-01-01", "duration": "1d", "link": "https://x.org"},
            "sections[0].tasks[0].link",
            "a task with a `link` needs an `id`",
        ),
        (
            {"name": "x", "id": "a", "start": "2024-01-01", "duration": "1d", "link": 'a"b'},
            "sections[0].tasks[0].link",
            "a link cannot contain",
        ),
        (
            {"name": "x", "status": "urgent", "start": "2024-01-01", "duration": "1d"},
            "sections[0].tasks[0].status",
            "unknown value 'urgent'",
        ),
    ],
)
def test_errors(task: dict[str, Any], path: str, message: str, errors: Errors) -> None:
    found = errors(spec(task))
    assert any(p == path and message in m for p, m in found), found


def refused(text: str) -> bool:
    """Texts the gantt spec refuses (with an error): Mermaid cannot draw them."""
    return bool(set(text) & set(":;#")) or "%%" in text or text.split()[0].lower() == "click"


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        if refused(text):
            assert errors(spec({"name": text, "start": "2024-01-01", "duration": "1d"})), text
            continue
        out = render(
            {
                "diagram": "gantt",
                "sections": [
                    {
                        "name": text,
                        "tasks": [
                            {"id": "t1", "name": text, "start": "2024-01-01", "duration": "1d"}
                        ],
                    },
                    {"name": "two", "tasks": [{"name": text, "after": "t1", "duration": "2d"}]},
                ],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        tasks = result.graph["tasks"]
        expected = text.replace("\n", " ")
        assert [t["task"] for t in tasks] == [expected, expected], out
        assert [t["section"] for t in tasks] == [expected, "two"]


def test_compact_and_today_marker_reach_mermaid(render: Render, mermaid: MermaidServer) -> None:
    """`compact: true` becomes Mermaid's config (its only switch for compact mode), under
    the spec's own gantt config; `today_marker: off` is accepted (it once failed a oneOf)."""
    out = render(
        spec(
            {"name": "A", "start": "2024-01-01", "duration": "1d"},
            compact=True,
            today_marker="off",
            config={"gantt": {"barHeight": 30}},
        )
    )
    assert out.splitlines()[:5] == [
        "---",
        "config:",
        "  gantt:",
        "    displayMode: compact",
        "    barHeight: 30",
    ]
    assert "    todayMarker off" in out.splitlines()
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.config["gantt"]["displayMode"] == "compact"
    assert result.graph is not None and result.graph["todayMarker"] == "off"


def test_section_names_may_start_with_a_keyword(render: Render, mermaid: MermaidServer) -> None:
    for name in ("Section", "click me", "title page"):
        out = render({"diagram": "gantt", "sections": [{"name": name, "tasks": [
            {"name": "A", "start": "2024-01-01", "duration": "1d"}]}]})  # fmt: skip
        result = mermaid.parse(out)
        assert result.ok and result.graph is not None, result.error
        assert result.graph["sections"] == [name]


def test_includes_weekday_inclusive_end_dates_and_links(
    render: Render, errors: Errors, mermaid: MermaidServer
) -> None:
    task = {
        "id": "a",
        "name": "A",
        "start": "2024-01-01",
        "duration": "3d",
        "link": "https://x.org/",
    }
    chart = spec(
        task,
        excludes=["weekends"],
        includes=["2024-01-06"],
        weekday="monday",
        inclusive_end_dates=True,
        today_marker="stroke:#0f0,opacity:0.5",
    )
    out = render(chart)
    assert out.splitlines() == [
        "gantt",
        "    dateFormat YYYY-MM-DD",
        "    inclusiveEndDates",
        "    excludes weekends",
        "    includes 2024-01-06",
        "    weekday monday",
        "    todayMarker stroke:#0f0,opacity:0.5",
        "    section S",
        "        A:a, 2024-01-01, 3d",
        '    click a href "https://x.org/"',
    ]
    graph = mermaid.parse(out).graph
    assert graph is not None
    assert (graph["includes"], graph["weekday"], graph["endDatesAreInclusive"]) == (
        ["2024-01-06"],
        "monday",
        True,
    )
    assert graph["links"] == {"a": "https://x.org/"}
    assert graph["todayMarker"] == "stroke:#0f0,opacity:0.5"
    assert errors(spec(task, includes=["weekends"])) == [
        ("includes[0]", "found 'weekends'; expected a YYYY-MM-DD date")
    ]


def test_a_start_may_be_an_iso_year_or_month(
    render: Render, errors: Errors, mermaid: MermaidServer
) -> None:
    # Mermaid reads a start that misses dateFormat with JS `new Date`: `2026-02` is Feb 1st.
    task = {"name": "A", "start": "2026-02", "duration": "1M"}
    out = render({"diagram": "gantt", "sections": [{"name": "S", "tasks": [task]}]})
    result = mermaid.parse(out)
    assert result.ok and result.graph is not None, result.error
    end_only = {"name": "A", "start": "2026-02-01", "end": "2026-03"}
    assert errors({"diagram": "gantt", "sections": [{"name": "S", "tasks": [end_only]}]}) == [
        (
            "sections[0].tasks[0].end",
            "found '2026-03'; expected a date written as YYYY-MM-DD",
        )
    ]


def test_a_first_section_without_a_name_is_the_tasks_before_any_section(
    render: Render, errors: Errors, mermaid: MermaidServer
) -> None:
    task = {"name": "A", "start": "2024-01-01", "duration": "1d"}
    spec = {"diagram": "gantt", "sections": [{"tasks": [task]}, {"name": "S", "tasks": [task]}]}
    result = mermaid.parse(render(spec))
    assert result.ok and result.graph is not None, result.error
    assert result.graph["sections"] == ["S"]
    unnamed_later = {**spec, "sections": [{"name": "S", "tasks": [task]}, {"tasks": [task]}]}
    assert errors(unnamed_later) == [
        (
            "sections[1]",
            "a section needs a `name`; only the first may go without one (its tasks come"
            " before any section)",
        )
    ]
