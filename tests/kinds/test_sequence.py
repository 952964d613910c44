from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

BASE = {
    "diagram": "sequence",
    "participants": {"a": "Alice", "b": {"label": "Bob", "type": "database"}},
}


def test_render(render: Render) -> None:
    spec = {
        **BASE,
        "autonumber": True,
        "steps": [
            {"from": "a", "to": "b", "text": "Hello", "activate": True},
            {
                "loop": "Every minute",
                "steps": [{"from": "b", "to": "a", "text": "ping", "head": "async"}],
            },
            {
                "alt": [
                    {"when": "ok", "steps": [{"note": "fine", "over": ["a", "b"]}]},
                    {"when": "no", "steps": []},
                ]
            },
            {"from": "b", "to": "a", "text": "Bye", "line": "dotted", "deactivate": True},
        ],
    }
    assert render(spec).splitlines() == [
        "sequenceDiagram",
        "    autonumber",
        "    participant a as Alice",
        '    participant b@{"type": "database"} as Bob',
        "    a->>+b: Hello",
        "    loop Every minute",
        "        b-)a: ping",
        "    end",
        "    alt ok",
        "        Note over a,b: fine",
        "    else no",
        "    end",
        "    b-->>-a: Bye",
    ]


@pytest.mark.parametrize(
    ("steps", "path", "message"),
    [
        ([{"from": "a", "to": "c"}], "steps[0].to", "unknown participant 'c'"),
        (
            [{"from": "a", "to": "b", "deactivate": True}],
            "steps[0].deactivate",
            "'a' is not active",
        ),
        ([{"note": "x"}], "steps[0]", "a note needs one of `over`, `left_of`, `right_of`"),
        ([{"loop": "x", "opt": "y"}], "steps[0]", "a step is one thing"),
        ([{"from": "a", "to": "b", "head": "big"}], "steps[0].head", "unknown value 'big'"),
        (
            [{"opt": "x", "options": [{"steps": []}]}],
            "steps[0].options",
            "`options` belong to a `critical` block",
        ),
    ],
)
def test_errors(steps: list[dict[str, object]], path: str, message: str, errors: Errors) -> None:
    found = errors({**BASE, "steps": steps})
    assert any(p == path and message in m for p, m in found), found


def test_participant_ids_that_are_keywords_are_renamed(render: Render) -> None:
    out = render(
        {
            "diagram": "sequence",
            "participants": {"end": None, "loop": "L"},
            "steps": [{"from": "end", "to": "loop", "text": "x"}],
        }
    )
    assert "participant p_end_" in out and " as end" in out


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "sequence",
            "title": "t",
            "participants": {"a": text, "b": {"label": text, "type": "actor"}},
            "boxes": [{"label": text, "participants": ["a"]}],
            "steps": [
                {"from": "a", "to": "b", "text": text},
                {"note": text, "over": ["a"]},
                {"loop": text, "steps": [{"from": "b", "to": "a", "text": text}]},
                {"critical": text, "steps": [], "options": [{"when": text, "steps": []}]},
            ],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        signals = [
            m
            for m in result.graph["messages"]
            if m.get("from") and m.get("to") and m["type"] in (0, 5)
        ]
        assert [m["message"] for m in signals] == [text, text]
        notes = [m["message"] for m in result.graph["messages"] if m["type"] == 2]
        assert notes == [text]
        assert {a["description"] for a in result.graph["actors"].values()} == {text}
