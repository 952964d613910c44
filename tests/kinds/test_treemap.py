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
            "diagram": "treemap",
            "items": [
                {"label": "A", "children": [{"label": "a1", "value": 3}]},
                {"label": "B", "value": 2.5},
            ],
        }
    )
    assert out.splitlines() == ["treemap-beta", '"A"', '    "a1": 3', '"B": 2.5']


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "treemap", "items": [{"label": "A"}]}) == [
        ("items[0]", "a leaf needs a `value`")
    ]
    assert errors(
        {
            "diagram": "treemap",
            "items": [{"label": "A", "value": 1, "children": [{"label": "b", "value": 1}]}],
        }
    ) == [("items[0].value", "a group has children or a value, not both")]
    assert (
        errors({"diagram": "treemap", "items": [{"label": "A", "value": -1}]})[0][0]
        == "items[0].value"
    )


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "treemap",
            "items": [{"label": text, "children": [{"label": text, "value": 1}]}],
        }
        if re.search(r"#\w+;", text) or "%%" in text:
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert out.count("\n") == 3
