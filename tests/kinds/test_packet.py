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
            "diagram": "packet",
            "fields": [
                {"bits": 16, "label": "Src"},
                {"start": 16, "end": 31, "label": "Dst"},
                {"bits": 1, "label": "F"},
            ],
        }
    )
    assert out.splitlines() == ["packet-beta", '    0-15: "Src"', '    16-31: "Dst"', '    32: "F"']


def test_errors(errors: Errors) -> None:
    assert errors(
        {
            "diagram": "packet",
            "fields": [{"bits": 8, "label": "a"}, {"start": 4, "end": 9, "label": "b"}],
        }
    ) == [
        (
            "fields[1]",
            "starts at bit 4, which overlaps the previous field; fields must follow each other",
        )
    ]
    assert (
        "leaves bits 8-9 empty"
        in errors(
            {
                "diagram": "packet",
                "fields": [{"bits": 8, "label": "a"}, {"start": 10, "label": "b"}],
            }
        )[0][1]
    )
    assert errors({"diagram": "packet", "fields": [{"label": "a"}]}) == [
        ("fields[0]", "give `bits` (a width) or `start` and `end`")
    ]
    assert (
        errors({"diagram": "packet", "fields": [{"bits": 0, "label": "a"}]})[0][0]
        == "fields[0].bits"
    )


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "packet",
            "fields": [{"bits": 8, "label": text}, {"bits": 8, "label": "b"}],
        }
        if re.search(r"#\w+;", text):
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        rows = [block for row in result.graph["packet"] for block in row]
        assert [b["label"] for b in rows] == [text, "b"], rows
