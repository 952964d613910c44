from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "xychart",
            "horizontal": True,
            "x_axis": {"categories": ["a", "b"]},
            "y_axis": {"title": "Y", "min": 0, "max": 10.5},
            "series": [{"type": "bar", "values": [1, 2]}, {"type": "line", "values": [1.5, 2]}],
        }
    )
    assert out.splitlines() == [
        "xychart-beta horizontal",
        '    x-axis ["a", "b"]',
        '    y-axis "Y" 0 --> 10.5',
        "    bar [1, 2]",
        "    line [1.5, 2]",
    ]


def test_errors(errors: Errors) -> None:
    base = {"diagram": "xychart", "x_axis": {"categories": ["a", "b"]}}
    assert errors({**base, "series": [{"type": "bar", "values": [1]}]}) == [
        ("series[0].values", "found 1 values; the x axis has 2 categories")
    ]
    assert errors({**base, "series": [{"type": "pie", "values": [1, 2]}]})[0][0] == "series[0].type"
    assert (
        "more than `min`"
        in errors(
            {
                "diagram": "xychart",
                "y_axis": {"min": 5, "max": 1},
                "series": [{"type": "bar", "values": [1]}],
            }
        )[0][1]
    )
    assert (
        "found '\"'"
        in errors(
            {
                "diagram": "xychart",
                "x_axis": {"title": 'say "x"'},
                "series": [{"type": "bar", "values": [1]}],
            }
        )[0][1]
    )


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "xychart",
            "x_axis": {"title": text, "categories": [text, "b"]},
            "y_axis": {"title": text},
            "series": [{"type": "bar", "values": [1, 2]}],
        }
        if '"' in text or "%%" in text or "#42;" in text or "#fff;" in text:
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert out.count("\n") == 4
