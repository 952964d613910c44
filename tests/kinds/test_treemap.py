"""Treemaps: nesting by indentation, classes, Mermaid's rules, hostile labels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kindcheck import HOSTILE as SHARED_HOSTILE
from kindcheck import spec_errors as _errors
from kindcheck import yaml_text as _text

from specmaid.mermaid.bridge import ParseResult, parse_diagrams
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

Render = Callable[[Any], str]
REPO = Path(__file__).resolve().parents[2]

HOSTILE = [
    *SHARED_HOSTILE,
    "",
    "it's",
    "both ' and \"",
    '": 5\n"injected',
    "x:::hot",
    "classDef hot fill:#f00",
    "#quot; written as an entity",
]


def _hostile_spec(text: str) -> dict[str, Any]:
    return {
        "diagram": "treemap",
        "accessibility": {"title": text},
        "items": [{"label": text, "children": [{"label": text, "value": 1}]}],
    }


@pytest.fixture(scope="module")
def parsed_hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParseResult]:
    project = Project(root=tmp_path_factory.mktemp("treemap"))
    texts = [
        (text, render_source(SourceText("t.yaml", _text(_hostile_spec(text))), project).text)
        for text in HOSTILE
    ]
    return {r.name: r for r in parse_diagrams(texts)}


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "treemap",
            "accessibility": {"title": "Map"},
            "items": [
                {
                    "label": "A",
                    "class": "hot",
                    "children": [{"label": 'a "1"', "value": 3}, {"label": "a2", "value": 0.5}],
                },
                {"label": "B", "value": 2.5, "class": "hot"},
            ],
            "classes": {"hot": {"fill": "#f96", "color": "#000"}},
        }
    )
    assert out.splitlines() == [
        "treemap-beta",
        "    accTitle: Map",
        '"A":::hot',
        '    "a #quot;1#quot;": 3',
        '    "a2": 0.5',
        '"B": 2.5:::hot',
        "classDef hot fill:#f96,color:#000",
    ]


@pytest.mark.parametrize(
    ("items", "path", "line", "message"),
    [
        ("[{label: A}]", "items[0]", 2, "a leaf needs a `value` (or give the item `children`)"),
        (
            "[{label: A, value: 1, children: [{label: b, value: 1}]}]",
            "items[0].value",
            2,
            "an item has `children` or a `value`, not both",
        ),
        ("[{label: A, value: -1}]", "items[0].value", 2, "found -1; expected a number at least 0"),
        (
            "[{label: A, value: 1, class: cold}]",
            "items[0].class",
            2,
            "unknown class 'cold'; define it under `classes:` or in the theme.",
        ),
        (
            "[{label: A, children: [{label: b}]}]",
            "items[0].children[0]",
            2,
            "a leaf needs a `value` (or give the item `children`)",
        ),
    ],
)
def test_broken_items(items: str, path: str, line: int, message: str, tmp_path: Path) -> None:
    assert _errors(f"diagram: treemap\nitems: {items}\n", tmp_path)[0] == (path, line, message)


def test_class_names_the_treemap_cannot_read(tmp_path: Path) -> None:
    source = (
        "diagram: treemap\nitems: [{label: A, value: 1, class: h}]\nclasses: {h: {fill: '#f00'}}\n"
    )
    assert _errors(source, tmp_path) == [
        (
            "classes.h",
            3,
            "class 'h': Mermaid's treemap reads class names of two or more letters, digits and '_'",
        ),
        (
            "items[0].class",
            2,
            "class 'h': Mermaid's treemap reads class names of two or more letters, digits and '_'",
        ),
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_arrives_whole(text: str, parsed_hostile: dict[str, ParseResult]) -> None:
    result = parsed_hostile[text]
    assert result.ok, result.error
    assert result.graph is not None
    # Line breaks fold into spaces; empty text is written as one space (drawn the same).
    flat = " ".join(line.strip() for line in text.splitlines()) or " "
    assert result.graph["root"]["children"] == [
        {"name": flat, "children": [{"name": flat, "value": 1}]}
    ]
    assert result.graph["accTitle"] == text.replace("\n", " ")


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/treemap.md quotes the example spec; `specmaid build` keeps its output current."""
    doc = (REPO / "docs" / "kinds" / "treemap.md").read_text("utf-8")
    spec = (REPO / "specs" / "gallery" / "cyber-tasks-treemap.yaml").read_text("utf-8")
    assert spec in doc
    assert "<!-- specmaid: specs/gallery/cyber-tasks-treemap.yaml -->" in doc
