from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "requirement",
            "requirements": {"r1": {"id": "1", "text": "t", "risk": "low", "verify": "test"}},
            "elements": {"e1": {"type": "sim", "docref": "d/1"}},
            "relations": [{"from": "e1", "to": "r1", "type": "satisfies"}],
        }
    )
    assert out.splitlines() == [
        "requirementDiagram",
        "    requirement r1 {",
        '        id: "1"',
        '        text: "t"',
        "        risk: low",
        "        verifymethod: test",
        "    }",
        "    element e1 {",
        '        type: "sim"',
        '        docref: "d/1"',
        "    }",
        "    e1 - satisfies -> r1",
    ]


def test_errors(errors: Errors) -> None:
    base = {"diagram": "requirement", "requirements": {"r1": {}}}
    assert (
        "unknown requirement or element 'rr'"
        in errors({**base, "relations": [{"from": "rr", "to": "r1", "type": "traces"}]})[0][1]
    )
    assert (
        errors({**base, "relations": [{"from": "r1", "to": "r1", "type": "blocks"}]})[0][0]
        == "relations[0].type"
    )
    assert (
        errors({"diagram": "requirement", "requirements": {"r1": {"risk": "extreme"}}})[0][0]
        == "requirements.r1.risk"
    )
    assert errors({**base, "elements": {"r1": {}}}) == [
        ("elements.r1", "'r1' is also a requirement name")
    ]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        out = render(
            {
                "diagram": "requirement",
                "requirements": {"r1": {"id": text, "text": text}},
                "elements": {"e1": {"type": text}},
                "relations": [{"from": "e1", "to": "r1", "type": "traces"}],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        (req,) = result.graph["requirements"].values()
        assert (req["requirementId"], req["text"]) == (text, text), req
        assert len(result.graph["relationships"]) == 1
