from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "sankey",
            "flows": [
                {"from": "A, Inc", "to": 'say "x"', "value": 1.5},
                {"from": "B", "to": "C", "value": 2},
            ],
        }
    )
    assert out.splitlines() == ["sankey-beta", "", '"A, Inc","say ""x""",1.5', "B,C,2"]


def test_errors(errors: Errors) -> None:
    flows = [
        {"from": "a", "to": "b", "value": 1},
        {"from": "b", "to": "c", "value": 1},
        {"from": "c", "to": "a", "value": 1},
    ]
    assert errors({"diagram": "sankey", "flows": flows}) == [
        ("flows", "the flows form a cycle, which a sankey diagram cannot draw: a → b → c → a")
    ]
    assert errors({"diagram": "sankey", "flows": [{"from": "a", "to": "a", "value": 1}]})[0][
        1
    ].startswith("a flow from 'a' to itself")
    assert (
        errors({"diagram": "sankey", "flows": [{"from": "a", "to": "b", "value": -1}]})[0][0]
        == "flows[0].value"
    )
    assert errors({"diagram": "sankey", "flows": []})[0][0] == "flows"


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {"diagram": "sankey", "flows": [{"from": text, "to": "sink", "value": 3}]}
        if re.search(r"#\w+;", text) or "%%" in text or set(text) & set("<>") or not text.isascii():
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert [n["ID"] for n in result.graph["nodes"]] == [text, "sink"], result.graph
