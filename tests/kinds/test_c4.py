from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

BASE = {
    "diagram": "c4",
    "elements": {
        "u": {"kind": "person", "label": "User"},
        "s": {"kind": "container_db", "label": "DB", "technology": "SQL", "external": True},
    },
}

#: Texts with no escape in C4 shapes (drawn without entity decoding): refused there, but
#: fine in relation texts, which decode entities.
REFUSED_IN_SHAPES = ['say "hi"', "Ticket #42; done", "100%% sure", "&lt;", "go direction LR"]


def test_render(render: Render) -> None:
    out = render(
        {
            **BASE,
            "level": "container",
            "boundaries": {"b": {"label": "B", "elements": ["s"]}},
            "relations": [{"from": "u", "to": "s", "label": "reads", "direction": "right"}],
        }
    )
    assert out.splitlines() == [
        "C4Container",
        '    Boundary(b, "B") {',
        '        ContainerDb_Ext(s, "DB", "SQL")',
        "    }",
        '    Person(u, "User")',
        '    Rel_R(u, s, "reads")',
    ]


def test_render_deployment_styles_layout_and_title(render: Render) -> None:
    out = render(
        {
            **BASE,
            "level": "deployment",
            "title": "Where it runs; #1",
            "boundaries": {
                "n": {
                    "kind": "node",
                    "label": "Cloud",
                    "type": "Ubuntu",
                    "description": "region A",
                    "boundaries": {"l": {"kind": "node_left", "label": "L", "elements": ["s"]}},
                }
            },
            "elements": {
                **BASE["elements"],
                "u": {"kind": "person", "label": "User", "link": "https://x.org/u"},
            },
            "relations": [
                {
                    "from": "u",
                    "to": "s",
                    "label": 'says "hi"',
                    "technology": "HTTPS",
                    "both": True,
                    "style": {"line": "red", "offset_y": -10},
                }
            ],
            "layout": {"shapes_per_row": 3},
        }
    )
    lines = out.splitlines()
    start = lines.index("C4Deployment")
    assert lines[start:] == [
        "C4Deployment",
        "    title Where it runs#59; #1",
        '    Deployment_Node(n, "Cloud", "Ubuntu", "region A") {',
        '        Node_L(l, "L") {',
        '            ContainerDb_Ext(s, "DB", "SQL")',
        "        }",
        "    }",
        '    Person(u, "User", $link="https://x.org/u")',
        '    BiRel(u, s, "says #quot;hi#quot;", "HTTPS")',
        '    UpdateRelStyle(u, s, $lineColor="red", $offsetY="-10")',
        '    UpdateLayoutConfig($c4ShapeInRow="3")',
    ]


@pytest.mark.parametrize("level", ["context", "container", "component", "dynamic", "deployment"])
def test_every_level_parses(level: str, render: Render, mermaid: MermaidServer) -> None:
    out = render(
        {
            **BASE,
            "level": level,
            "title": "T",
            "boundaries": {"b": {"kind": "system", "elements": ["s"]}},
            "relations": [{"from": "u", "to": "s", "label": "x", "both": True}],
        }
    )
    result = mermaid.parse(out)
    assert result.ok, out
    assert result.diagram_type == "c4"


@pytest.mark.parametrize(
    ("spec", "path", "message"),
    [
        (
            {"relations": [{"from": "uu", "to": "s", "label": "x"}]},
            "relations[0].from",
            "Did you mean 'u'?",
        ),
        (
            {"boundaries": {"b": {"elements": ["s"]}, "c": {"elements": ["s"]}}},
            "boundaries.c.elements[0]",
            "element 's' is already in another boundary",
        ),
        ({"elements": {"x": {"kind": "robot", "label": "r"}}}, "elements.x.kind", ""),
        ({"elements": {"x": {"kind": "system", "label": 'a "b"'}}}, "elements.x.label", "'\"'"),
        (
            {"elements": {"x": {"kind": "system", "label": "x", "technology": "t"}}},
            "elements.x.technology",
            "no technology",
        ),
        ({"boundaries": {"b": {"label": "empty"}}}, "boundaries.b", "needs elements"),
        (
            {"boundaries": {"b": {"description": "d", "elements": ["s"]}}},
            "boundaries.b.description",
            "only deployment nodes",
        ),
        (
            {
                "relations": [
                    {"from": "u", "to": "s", "label": "one"},
                    {"from": "u", "to": "s", "label": "two"},
                ]
            },
            "relations[1]",
            "keeps only the last relation",
        ),
        (
            {
                "relations": [
                    {"from": "u", "to": "s", "label": "x", "both": True, "direction": "up"}
                ]
            },
            "relations[0].direction",
            "no direction",
        ),
        (
            {"elements": {"x": {"kind": "system", "label": "a &amp; b"}}},
            "elements.x.label",
            "'&amp;'",
        ),
        ({"layout": {"shapes_per_row": 0}}, "layout.shapes_per_row", ""),
    ],
)
def test_errors(spec: dict[str, Any], path: str, message: str, errors: Errors) -> None:
    found = errors({**BASE, **spec})
    assert any(p == path and message in m for p, m in found), found


def test_level_warnings(tmp_path: Any) -> None:
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    text = (
        "diagram: c4\nlevel: context\nelements:\n  c: {kind: component, label: C}\n"
        "boundaries:\n  n: {kind: node, elements: [c]}\n"
    )
    result = render_source(SourceText("t.yaml", text), Project(root=tmp_path))
    assert sorted(w.path for w in result.warnings) == [
        ("boundaries", "n", "kind"),
        ("elements", "c", "kind"),
    ]


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile + REFUSED_IN_SHAPES:
        relation = {"from": "b", "to": "a", "label": text, "technology": text}
        shape = {"kind": "container", "label": text, "technology": text, "description": text}
        spec = {
            "diagram": "c4",
            "title": text,
            "elements": {"a": shape, "b": {"kind": "person", "label": "B"}},
            "relations": [relation],
        }
        shown = " ".join(text.split())
        if any(bad in text for bad in ('"', "%%", "#42;", "#fff;", "&lt;", "direction LR")):
            found = errors(spec)
            assert {p for p, _ in found} == {
                "elements.a.label",
                "elements.a.technology",
                "elements.a.description",
            }, found
            spec["elements"]["a"] = {"kind": "container", "label": "A"}
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        (rel,) = result.graph["rels"]
        assert (rel["label"]["text"], rel["techn"]["text"]) == (shown, shown), out
        shapes = {s["alias"]: s for s in result.graph["c4ShapeArray"]}
        assert set(shapes) == {"a", "b"}, out
        if shapes["a"]["label"]["text"] != "A":
            assert shapes["a"]["label"]["text"] == shown, out
            assert shapes["a"]["descr"]["text"] == shown, out


def test_error_points_at_the_spec_line(tmp_path: Any) -> None:
    from specmaid.errors import SpecErrors
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    with pytest.raises(SpecErrors) as info:
        render_source(
            SourceText(
                "t.yaml",
                "diagram: c4\nelements:\n  a: {kind: person, label: A}\nrelations:\n  - {from: a, to: b, label: x}\n",
            ),
            Project(root=tmp_path),
        )
    (error,) = info.value.errors
    assert (error.path, error.line) == (("relations", 0, "to"), 5)
