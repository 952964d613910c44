"""Packet diagrams: bit ranges, Mermaid's contiguity rules, hostile labels."""

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
    "trailing backslash \\",
    '"\n32-63: "injected',
    "title Not a title",
    "#quot; written as an entity",
]


def _hostile_spec(text: str) -> dict[str, Any]:
    return {
        "diagram": "packet",
        "title": "Title",
        "accessibility": {"title": text, "description": text},
        "fields": [{"bits": 8, "label": text}, {"bits": 8, "label": "b"}],
    }


@pytest.fixture(scope="module")
def parsed_hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParseResult]:
    project = Project(root=tmp_path_factory.mktemp("packet"))
    texts = [
        (text, render_source(SourceText("t.yaml", _text(_hostile_spec(text))), project).text)
        for text in HOSTILE
    ]
    return {r.name: r for r in parse_diagrams(texts)}


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "packet",
            "accessibility": {"title": "Header"},
            "fields": [
                {"bits": 16, "label": "Src"},
                {"start": 16, "end": 31, "label": 'Dst "port"'},
                {"bits": 1, "label": "F"},
                {"start": 33, "label": "G"},
            ],
        }
    )
    assert out.splitlines() == [
        "packet-beta",
        "    accTitle: Header",
        '    0-15: "Src"',
        '    16-31: "Dst #quot;port#quot;"',
        '    32: "F"',
        '    33: "G"',
    ]


@pytest.mark.parametrize(
    ("fields", "path", "line", "message"),
    [
        (
            "[{bits: 8, label: a}, {start: 4, end: 9, label: b}]",
            "fields[1]",
            2,
            "starts at bit 4, which overlaps the previous field; fields must follow each other",
        ),
        (
            "[{bits: 8, label: a}, {start: 10, label: b}]",
            "fields[1]",
            2,
            "starts at bit 10, which leaves bits 8-9 empty; fields must follow each other",
        ),
        ("[{label: a}]", "fields[0]", 2, "give `bits` (a width) or `start` and `end`"),
        ("[{bits: 0, label: a}]", "fields[0].bits", 2, "found 0; expected a number at least 1"),
        (
            "[{start: 5, end: 2, label: a}]",
            "fields[0].end",
            2,
            "found 2; `end` cannot be before `start` (5)",
        ),
        (
            "[{bits: 8, start: 0, label: a}]",
            "fields[0]",
            2,
            "give `bits` or `start`/`end`, not both",
        ),
        ("[{end: 7, label: a}]", "fields[0]", 2, "`end` needs a `start`"),
        (
            "[{start: 1, end: 7, label: a}]",
            "fields[0]",
            2,
            "starts at bit 1, which leaves bits 0-0 empty; fields must follow each other",
        ),
    ],
)
def test_broken_fields(fields: str, path: str, line: int, message: str, tmp_path: Path) -> None:
    assert _errors(f"diagram: packet\nfields: {fields}\n", tmp_path)[0] == (path, line, message)


def test_too_many_rows(tmp_path: Path) -> None:
    source = (
        "diagram: packet\nconfig: {packet: {bitsPerRow: 8}}\nfields: [{bits: 80001, label: a}]\n"
    )
    [(path, _, message)] = _errors(source, tmp_path)
    assert path == "fields"
    assert message == (
        "the packet has 80001 bits; Mermaid draws at most 10000 rows of 8 bits and drops the rest"
    )


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_arrives_whole(text: str, parsed_hostile: dict[str, ParseResult]) -> None:
    result = parsed_hostile[text]
    assert result.ok, result.error
    assert result.graph is not None
    blocks = [block for row in result.graph["packet"] for block in row]
    assert [(b["start"], b["end"], b["label"]) for b in blocks] == [
        (0, 7, " ".join(text.splitlines())),
        (8, 15, "b"),
    ]
    # The accessibility statements hold the same text and end where they should.
    assert result.graph["accTitle"] == text.replace("\n", " ")
    assert result.graph["accDescription"] == text


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/packet.md quotes the example spec; `specmaid build` keeps its output current."""
    doc = (REPO / "docs" / "kinds" / "packet.md").read_text("utf-8")
    spec = (REPO / "specs" / "gallery" / "cyber-tasks-packet.yaml").read_text("utf-8")
    assert spec in doc
    assert "<!-- specmaid: specs/gallery/cyber-tasks-packet.yaml -->" in doc
