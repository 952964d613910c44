from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "block",
            "columns": 2,
            "blocks": [
                {"id": "a", "label": "A", "span": 2},
                {"space": 1},
                {"group": "g", "blocks": [{"id": "c", "shape": "cylinder", "label": "db"}]},
                {"id": "e", "arrow": "right", "label": "go"},
            ],
            "edges": [{"from": "a", "to": "c", "label": "x"}],
        }
    )
    assert out.splitlines() == [
        "block-beta",
        "    columns 2",
        '    a["A"]:2',
        "    space",
        "    block:g",
        '        c[("db")]',
        "    end",
        '    e<["go"]>(right)',
        '    a -- "x" --> c',
    ]


def test_errors(errors: Errors) -> None:
    assert (
        "Did you mean 'alpha'?"
        in errors(
            {
                "diagram": "block",
                "blocks": [{"id": "alpha"}],
                "edges": [{"from": "alpah", "to": "alpha"}],
            }
        )[0][1]
    )
    assert errors({"diagram": "block", "blocks": [{"id": "a"}, {"id": "a"}]}) == [
        ("blocks[1].id", "duplicate block id 'a'")
    ]
    assert errors({"diagram": "block", "blocks": [{"id": "a", "space": 2}]})[0][0] == "blocks[0]"
    assert (
        errors({"diagram": "block", "blocks": [{"id": "a", "shape": "star"}]})[0][0]
        == "blocks[0].shape"
    )


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        out = render(
            {
                "diagram": "block",
                "blocks": [
                    {"id": "a", "label": text},
                    {"id": "b", "label": text, "shape": "round"},
                ],
                "edges": [{"from": "a", "to": "b", "label": text}],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        blocks = [b for b in result.graph["blocks"] if b.get("type") != "composite"]
        assert [b["label"] for b in blocks if b["id"] in ("a", "b")] == [text, text], blocks
