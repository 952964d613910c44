from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

#: Texts that break ER diagrams in particular: they are Markdown (`*b*`, `_i_`), `~T~` is a
#: generic type, a name token allows no '%' or backslash, and "direction LR" swallows the line.
ER_HOSTILE = ["a *b* _c_ **d**", "~T~ x", "100%", "a\\b", "go direction LR", "snake_case"]


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


def test_render_keywords_styles_and_empty_labels(render: Render) -> None:
    out = render(
        {
            "diagram": "er",
            "direction": "LR",
            "classes": {"hot": {"fill": "#f96"}},
            "entities": {
                "one-two": {"class": "hot", "attributes": [{"type": "list~int~", "name": "ids"}]},
                "ORDER": {"style": {"stroke": "#333"}},
            },
            "relations": [{"from": "one-two", "to": "ORDER"}],
        }
    )
    assert out.splitlines() == [
        "erDiagram",
        "    direction LR",
        '    e_one-two["one-two"] {',
        "        list~int~ ids",
        "    }",
        "    ORDER",
        '    e_one-two ||--o{ ORDER : ""',
        "    classDef hot fill:#f96",
        "    class e_one-two hot",
        "    style ORDER stroke:#333",
    ]


@pytest.mark.parametrize(
    ("spec", "path", "message"),
    [
        (
            {"entities": {"A": None}, "relations": [{"from": "A", "to": "a", "label": "x"}]},
            "relations[0].to",
            "Did you mean 'A'?",
        ),
        (
            {"entities": {"A": None}, "relations": [{"from": "A", "to": "A", "to_card": "many"}]},
            "relations[0].to_card",
            "unknown value 'many'",
        ),
        ({"entities": {"A B": None}}, "entities['A B']", ""),
        (
            {"entities": {"A": {"attributes": [{"type": "t", "name": "n", "keys": ["PK", "PK"]}]}}},
            "entities.A.attributes[0].keys",
            "",
        ),
        (
            {"entities": {"A": {"attributes": [{"type": "two words", "name": "n"}]}}},
            "entities.A.attributes[0].type",
            "",
        ),
        ({"entities": {"A": {"attributes": [{"name": "n"}]}}}, "entities.A.attributes[0]", "type"),
        ({"entities": {"A": {"class": "nope"}}}, "entities.A.class", "unknown class 'nope'"),
        (
            {"entities": {"A": {"style": {"fill": "{x}"}}}},
            "entities.A.style.fill",
            "expected a style value of letters, digits",
        ),
    ],
)
def test_errors(spec: dict[str, Any], path: str, message: str, errors: Errors) -> None:
    found = errors({"diagram": "er", **spec})
    assert any(p == path and message in m for p, m in found), found


def test_duplicate_attribute_warns(tmp_path: Any) -> None:
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    text = (
        "diagram: er\nentities:\n  A: {attributes: [{type: int, name: x}, {type: int, name: x}]}\n"
    )
    result = render_source(SourceText("t.yaml", text), Project(root=tmp_path))
    (warning,) = result.warnings
    assert (warning.path, warning.line) == (("entities", "A", "attributes", 1, "name"), 3)


def test_keyword_entity_names_parse(render: Render, mermaid: MermaidServer) -> None:
    names = ["one", "many", "to", "style", "class", "classDef", "end", "subgraph", "to-do"]
    out = render(
        {
            "diagram": "er",
            "entities": {**{n: None for n in names}, "X": None},
            "relations": [{"from": n, "to": "X"} for n in names],
        }
    )
    result = mermaid.parse(out)
    assert result.ok, f"{result.error}\n{out}"
    assert result.graph is not None
    assert sorted(e["alias"] for e in result.graph["entities"].values() if e["alias"]) == sorted(
        names
    )
    assert len(result.graph["relationships"]) == len(names)


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile + ER_HOSTILE:
        out = render(
            {
                "diagram": "er",
                "entities": {
                    "A": {
                        "label": text,
                        "attributes": [{"type": "int", "name": "x", "comment": text}],
                    },
                    "B": None,
                },
                "relations": [
                    {"from": "A", "to": "B", "label": text},
                    {"from": "B", "to": "A", "label": text},
                ],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        shown = " ".join(text.split())
        relationships = result.graph["relationships"]
        assert [r["roleA"] for r in relationships] == [shown, shown], out
        entities = result.graph["entities"]
        assert set(entities) == {"A", "B"}
        assert entities["A"]["alias"] == shown, out
        (attribute,) = entities["A"]["attributes"]
        assert attribute["comment"] == shown, out


def test_error_points_at_the_spec_line(tmp_path: Any) -> None:
    from specmaid.errors import SpecErrors
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    with pytest.raises(SpecErrors) as info:
        render_source(
            SourceText(
                "t.yaml", "diagram: er\nentities: {A: null}\nrelations:\n  - {from: A, to: B}\n"
            ),
            Project(root=tmp_path),
        )
    (error,) = info.value.errors
    assert (error.path, error.line) == (("relations", 0, "to"), 4)
