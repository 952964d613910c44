"""The kinds Mermaid added in 11.12–11.14: ishikawa, venn, treeView, wardley."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_ishikawa(render: Render, errors: Errors) -> None:
    out = render(
        {"diagram": "ishikawa", "effect": "E", "causes": [{"label": "C", "causes": ["c1"]}, "D"]}
    )
    assert out.splitlines() == [
        "ishikawa-beta",
        "    E",
        "        C",
        "            c1",
        "        D",
    ]
    assert errors({"diagram": "ishikawa"}) == [("", "missing required key 'effect'")]
    assert "add a space after '#'" in errors({"diagram": "ishikawa", "effect": "Ticket #42;"})[0][1]


def test_venn(render: Render, errors: Errors) -> None:
    out = render(
        {
            "diagram": "venn",
            "sets": {"A": {"label": "Alpha", "size": 2}, "B": {}},
            "overlaps": [{"sets": ["A", "B"], "label": "both", "size": 1}],
        }
    )
    assert out.splitlines() == [
        "venn-beta",
        '  set A["Alpha"]:2',
        "  set B",
        '  union A,B["both"]:1',
    ]
    assert (
        "Did you mean 'A'?"
        in errors({"diagram": "venn", "sets": {"A": {}}, "overlaps": [{"sets": ["A", "a"]}]})[0][1]
    )
    assert errors({"diagram": "venn", "sets": {"A": {"size": 0}}})[0][0] == "sets.A.size"


def test_tree_view(render: Render, errors: Errors) -> None:
    out = render(
        {
            "diagram": "tree_view",
            "items": [{"label": "root", "children": ["a", {"label": 'b "c"'}]}],
        }
    )
    assert out.splitlines() == ["treeView-beta", '    "root"', '        "a"', '        "b \\"c\\""']
    assert errors({"diagram": "tree_view", "items": []})[0][0] == "items"


def test_wardley(render: Render, errors: Errors) -> None:
    out = render(
        {
            "diagram": "wardley",
            "anchors": {"User": [1, 0.5]},
            "components": {"Tea": [0.5, 0.2]},
            "links": [{"from": "User", "to": "Tea"}],
            "evolve": {"Tea": 0.6},
        }
    )
    assert out.splitlines() == [
        "wardley-beta",
        "anchor User [1, 0.5]",
        "component Tea [0.5, 0.2]",
        "User -> Tea",
        "evolve Tea 0.6",
    ]
    assert (
        errors({"diagram": "wardley", "components": {"Tea": [1.5, 0]}})[0][0] == "components.Tea[0]"
    )
    assert (
        "Did you mean 'Tea'?"
        in errors(
            {
                "diagram": "wardley",
                "components": {"Tea": [0, 0]},
                "links": [{"from": "Tee", "to": "Tea"}],
            }
        )[0][1]
    )
    assert (
        errors({"diagram": "wardley", "components": {"3.7 model": [0, 0]}})[0][0]
        == "components['3.7 model']"
    )


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        entity = re.search(r"#\w+;", text)
        specs = [
            {"diagram": "ishikawa", "effect": text, "causes": [{"label": "cat", "causes": [text]}]},
            {
                "diagram": "venn",
                "sets": {"A": {"label": text}, "B": {}},
                "overlaps": [{"sets": ["A", "B"], "label": text}],
            },
            {"diagram": "tree_view", "items": [{"label": text, "children": [text]}]},
        ]
        for spec in specs:
            refused = {
                "ishikawa": bool(entity) or "%%" in text,
                "venn": False,
                "tree_view": bool(entity),
            }
            if refused[spec["diagram"]]:
                assert errors(spec), (spec["diagram"], text)
                continue
            out = render(spec)
            result = mermaid.parse(out)
            assert result.ok, f"{text!r}: {result.error}\n{out}"
