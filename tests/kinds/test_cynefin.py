"""Cynefin frameworks: domains in Mermaid's order, transition rules, hostile text."""

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
            "diagram": "cynefin",
            "accessibility": {"title": "Decisions"},
            "domains": {"complex": ["Probe", "Sense"], "clear": ["Best practice"], "confusion": []},
            "transitions": [
                {"from": "complex", "to": "clear", "label": "Codify"},
                {"from": "clear", "to": "chaotic"},
            ],
        }
    )
    assert out.splitlines() == [
        "cynefin-beta",
        "    accTitle: Decisions",
        "    clear",
        '        "Best practice"',
        "    complex",
        '        "Probe"',
        '        "Sense"',
        "    confusion",
        '    complex --> clear : "Codify"',
        "    clear --> chaotic",
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.graph is not None
    assert result.graph["accTitle"] == "Decisions"
    assert result.graph["domains"]["complex"]["items"] == [{"label": "Probe"}, {"label": "Sense"}]
    assert result.graph["transitions"][1] == {"from": "clear", "to": "chaotic"}


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "cynefin", "transitions": [{"from": "clear", "to": "clear"}]}) == [
        ("transitions[0].to", "a transition joins two different domains")
    ]
    twice = [{"from": "clear", "to": "chaotic"}, {"from": "clear", "to": "chaotic"}]
    assert errors({"diagram": "cynefin", "transitions": twice}) == [
        ("transitions[1]", "the same transition as transitions[0]")
    ]
    path, message = errors({"diagram": "cynefin", "domains": {"complcated": ["x"]}})[0]
    assert (path, "Did you mean 'complicated'?" in message) == ("domains.complcated", True)
    assert errors({"diagram": "cynefin", "domains": {"clear": [" "]}}) == [
        ("domains.clear[0]", "empty item")
    ]
    assert errors({"diagram": "cynefin", "transitions": [{"from": "order", "to": "clear"}]})[0][
        0
    ] == ("transitions[0].from")


def test_confusion_overflow_is_a_warning(tmp_path: Path) -> None:
    source = "diagram: cynefin\ndomains:\n  confusion: [a, b, c, d]\n"
    rendered = render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(w.path, w.line) for w in rendered.warnings] == [(("domains", "confusion"), 3)]


def test_error_line(tmp_path: Path) -> None:
    source = "diagram: cynefin\ntransitions:\n  - from: clear\n    to: clear\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(e.path, e.line) for e in info.value.errors] == [(("transitions", 0, "to"), 4)]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "cynefin",
            "title": text,
            "domains": {"complex": [text, "next"], "chaotic": [text]},
            "transitions": [{"from": "chaotic", "to": "complex", "label": text}],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        domains = result.graph["domains"]
        assert [i["label"] for i in domains["complex"]["items"]] == [text, "next"], out
        assert [i["label"] for i in domains["chaotic"]["items"]] == [text]
        assert result.graph["transitions"] == [{"from": "chaotic", "to": "complex", "label": text}]
