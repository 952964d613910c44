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
            "diagram": "architecture",
            "groups": {"api": {"label": "API", "icon": "cloud"}},
            "services": {"db": {"label": "Database", "icon": "database", "in": "api"}, "web": {}},
            "junctions": {"j": None},
            "edges": [
                {"from": "db", "from_side": "L", "to": "web", "to_side": "R", "arrow": "both"},
                {"from": "api", "from_side": "B", "to": "j", "to_side": "T"},
            ],
        }
    )
    assert out.splitlines() == [
        "architecture-beta",
        "    group api(cloud)[API]",
        "    service db(database)[Database] in api",
        "    service web(server)",
        "    junction j",
        "    db:L <--> R:web",
        "    api{group}:B -- T:j",
    ]


def test_errors(errors: Errors) -> None:
    assert (
        "Did you mean 'api'?"
        in errors(
            {"diagram": "architecture", "groups": {"api": {}}, "services": {"s": {"in": "apu"}}}
        )[0][1]
    )
    assert (
        errors(
            {
                "diagram": "architecture",
                "services": {"s": {}},
                "edges": [{"from": "s", "from_side": "X", "to": "s", "to_side": "L"}],
            }
        )[0][0]
        == "edges[0].from_side"
    )
    assert errors({"diagram": "architecture", "services": {"s": {"label": "a]b"}}}) == [
        ("services.s.label", "found ']'; Mermaid's architecture has no escape for it here")
    ]
    assert (
        errors({"diagram": "architecture", "groups": {"x": {}}, "services": {"x": {}}})[0][0]
        == "groups.x"
    )


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "architecture",
            "groups": {"g": {"label": text}},
            "services": {"s": {"label": text, "in": "g"}, "t": {}},
            "edges": [{"from": "s", "from_side": "R", "to": "t", "to_side": "L", "label": text}],
        }
        if set(text) & set("[]") or "%%" in text or re.search(r"#\w+;", text):
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert [g["title"] for g in result.graph["groups"]] == [text]
        assert [s["title"] for s in result.graph["services"] if s["id"] == "s"] == [text]
