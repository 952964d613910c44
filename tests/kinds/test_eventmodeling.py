"""Event models: frames, sources, data; Mermaid's source rules; hostile data text.

Mermaid's eventmodeling db keeps only the parsed tree (it lays out while drawing), so the
hostile-text test checks that Mermaid parses the text and that the statements are the ones
specmaid wrote: one per frame and data block, nothing more.
"""

from __future__ import annotations

import re
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

CART: dict[str, Any] = {
    "diagram": "eventmodeling",
    "frames": [
        {"type": "ui", "name": "CartScreen"},
        {"type": "command", "name": "AddItem", "data": "item: string", "data_type": "json"},
        {"type": "event", "name": "ItemAdded", "namespace": "Cart", "data_block": "added"},
        {"type": "event", "name": "Restocked", "reset": True, "id": 10},
        {"type": "read_model", "name": "CartItems", "from": [3, 10]},
    ],
    "data_blocks": {"added": {"type": "json", "text": '{\n  "item": "book"\n}'}},
}


def test_render(render: Render, mermaid: MermaidServer) -> None:
    out = render(CART)
    assert out.splitlines() == [
        "eventmodeling",
        "timeframe 01 ui CartScreen",
        "timeframe 02 command AddItem `json`{item: string }",
        "timeframe 03 event Cart.ItemAdded [[added]]",
        "resetframe 10 event Restocked",
        "timeframe 05 readmodel CartItems ->> 03 ->> 10",
        "data added `json`{",
        "{",
        '  "item": "book"',
        "#125;",
        "}",
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.diagram_type == "eventmodeling"


def test_errors(errors: Errors) -> None:
    frames: list[dict[str, Any]] = [
        {"type": "ui", "name": "Screen"},
        {"type": "event", "name": "Happened", "from": [1]},
    ]
    assert errors({"diagram": "eventmodeling", "frames": frames}) == [
        (
            "frames[1].from[0]",
            "an event can only receive input from a command, not from a ui (frame 1)",
        )
    ]
    later = [{"type": "command", "name": "Do", "from": [2]}, {"type": "ui", "name": "Screen"}]
    assert errors({"diagram": "eventmodeling", "frames": later}) == [
        (
            "frames[0].from[0]",
            "frame 2 is not earlier in the timeline; Mermaid only draws arrows from earlier frames",
        )
    ]
    assert errors(
        {"diagram": "eventmodeling", "frames": [{"type": "ui", "name": "A", "from": [7]}]}
    ) == [("frames[0].from[0]", "no frame number 7.")]
    assert errors(
        {
            "diagram": "eventmodeling",
            "frames": [{"type": "ui", "name": "A"}, {"type": "ui", "name": "B", "id": 1}],
        }
    ) == [
        (
            "frames[1].id",
            "frame number 1 is already frames[0]'s (frames without `id` are numbered by"
            " position, from 1)",
        )
    ]
    assert errors({"diagram": "eventmodeling", "frames": [{"type": "event", "name": "data"}]}) == [
        ("frames[0].name", "'data' is a word of Mermaid's eventmodeling syntax; rename it")
    ]
    assert errors(
        {"diagram": "eventmodeling", "frames": [{"type": "event", "name": "A", "data_block": "x"}]}
    ) == [("frames[0].data_block", "no data block 'x' under `data_blocks:`.")]
    reset = [
        {"type": "command", "name": "A"},
        {"type": "event", "name": "B", "reset": True, "from": [1]},
    ]
    assert errors({"diagram": "eventmodeling", "frames": reset}) == [
        ("frames[1].from", "a reset frame starts a new flow; Mermaid draws no arrow in")
    ]
    assert errors({"diagram": "eventmodeling", "frames": [{"type": "event", "name": "Add item"}]})[
        0
    ][0] == ("frames[0].name")
    assert (
        errors(
            {
                "diagram": "eventmodeling",
                "frames": [{"type": "ui", "name": "A"}],
                "accessibility": {"title": "T"},
            }
        )[0][0]
        == "accessibility"
    )


def test_error_line(tmp_path: Path) -> None:
    source = "diagram: eventmodeling\nframes:\n  - type: ui\n    name: A\n    from: [9]\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(e.path, e.line) for e in info.value.errors] == [(("frames", 0, "from", 0), 5)]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "eventmodeling",
            "frames": [
                {"type": "command", "name": "Do", "data": text},
                {"type": "event", "name": "Done", "data_block": "block"},
            ],
            "data_blocks": {"block": f"{text}\n}}\n{text}"},
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        body = out.splitlines()[1:]
        assert [re.match(r"\w+", line).group(0) for line in body[:3]] == [  # type: ignore[union-attr]
            "timeframe",
            "timeframe",
            "data",
        ], out
        assert body[2:] == ["data block {", *body[3:6], "}"] and len(body) == 7, out
