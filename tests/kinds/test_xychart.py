"""XY charts: axes, series, Mermaid's rules, and hostile text in every text field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kindcheck import HOSTILE as SHARED_HOSTILE
from kindcheck import spec_errors as _errors
from kindcheck import yaml_text as _text

from specmaid.errors import format_path
from specmaid.mermaid.bridge import ParseResult, parse_diagrams
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

Render = Callable[[Any], str]
REPO = Path(__file__).resolve().parents[2]

HOSTILE = [
    *SHARED_HOSTILE,
    "",
    "`leading tick",
    "title x",
    "bar [1, 2]",
    "a, b",
    "two\nlines",
    "#quot; written as an entity",
]


def _hostile_spec(text: str) -> dict[str, Any]:
    return {
        "diagram": "xychart",
        "title": text,
        "x_axis": {"title": text, "categories": [text, "b"]},
        "y_axis": {"title": text},
        "series": [{"type": "bar", "name": text, "values": [1, 2]}],
    }


@pytest.fixture(scope="module")
def rendered_hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    project = Project(root=tmp_path_factory.mktemp("xychart"))
    return {
        text: render_source(SourceText("t.yaml", _text(_hostile_spec(text))), project).text
        for text in HOSTILE
    }


@pytest.fixture(scope="module")
def parsed_hostile(rendered_hostile: dict[str, str]) -> dict[str, ParseResult]:
    """All hostile charts parsed by real Mermaid in one batch."""
    return {r.name: r for r in parse_diagrams(list(rendered_hostile.items()))}


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "xychart",
            "horizontal": True,
            "accessibility": {"title": "Chart"},
            "x_axis": {"categories": ["a", 'b "c"']},
            "y_axis": {"title": "Y", "min": 0, "max": 10.5},
            "series": [
                {"type": "bar", "values": [1, 2]},
                {"type": "line", "name": "trend", "values": [1.5, 0.00001]},
            ],
        }
    )
    assert out.splitlines() == [
        "xychart-beta horizontal",
        "    accTitle: Chart",
        '    x-axis ["a", "b #quot;c#quot;"]',
        '    y-axis "Y" 0 --> 10.5',
        "    bar [1, 2]",
        '    line "trend" [1.5, 0.00001]',
    ]


def test_render_numeric_x_axis(render: Render) -> None:
    out = render(
        {
            "diagram": "xychart",
            "x_axis": {"title": "Snapshot", "min": 1, "max": 6},
            "series": [{"type": "line", "values": [1, 2, 3]}, {"type": "bar", "values": [3, 2, 1]}],
        }
    )
    assert out.splitlines()[1:] == [
        '    x-axis "Snapshot" 1 --> 6',
        "    line [1, 2, 3]",
        "    bar [3, 2, 1]",
    ]


@pytest.mark.parametrize(
    ("body", "path", "line", "message"),
    [
        (
            "x_axis: {categories: [a, b]}\nseries: [{type: bar, values: [1]}]",
            "series[0].values",
            3,
            "found 1 values; the x axis has 2 categories",
        ),
        (
            "series: [{type: pie, values: [1, 2]}]",
            "series[0].type",
            2,
            "unknown value 'pie'; expected one of: bar, line.",
        ),
        (
            "y_axis: {min: 5, max: 1}\nseries: [{type: bar, values: [1]}]",
            "y_axis.max",
            2,
            "found 1; `max` must be more than `min` (5)",
        ),
        (
            "x_axis: {categories: [a], min: 0, max: 1}\nseries: [{type: bar, values: [1]}]",
            "x_axis",
            2,
            "an axis has `categories` or a `min`/`max` range, not both",
        ),
        (
            "y_axis: {min: 0}\nseries: [{type: bar, values: [1]}]",
            "y_axis",
            2,
            "a range needs both `min` and `max`",
        ),
        (
            "x_axis: {categories: [a, b, a]}\nseries: [{type: bar, values: [1, 2, 3]}]",
            "x_axis.categories[2]",
            2,
            "category 'a' is already categories[0]; Mermaid would draw both values in one slot",
        ),
        (
            "series:\n  - {type: bar, values: [1, 2]}\n  - {type: line, values: [1, 2, 3]}",
            "series[1].values",
            4,
            "found 3 values; series[0] has 2 (without x categories every series needs the"
            " same number)",
        ),
    ],
)
def test_broken_specs(body: str, path: str, line: int, message: str, tmp_path: Path) -> None:
    assert _errors(f"diagram: xychart\n{body}\n", tmp_path)[0] == (path, line, message)


def test_value_outside_the_y_range_is_a_warning(tmp_path: Path) -> None:
    source = "diagram: xychart\ny_axis: {min: 0, max: 10}\nseries: [{type: bar, values: [5, 12]}]\n"
    rendered = render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    [warning] = rendered.warnings
    assert format_path(warning.path) == "series[0].values"
    assert warning.message == "12 is outside the y axis range 0..10; Mermaid draws it past the axis"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_parses_and_stays_in_place(
    text: str, rendered_hostile: dict[str, str], parsed_hostile: dict[str, ParseResult]
) -> None:
    result = parsed_hostile[text]
    assert result.ok, f"{result.error}\n{rendered_hostile[text]}"
    assert result.diagram_type == "xychart"
    # The harness has no xychart graph: check the statements instead. One line each for the
    # header, the two axes and the series; every text is one quoted string without quotes.
    body = rendered_hostile[text].split("---\n")[-1].splitlines()
    assert [line.split()[0] for line in body] == ["xychart-beta", "x-axis", "y-axis", "bar"]
    quoted = body[1].split('"')
    assert len(quoted) == 7, body[1]  # x-axis "t" ["t", "b"]
    assert quoted[1] == quoted[3] == body[2].split('"')[1] == body[3].split('"')[1]
    assert "%%" not in "\n".join(body)


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/xychart.md quotes the example spec; `specmaid build` keeps its output current."""
    doc = (REPO / "docs" / "kinds" / "xychart.md").read_text("utf-8")
    spec = (REPO / "specs" / "gallery" / "cot-faithfulness-xychart.yaml").read_text("utf-8")
    assert spec in doc
    assert "<!-- specmaid: specs/gallery/cot-faithfulness-xychart.yaml -->" in doc
