"""Ishikawa (fishbone) diagrams: layout by indentation, errors, hostile text read back."""

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


def _tree(node: dict[str, Any]) -> list[Any]:
    return [node["text"], [_tree(child) for child in node["children"]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "ishikawa",
            "effect": "Unfaithful reasoning",
            "causes": [{"label": "Hints", "causes": ["Unmentioned", {"label": "Deep"}]}, "Other"],
        }
    )
    assert out.splitlines() == [
        "ishikawa-beta",
        "    Unfaithful reasoning",
        "        Hints",
        "            Unmentioned",
        "            Deep",
        "        Other",
    ]


def test_escapes_what_the_lexer_would_misread(render: Render, mermaid: MermaidServer) -> None:
    out = render(
        {
            "diagram": "ishikawa",
            "effect": "Ishikawa of refusals",  # the lexer reads a leading 'ishikawa' as a header
            "causes": [{"label": "%% not a comment", "causes": ["two\nlines"]}],
        }
    )
    assert out.splitlines()[1:] == [
        "    #73;shikawa of refusals",
        "        #37;#37; not a comment",
        "            two<br/>lines",
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.graph is not None
    assert _tree(result.graph["root"]) == [
        "Ishikawa of refusals",
        [["%% not a comment", [["two<br>lines", []]]]],
    ]


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "ishikawa"}) == [("", "missing required key 'effect'")]
    assert errors({"diagram": "ishikawa", "effect": "  "}) == [
        ("effect", "empty text; Mermaid needs something to draw here")
    ]
    assert errors(
        {"diagram": "ishikawa", "effect": "E", "causes": [{"label": "C", "causes": [""]}]}
    ) == [("causes[0].causes[0]", "empty text; Mermaid needs something to draw here")]
    found = errors(
        {"diagram": "ishikawa", "effect": "E", "accessibility": {"title": "T"}, "causes": []}
    )
    assert found[0][0] == "accessibility"
    assert "no accTitle/accDescr" in found[0][1]
    assert errors({"diagram": "ishikawa", "effect": "E", "causes": [{"causes": ["x"]}]}) != []


def test_error_points_at_the_line(tmp_path: Path) -> None:
    source = "diagram: ishikawa\neffect: E\ncauses:\n  - label: C\n    causes: ['']\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    (error,) = info.value.errors
    assert (error.path, error.line) == (("causes", 0, "causes", 0), 5)


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "ishikawa",
            "effect": text,
            "causes": [{"label": text, "causes": [text, "next"]}, "last"],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert _tree(result.graph["root"]) == [
            text,
            [[text, [[text, []], ["next", []]]], ["last", []]],
        ], out
