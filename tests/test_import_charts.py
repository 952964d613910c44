"""Import of user journeys and sankey diagrams: round trips through Mermaid's own parser.

Corpus: Mermaid's documentation examples of both kinds (@mermaid-js/examples), this project's
gallery outputs, and hand-written cases. import → render gives a diagram Mermaid reads into the
same db contents; render → import → render is a fixed point; what a spec cannot say comes back
as a warning with its line.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pytest
from importcheck import (
    assert_fixed_points,
    documentation_examples,
    gallery_outputs,
    read_back,
    round_trips,
    warnings_of,
)

from specmaid.importing.dispatch import import_diagram
from specmaid.mermaid.bridge import ParseResult

HANDWRITTEN = {
    "journey-loose": "journey\n    title My day\n    accTitle: A day\n    Wake up: 3: Me\n    section Work\n    Write code: 5: Me, Cat\n    Meet: 1\n",
    "journey-scores": "journey\n    section Odd scores\n    Too high: 7: Me\n    Fraction: 2.5: Me\n",
    "sankey-quoted": 'sankey-beta\n%% energy in TWh\n"Coal, imported",Power,10.5\n"Say ""hi""",Power,2\nPower,Homes,12.5\n',
}  # fmt: skip

CORPUS = [
    *documentation_examples(["journey", "sankey"]),
    *gallery_outputs("journey"),
    *gallery_outputs("sankey"),
    *HANDWRITTEN.items(),
]


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read. One change import reports with its line: a score that is not a
    whole number from 1 to 5 is clamped."""
    assert result.ok, result.error
    graph = result.graph or {}
    out: dict[str, Any] = {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
    }
    if result.diagram_type == "journey":
        tasks = graph.get("tasks") or []
        out["tasks"] = [
            (
                t["section"],
                str(t["task"]).strip(),
                min(5, max(1, round(float(t["score"])))),
                [str(p).strip() for p in t.get("people") or []],
            )
            for t in tasks
        ]
    else:
        out["links"] = graph.get("links")
        out["nodes"] = graph.get("nodes")
    return out


@cache
def trips() -> dict[str, tuple[str, str, str, list[str]]]:
    return round_trips(CORPUS)


def test_corpus_covers_both_kinds() -> None:
    names = [n for n, _ in CORPUS]
    for kind in ("journey", "sankey"):
        assert any(n.startswith(f"examples:{kind}") for n in names), kind
        assert any(n.startswith("gallery:") and kind in n for n in names), kind


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    original, imported = read_back(trips()[name])
    assert normalized(imported) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    assert_fixed_points(trips())


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = warnings_of(trips())
    assert warnings["journey-loose"] == []  # (its first tasks are in a section without name)
    assert warnings["journey-scores"] == [
        "journey-scores:3: warning: the score 7 of 'Too high' is not a whole number from 1 to 5"
        " (what a journey's faces show); written as 5",
        "journey-scores:4: warning: the score 2.5 of 'Fraction' is not a whole number from 1 to"
        " 5 (what a journey's faces show); written as 2",
    ]
    assert warnings["sankey-quoted"] == []


def test_import_keeps_names_and_values() -> None:
    spec = import_diagram(HANDWRITTEN["sankey-quoted"], "s").spec
    assert spec == {
        "diagram": "sankey",
        "comment": "energy in TWh",
        "flows": [
            {"from": "Coal, imported", "to": "Power", "value": 10.5},
            {"from": 'Say "hi"', "to": "Power", "value": 2},
            {"from": "Power", "to": "Homes", "value": 12.5},
        ],
    }
    journey = import_diagram(HANDWRITTEN["journey-loose"], "j").spec
    assert journey["title"] == "My day"
    assert journey["sections"] == [
        {"tasks": [{"task": "Wake up", "score": 3, "actors": ["Me"]}]},
        {
            "name": "Work",
            "tasks": [
                {"task": "Write code", "score": 5, "actors": ["Me", "Cat"]},
                {"task": "Meet", "score": 1},
            ],
        },
    ]


def test_import_reads_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner
    from importcheck import MODULES

    from specmaid.cli.group import main

    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    result = CliRunner().invoke(main, ["import", "-"], input=HANDWRITTEN["journey-scores"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:2] == [
        "# imported by specmaid from stdin",
        "diagram: journey",
    ]
    assert "<stdin>:3: warning: the score 7 of 'Too high'" in result.stderr
