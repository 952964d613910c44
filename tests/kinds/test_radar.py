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
            "diagram": "radar",
            "axes": {"m": "Math", "s": "Science"},
            "curves": [{"id": "a", "label": "Alice", "values": {"s": 2, "m": 1.5}}],
            "max": 10,
            "show_legend": False,
        }
    )
    assert out.splitlines() == [
        "radar-beta",
        '    axis m["Math"], s["Science"]',
        '    curve a["Alice"]{ m: 1.5, s: 2 }',
        "    max 10",
        "    showLegend false",
    ]


def test_errors(errors: Errors) -> None:
    base = {"diagram": "radar", "axes": {"m": "M", "s": "S"}}
    assert errors({**base, "curves": [{"id": "a", "values": {"m": 1}}]}) == [
        ("curves[0].values", "no value for axis s")
    ]
    assert (
        "unknown axis 'x'"
        in errors({**base, "curves": [{"id": "a", "values": {"m": 1, "s": 1, "x": 1}}]})[0][1]
    )
    assert errors(
        {
            **base,
            "curves": [
                {"id": "a", "values": {"m": 1, "s": 1}},
                {"id": "a", "values": {"m": 1, "s": 1}},
            ],
        }
    ) == [("curves[1].id", "duplicate curve id 'a'")]
    assert (
        errors(
            {"diagram": "radar", "axes": {"m": "M"}, "curves": [{"id": "1a", "values": {"m": 1}}]}
        )[0][0]
        == "curves[0].id"
    )


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "radar",
            "axes": {"a": text, "b": "B"},
            "curves": [{"id": "c", "label": text, "values": {"a": 1, "b": 2}}],
        }
        if re.search(r"#\w+;", text):
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert [a["label"] for a in result.graph["axes"]] == [text, "B"]
        assert [c["label"] for c in result.graph["curves"]] == [text]
