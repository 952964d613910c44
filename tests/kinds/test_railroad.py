"""Railroad diagrams: the expression language, name rules, hostile text read back."""

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
            "diagram": "railroad",
            "rules": {
                "sum": [
                    "term",
                    {"zero_or_more": [{"choice": [{"terminal": "+"}, {"terminal": "-"}]}, "term"]},
                ],
                "term": {"one_or_more": "digit"},
                "sign": {"optional": {"special": "any sign"}},
                "group": {"sequence": [{"nonterminal": "sum"}]},
            },
            "references": ["digit"],
        }
    )
    assert out.splitlines() == [
        "railroad-beta",
        'sum = sequence(nonterminal("term"), zeroOrMore(sequence(choice(terminal("+"),'
        ' terminal("-")), nonterminal("term"))));',
        'term = oneOrMore(nonterminal("digit"));',
        'sign = optional(special("any sign"));',
        'group = sequence(nonterminal("sum"));',
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.graph is not None
    assert [r["name"] for r in result.graph["rules"]] == ["sum", "term", "sign", "group"]
    assert result.graph["rules"][1]["definition"] == {
        "type": "repetition",
        "element": {"type": "nonterminal", "name": "digit"},
        "min": 1,
        "max": None,  # Infinity, as JSON sees it
    }


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "railroad", "rules": {"a": "b"}}) == [
        (
            "rules.a",
            "no rule named 'b'; define it under `rules:` or list it under `references:`.",
        )
    ]
    assert errors({"diagram": "railroad", "rules": {"expr": ["expr", {"optional": "exp"}]}}) == [
        (
            "rules.expr[1].optional",
            "no rule named 'exp'; define it under `rules:` or list it under `references:`."
            " Did you mean 'expr'?",
        )
    ]
    assert errors({"diagram": "railroad", "rules": {"choice": {"terminal": "x"}}}) == [
        ("rules.choice", "'choice' is a word of Mermaid's railroad syntax")
    ]
    assert errors({"diagram": "railroad", "rules": {"titles": {"terminal": "x"}}}) == [
        ("rules.titles", "Mermaid reads a name starting with 'title' as a title line")
    ]
    assert errors({"diagram": "railroad", "rules": {"a": {"terminal": " "}}}) == [
        ("rules.a.terminal", "empty terminal")
    ]
    assert errors({"diagram": "railroad", "rules": {"a": {"choice": []}}})[0][0] == "rules.a.choice"
    assert errors({"diagram": "railroad", "rules": {"1a": {"terminal": "x"}}})[0][0] == "rules.1a"


def test_error_line(tmp_path: Path) -> None:
    source = "diagram: railroad\nrules:\n  a:\n    - {terminal: x}\n    - missing\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(e.path, e.line) for e in info.value.errors] == [(("rules", "a", 1), 5)]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "railroad",
            "rules": {
                "r": [{"terminal": text}, {"nonterminal": text}, {"special": text}, "r"],
            },
            "references": [text],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert result.graph["rules"] == [
            {
                "name": "r",
                "definition": {
                    "type": "sequence",
                    "elements": [
                        {"type": "terminal", "value": text},
                        {"type": "nonterminal", "name": text},
                        {"type": "special", "text": text},
                        {"type": "nonterminal", "name": "r"},
                    ],
                },
            }
        ], out
