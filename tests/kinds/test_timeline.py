from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "timeline",
            "direction": "TD",
            "periods": [{"period": "2024", "events": ["A", "B"]}],
        }
    )
    assert out.splitlines() == ["timeline TD", "    2024 : A : B"]


def test_errors(errors: Errors) -> None:
    found = errors(
        {"diagram": "timeline", "periods": [{"period": "a: b"}, {"period": "section x"}]}
    )
    assert ("periods[0].period", "found ':'; Mermaid's timeline has no escape for it here") in found
    assert any(
        p == "periods[1].period" and "cannot start with the word 'section'" in m for p, m in found
    )
    assert errors({"diagram": "timeline", "periods": [{"events": ["x"]}]}) == [
        ("periods[0]", "missing required key 'period'")
    ]
    assert errors({"diagram": "timeline", "direction": "RL"})[0][0] == "direction"


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "timeline",
            "sections": [{"name": text, "periods": [{"period": text, "events": [text, "e2"]}]}],
        }
        if set(text) & set(":;#") or "%%" in text:
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert out.count("\n") == 3, "one header, one section, one period line"
