"""Venn diagrams: sets, overlaps, texts and styles; size rules; hostile text read back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specmaid.errors import SpecErrors
from specmaid.mermaid.bridge import MermaidServer
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render, mermaid: MermaidServer) -> None:
    out = render(
        {
            "diagram": "venn",
            "sets": {
                "A": {"label": "Alpha", "size": 20, "texts": ["a1"], "style": {"fill": "#ff0000"}},
                "B": {},
                "text": {"label": "a keyword id"},
            },
            "overlaps": [
                {
                    "sets": ["A", "B"],
                    "label": "both",
                    "size": 1,
                    "texts": [{"label": "hot", "color": "red"}],
                }
            ],
        }
    )
    assert out.splitlines() == [
        "venn-beta",
        'set A["Alpha"]:20',
        "set B",
        'set "text"["a keyword id"]',
        'union A,B["both"]:1',
        'text A "a1"',
        'text A,B text_1["hot"]',
        'style A fill:"#ff0000"',
        'style text_1 color:"red"',
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.graph is not None
    assert [(s["sets"], s["size"]) for s in result.graph["subsetData"]] == [
        (["A"], 20),
        (["B"], 10),
        (["text"], 10),
        (["A", "B"], 1),
    ]
    assert result.graph["styleData"][1] == {"targets": ["text_1"], "styles": {"color": "red"}}


def test_errors(errors: Errors) -> None:
    two = {"A": {}, "B": {}}
    assert errors({"diagram": "venn", "sets": {"A": {}}, "overlaps": [{"sets": ["A", "a"]}]}) == [
        ("overlaps[0].sets[1]", "unknown set 'a'. Did you mean 'A'?")
    ]
    assert errors({"diagram": "venn", "sets": two, "overlaps": [{"sets": ["A", "A"]}]}) == [
        ("overlaps[0].sets", "a set appears twice in this overlap")
    ]
    assert errors(
        {"diagram": "venn", "sets": two, "overlaps": [{"sets": ["A", "B"]}, {"sets": ["B", "A"]}]}
    ) == [("overlaps[1].sets", "the same sets as overlaps[0]; give each overlap once")]
    assert errors(
        {"diagram": "venn", "sets": {"A": {"size": 2}, "B": {}}, "overlaps": [{"sets": ["A", "B"]}]}
    ) == [
        (
            "overlaps[0]",
            "the overlap's size 2.5 (Mermaid's default 10/n²; give it a size) is larger than"
            " set 'A' (2)",
        )
    ]
    assert errors(
        {"diagram": "venn", "sets": two, "overlaps": [{"sets": ["A", "B"], "size": 11}]}
    ) == [("overlaps[0].size", "the overlap's size 11 is larger than set 'A' (10)")]
    assert errors({"diagram": "venn", "sets": {"A": {"style": {"fill": 'a"b'}}}})[0][0] == (
        "sets.A.style.fill"
    )
    path, message = errors({"diagram": "venn", "sets": {"A": {"style": {"colour": "red"}}}})[0]
    assert path == "sets.A.style.colour"
    assert "Did you mean 'color'?" in message
    assert errors({"diagram": "venn", "sets": {"A": {"size": 0}}})[0][0] == "sets.A.size"
    assert errors({"diagram": "venn", "sets": {"1A": {}}})[0][0] == "sets.1A"
    assert errors({"diagram": "venn", "sets": two, "accessibility": {"title": "T"}})[0][0] == (
        "accessibility"
    )


def test_error_line(tmp_path: Path) -> None:
    source = "diagram: venn\nsets: {A: {}}\noverlaps:\n  - sets: [A, Z]\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(e.path, e.line) for e in info.value.errors] == [(("overlaps", 0, "sets", 1), 4)]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "venn",
            "sets": {"A": {"label": text, "texts": [text]}, "B": {}},
            "overlaps": [
                {"sets": ["A", "B"], "label": text, "texts": [{"label": text, "color": "red"}]}
            ],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert [s.get("label") for s in result.graph["subsetData"]] == [text, None, text], out
        assert [(t["id"], t.get("label")) for t in result.graph["textData"]] == [
            (text, None),
            ("text_1", text),
        ]
        assert len(result.graph["styleData"]) == 1
