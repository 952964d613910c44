from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

BASE = {
    "diagram": "c4",
    "elements": {
        "u": {"kind": "person", "label": "User"},
        "s": {"kind": "container_db", "label": "DB", "technology": "SQL", "external": True},
    },
}


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


@pytest.mark.parametrize("level", ["context", "container", "component", "dynamic", "deployment"])
def test_every_level_parses(level: str, render: Render, mermaid: MermaidServer) -> None:
    out = render(
        {
            **BASE,
            "level": level,
            "relations": [{"from": "u", "to": "s", "label": "x", "both": True}],
        }
    )
    assert mermaid.parse(out).ok, out


def test_errors(errors: Errors) -> None:
    assert (
        "Did you mean 'u'?"
        in errors({**BASE, "relations": [{"from": "uu", "to": "s", "label": "x"}]})[0][1]
    )
    assert errors({**BASE, "boundaries": {"b": {"elements": ["s"]}, "c": {"elements": ["s"]}}})[
        0
    ] == ("boundaries.c.elements[0]", "element 's' is already in another boundary")
    assert (
        errors({"diagram": "c4", "elements": {"x": {"kind": "robot", "label": "r"}}})[0][0]
        == "elements.x.kind"
    )
    assert (
        "found '\"'"
        in errors({"diagram": "c4", "elements": {"x": {"kind": "system", "label": 'a "b"'}}})[0][1]
    )


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "c4",
            "elements": {
                "a": {"kind": "system", "label": text, "description": text},
                "b": {"kind": "person", "label": "B"},
            },
            "relations": [{"from": "b", "to": "a", "label": text}],
        }
        if '"' in text or "%%" in text or "#42;" in text or "#fff;" in text:
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert out.count("\n") == 4, out
