from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "class",
            "classes": {
                "Animal": {"annotation": "abstract", "members": ["+name: str"]},
                "Duck": None,
                "Pond": {"namespace": "Places"},
            },
            "relations": [
                {"from": "Duck", "to": "Animal", "type": "inheritance", "label": "is a"},
                {
                    "from": "Pond",
                    "to": "Duck",
                    "type": "aggregation",
                    "two_way": True,
                    "from_card": "1",
                    "to_card": "*",
                },
            ],
        }
    )
    assert out.splitlines() == [
        "classDiagram",
        "    namespace Places {",
        "        class Pond",
        "    }",
        "    class Animal {",
        "        <<abstract>>",
        "        +name: str",
        "    }",
        "    class Duck",
        "    Animal <|-- Duck : is a",
        '    Duck "*" o--o "1" Pond',
    ]


def test_errors(errors: Errors) -> None:
    assert (
        "Did you mean 'Duck'?"
        in errors(
            {
                "diagram": "class",
                "classes": {"Duck": None},
                "relations": [{"from": "Dukc", "to": "Duck"}],
            }
        )[0][1]
    )
    assert (
        errors({"diagram": "class", "classes": {"my class": None}})[0][0] == "classes['my class']"
    )
    assert "found '{'" in errors({"diagram": "class", "classes": {"A": {"members": ["x {"]}}})[0][1]
    assert (
        errors(
            {
                "diagram": "class",
                "classes": {"A": None},
                "relations": [{"from": "A", "to": "A", "type": "uses"}],
            }
        )[0][0]
        == "relations[0].type"
    )


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        out = render(
            {
                "diagram": "class",
                "classes": {"A": {"label": text}, "B": None},
                "relations": [{"from": "A", "to": "B", "label": text}],
                "notes": [{"text": text, "for": "A"}, {"text": text}],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert len(result.graph["relations"]) == 1, out
        assert set(result.graph["classes"]) == {"A", "B"}, out
        assert len(result.graph["notes"]) == 2, out
