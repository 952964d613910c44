from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

#: Texts that break class diagrams in particular: a second ':' in a relation label, braces
#: and ';' in members, and a line containing "direction LR" (it vanishes as a statement).
CLASS_HOSTILE = ["a: b: c", "x { y } z", "go direction LR", "+List~int~ ids$", "<<x>>"]


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


def test_render_from_first_and_link_target(render: Render) -> None:
    """`from_first` writes the same relation with the edge starting at `from`."""
    out = render(
        {
            "diagram": "class",
            "classes": {"A": {"link": "https://a.example", "target": "_self"}, "B": None},
            "relations": [
                {"from": "A", "to": "B", "from_first": True, "from_card": "1", "to_card": "*"},
                {
                    "from": "A",
                    "to": "B",
                    "type": "inheritance",
                    "two_way": True,
                    "from_first": True,
                },
                {"from": "A", "to": "B", "type": "dashed-link", "from_first": True},
            ],
        }
    )
    assert out.splitlines() == [
        "classDiagram",
        "    class A",
        "    class B",
        '    A "1" --> "*" B',
        "    A <|--|> B",
        "    A .. B",
        '    link A "https://a.example" _self',
    ]


def test_render_the_rest_of_the_syntax(render: Render) -> None:
    out = render(
        {
            "diagram": "class",
            "direction": "LR",
            "styles": {"hot": {"fill": "#f96"}},
            "classes": {
                "note": {"members": ["#count: int", "+run() bool$"], "class": "hot"},
                "Box": {
                    "generic": "T",
                    "namespace": "Outer.Inner",
                    "provides": ["Iterable"],
                    "link": "https://x.org/box#top",
                    "tooltip": "docs",
                    "style": {"stroke": "#333"},
                },
            },
            "relations": [{"from": "Box", "to": "note", "type": "dependency"}],
            "notes": [{"text": "a note"}],
        }
    )
    assert out.splitlines() == [
        "classDiagram",
        "    direction LR",
        "    namespace Outer.Inner {",
        "        class Box~T~",
        "    }",
        '    class note_["note"] {',
        "        #count: int",
        "        +run() bool$",
        "    }",
        "    Iterable ()-- Box",
        "    note_ <.. Box",
        '    note "a note"',
        '    link Box "https://x.org/box%23top" "docs"',
        '    cssClass "note_" hot',
        "    classDef hot fill:#f96",
        "    style Box stroke:#333",
    ]


@pytest.mark.parametrize(
    ("spec", "path", "message"),
    [
        (
            {"classes": {"Duck": None}, "relations": [{"from": "Dukc", "to": "Duck"}]},
            "relations[0].from",
            "Did you mean 'Duck'?",
        ),
        ({"classes": {"my class": None}}, "classes['my class']", ""),
        (
            {"classes": {"A": None}, "relations": [{"from": "A", "to": "A", "type": "uses"}]},
            "relations[0].type",
            "unknown value 'uses'",
        ),
        (
            {
                "classes": {"A": None},
                "relations": [{"from": "A", "to": "A", "type": "link", "two_way": True}],
            },
            "relations[0].two_way",
            "a link has no arrowhead",
        ),
        ({"classes": {"A": None}, "notes": [{"text": "n", "for": "B"}]}, "notes[0].for", "'B'"),
        ({"classes": {"A": {"provides": ["B"]}, "B": None}}, "classes.A.provides[0]", "is a class"),
        ({"classes": {"A": {"tooltip": "t"}}}, "classes.A.tooltip", "belongs to a `link`"),
        ({"classes": {"A": {"target": "_self"}}}, "classes.A.target", "belongs to a `link`"),
        ({"classes": {"A": {"class": "nope"}}}, "classes.A.class", "unknown class 'nope'"),
        ({"classes": {"A": {"namespace": "a..b"}}}, "classes.A.namespace", ""),
        ({"classes": {"A": {"style": {"fill": "red;"}}}}, "classes.A.style.fill", "cannot contain"),
    ],
)
def test_errors(spec: dict[str, Any], path: str, message: str, errors: Errors) -> None:
    found = errors({"diagram": "class", **spec})
    assert any(p == path and message in m for p, m in found), found


def test_keyword_class_names_parse(render: Render, mermaid: MermaidServer) -> None:
    names = ["note", "link", "namespace", "style", "cssClass", "click", "call", "class"]
    out = render(
        {
            "diagram": "class",
            "classes": {**{n: None for n in names}, "note_": None},
            "relations": [{"from": n, "to": "note_"} for n in names],
        }
    )
    result = mermaid.parse(out)
    assert result.ok, f"{result.error}\n{out}"
    assert result.graph is not None
    labels = sorted(c["label"] for c in result.graph["classes"].values())
    assert labels == sorted([*names, "note_"])
    assert len(result.graph["relations"]) == len(names)


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile + CLASS_HOSTILE:
        out = render(
            {
                "diagram": "class",
                "classes": {
                    "A": {"label": text, "annotation": text, "members": [text, f"+go({text})"]},
                    "B": {"link": "https://x.org", "tooltip": text},
                },
                "relations": [
                    {"from": "A", "to": "B", "label": text, "from_card": text, "to_card": text}
                ],
                "notes": [{"text": text, "for": "A"}, {"text": text}],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        (relation,) = result.graph["relations"]
        shown = " ".join(text.split())
        assert relation["title"] == shown, out
        assert (relation["relationTitle1"], relation["relationTitle2"]) == (shown, shown), out
        classes = result.graph["classes"]
        assert set(classes) == {"A", "B"}, out
        assert classes["A"]["label"] == shown, out
        assert classes["A"]["annotations"] == [shown], out
        members = classes["A"]["members"] + classes["A"]["methods"]
        assert len(members) == 2, out
        assert len(result.graph["notes"]) == 2, out
        assert [n["text"] for n in result.graph["notes"].values()] == [shown, shown], out


def test_error_points_at_the_spec_line(tmp_path: Any) -> None:
    from specmaid.errors import SpecErrors
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    with pytest.raises(SpecErrors) as info:
        render_source(
            SourceText(
                "t.yaml", "diagram: class\nclasses: {A: null}\nrelations:\n  - {from: A, to: B}\n"
            ),
            Project(root=tmp_path),
        )
    (error,) = info.value.errors
    assert (error.path, error.line) == (("relations", 0, "to"), 4)


def test_a_class_keeps_its_own_classdef_over_classdef_default(
    render: Render, mermaid: MermaidServer
) -> None:
    """Mermaid copies a classDef's styles into the classes that already have that css class
    when the classDef comes, and inline styles win over class CSS: css classes are written
    first, then the classDefs in order, then each class's own style, so a class's own
    classDef beats `default` and its `style` beats both."""
    out = render(
        {
            "diagram": "class",
            "classes": {"Animal": {"class": "pink"}, "Mineral": {"style": {"color": "blue"}}},
            "styles": {"default": {"fill": "#f96", "color": "red"}, "pink": {"color": "#f9f"}},
        }
    )
    result = mermaid.parse(out)
    assert result.ok and result.graph is not None, result.error
    styles = {k: v["styles"] for k, v in result.graph["classes"].items()}
    assert styles["Animal"][-1] == "color:#f9f"
    assert styles["Mineral"][-1] == "color:blue"
