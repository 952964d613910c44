from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "quadrant",
            "x_axis": {"low": "Low", "high": "High"},
            "quadrants": {"1": "One"},
            "points": [
                {"name": "P", "x": 0.5, "y": 1, "radius": 4, "color": "#f00", "class": "hot"}
            ],
            "classes": {"hot": {"color": "#109060"}},
        }
    )
    assert out.splitlines() == [
        "quadrantChart",
        "    x-axis Low --> High",
        "    quadrant-1 One",
        "    P:::hot: [0.5, 1] radius: 4, color: #f00",
        "    classDef hot color: #109060",
    ]


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "quadrant", "points": [{"name": "p", "x": 1.5, "y": 0}]}) == [
        ("points[0].x", "found 1.5; expected a number at most 1")
    ]
    assert (
        "found '(' ')'"
        in errors({"diagram": "quadrant", "points": [{"name": "p (x)", "x": 0, "y": 0}]})[0][1]
    )
    assert (
        "unknown class 'hot'"
        in errors(
            {"diagram": "quadrant", "points": [{"name": "p", "x": 0, "y": 0, "class": "hot"}]}
        )[0][1]
    )
    assert errors({"diagram": "quadrant", "quadrants": {"5": "x"}})[0][0] == "quadrants.5"


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    from specmaid.kinds.quadrant import FORBIDDEN

    for text in hostile:
        spec = {
            "diagram": "quadrant",
            "x_axis": {"low": text},
            "quadrants": {"2": text},
            "points": [{"name": text, "x": 0.1, "y": 0.9}],
        }
        if (
            set(text) & set(FORBIDDEN)
            or "%%" in text
            or "-->" in text
            or text.split()[0] in ("title",)
        ):
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert out.count("\n") == 4
