"""Radar charts: axes and curves, Mermaid's rules, renamed ids, hostile labels."""

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
    '"], b["injected',
    "}\ncurve evil{9",
    "#quot; written as an entity",
]
#: Axis and curve ids that are keywords of the radar grammar (or not ids at all).
KEYWORD_IDS = ["min", "max", "axis", "curve", "ticks", "title", "titled", "2nd", "my axis"]


def _hostile_spec(text: str) -> dict[str, Any]:
    return {
        "diagram": "radar",
        "accessibility": {"title": text},
        "axes": {"a": text, "b": "B"},
        "curves": [{"id": "c", "label": text, "values": {"a": 1, "b": 2}}],
    }


def _keyword_spec() -> dict[str, Any]:
    return {
        "diagram": "radar",
        "axes": {name: name.upper() for name in KEYWORD_IDS},
        "curves": [
            {"id": name, "values": {axis: i for i, axis in enumerate(KEYWORD_IDS)}}
            for name in KEYWORD_IDS
        ],
    }


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParseResult]:
    project = Project(root=tmp_path_factory.mktemp("radar"))
    specs = {text: _hostile_spec(text) for text in HOSTILE} | {"keyword ids": _keyword_spec()}
    texts = [
        (name, render_source(SourceText("t.yaml", _text(spec)), project).text)
        for name, spec in specs.items()
    ]
    return {r.name: r for r in parse_diagrams(texts)}


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "radar",
            "accessibility": {"title": "Grades"},
            "axes": {"m": "Math", "s": 'Science "lab"'},
            "curves": [
                {"id": "a", "label": "Alice", "values": {"s": 2, "m": 1.5}},
                {"id": "b", "values": {"m": 0.5, "s": 0.00001}},
            ],
            "min": 0,
            "max": 10,
            "ticks": 4,
            "graticule": "polygon",
            "show_legend": False,
        }
    )
    assert out.splitlines() == [
        "radar-beta",
        "    accTitle: Grades",
        '    axis m["Math"], s["Science #quot;lab#quot;"]',
        '    curve a["Alice"]{ m: 1.5, s: 2 }',
        "    curve b{ m: 0.5, s: 0.00001 }",
        "    max 10",
        "    min 0",
        "    graticule polygon",
        "    ticks 4",
        "    showLegend false",
    ]


@pytest.mark.parametrize(
    ("body", "path", "line", "message"),
    [
        ("curves: [{id: a, values: {m: 1}}]", "curves[0].values", 3, "no value for axis s"),
        (
            "curves: [{id: a, values: {m: 1, s: 1, x: 1}}]",
            "curves[0].values.x",
            3,
            "unknown axis 'x'; axes: m, s.",
        ),
        (
            "curves: [{id: a, values: {m: 1, s: 1}}, {id: a, values: {m: 1, s: 1}}]",
            "curves[1].id",
            3,
            "duplicate curve id 'a' (curves[0])",
        ),
        (
            "curves: [{id: a, values: {m: -1, s: 1}}]",
            "curves[0].values.m",
            3,
            "found -1; expected a number at least 0",
        ),
        (
            "curves: [{id: a, values: {m: 1, s: 1}}]\nmin: 10\nmax: 5",
            "max",
            5,
            "found 5; `max` must be more than `min`",
        ),
        (
            "curves: [{id: a, values: {m: 1, s: 1}}]\nticks: 40",
            "ticks",
            4,
            "found 40; expected a number at most 32",
        ),
        (
            "curves: [{id: a, values: {m: 1, s: 1}}]\ngraticule: square",
            "graticule",
            4,
            "unknown value 'square'; expected one of: circle, polygon.",
        ),
    ],
)
def test_broken_specs(body: str, path: str, line: int, message: str, tmp_path: Path) -> None:
    source = f"diagram: radar\naxes: {{m: Math, s: Science}}\n{body}\n"
    assert _errors(source, tmp_path)[0] == (path, line, message)


def test_value_outside_the_scale_is_a_warning(tmp_path: Path) -> None:
    source = "diagram: radar\naxes: {m: M}\ncurves: [{id: a, values: {m: 12}}]\nmax: 10\n"
    rendered = render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    [warning] = rendered.warnings
    assert (format_path(warning.path), warning.line) == ("curves[0].values.m", 3)
    assert warning.message == "12 is outside `min`..`max`; Mermaid draws it past the scale"


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_arrives_whole(text: str, parsed: dict[str, ParseResult]) -> None:
    result = parsed[text]
    assert result.ok, result.error
    assert result.graph is not None
    flat = " ".join(line.strip() for line in text.splitlines())
    assert [(a["name"], a["label"]) for a in result.graph["axes"]] == [("a", flat), ("b", "B")]
    assert [(c["name"], c["label"], c["entries"]) for c in result.graph["curves"]] == [
        ("c", flat, [1, 2])
    ]
    assert result.graph["accTitle"] == text.replace("\n", " ")


def test_keyword_ids_are_renamed(parsed: dict[str, ParseResult]) -> None:
    result = parsed["keyword ids"]
    assert result.ok, result.error
    assert result.graph is not None
    assert [a["label"] for a in result.graph["axes"]] == [n.upper() for n in KEYWORD_IDS]
    # A renamed curve keeps its id as its legend label.
    assert [c["label"] for c in result.graph["curves"]] == KEYWORD_IDS
    assert all(c["entries"] == list(range(len(KEYWORD_IDS))) for c in result.graph["curves"])


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/radar.md quotes the example spec; `specmaid build` keeps its output current."""
    doc = (REPO / "docs" / "kinds" / "radar.md").read_text("utf-8")
    spec = (REPO / "specs" / "gallery" / "reported-rates-radar.yaml").read_text("utf-8")
    assert spec in doc
    assert "<!-- specmaid: specs/gallery/reported-rates-radar.yaml -->" in doc
