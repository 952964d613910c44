from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render({"diagram": "pie", "show_data": True, "slices": {"A": 1, "B": 2.5}})
    assert out.splitlines() == ["pie showData", '    "A" : 1', '    "B" : 2.5']


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "pie", "slices": {"A": -1}}) == [
        ("slices.A", "found -1; a pie slice cannot be negative")
    ]
    assert errors({"diagram": "pie", "slices": {"A": "lots"}})[0][0] == "slices.A"
    assert errors({"diagram": "pie", "slices": {}})[0][0] == "slices"
    assert errors({"diagram": "pie"}) == [("", "missing required key 'slices'")]
    assert (
        "add a space after '#'" in errors({"diagram": "pie", "slices": {"Ticket #42; x": 1}})[0][1]
    )


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        if re.search(r"#\w+;", text):
            continue  # refused with a clear error, see test_errors
        out = render({"diagram": "pie", "slices": {text: 1, "other": 2}})
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert result.graph["sections"] == {text: 1, "other": 2}
