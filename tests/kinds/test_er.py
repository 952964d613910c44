from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "er",
            "entities": {
                "A": {
                    "label": "Alpha",
                    "attributes": [
                        {"type": "int", "name": "id", "keys": ["PK", "FK"], "comment": "the id"}
                    ],
                },
                "B-2": None,
            },
            "relations": [
                {
                    "from": "A",
                    "to": "B-2",
                    "from_card": "zero-or-one",
                    "to_card": "one-or-more",
                    "label": "has",
                    "identifying": False,
                }
            ],
        }
    )
    assert out.splitlines() == [
        "erDiagram",
        '    A["Alpha"] {',
        '        int id PK, FK "the id"',
        "    }",
        "    B-2",
        '    A |o..|{ B-2 : "has"',
    ]


def test_errors(errors: Errors) -> None:
    base = {"diagram": "er", "entities": {"A": None}}
    assert (
        "Did you mean 'A'?"
        in errors({**base, "relations": [{"from": "A", "to": "a", "label": "x"}]})[0][1]
    )
    assert (
        errors({**base, "relations": [{"from": "A", "to": "A", "label": "x", "to_card": "many"}]})[
            0
        ][0]
        == "relations[0].to_card"
    )
    assert errors({"diagram": "er", "entities": {"A B": None}})[0][0] == "entities['A B']"
    assert (
        "found '\"'"
        in errors(
            {
                "diagram": "er",
                "entities": {"A": {"attributes": [{"type": "t", "name": "n", "comment": 'a "b"'}]}},
            }
        )[0][1]
    )


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        out = render(
            {
                "diagram": "er",
                "entities": {"A": {"label": text}, "B": None},
                "relations": [
                    {"from": "A", "to": "B", "label": text},
                    {"from": "B", "to": "A", "label": text},
                ],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        relationships = result.graph["relationships"]
        assert [r["roleA"] for r in relationships] == [text, text], out
        assert set(result.graph["entities"]) == {"A", "B"}
