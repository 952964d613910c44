from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "state",
            "states": {
                "a": "A",
                "end": None,
                "c": {"type": "fork"},
                "d": {"description": "waits", "note": {"text": "n"}},
            },
            "transitions": [
                {"from": "[*]", "to": "a"},
                {"from": "a", "to": "end", "label": "go"},
                {"from": "end", "to": "[*]"},
            ],
        }
    )
    lines = out.splitlines()
    assert lines[:2] == ["stateDiagram-v2", '    state "A" as a']
    assert lines[2].startswith('    state "end" as s_end_')
    assert lines[3:7] == [
        "    state c <<fork>>",
        "    d",
        "    d : waits",
        "    note right of d : n",
    ]
    assert lines[7] == "    [*] --> a"


def test_errors(errors: Errors) -> None:
    found = errors(
        {
            "diagram": "state",
            "states": {"idle": None},
            "transitions": [{"from": "idel", "to": "[*]"}],
        }
    )
    assert found[0][0] == "transitions[0].from" and "Did you mean 'idle'?" in found[0][1]
    assert errors({"diagram": "state", "states": {"a": {"type": "merge"}}})[0][0] == "states.a.type"
    assert "unknown class" in errors({"diagram": "state", "states": {"a": {"class": "x"}}})[0][1]
    assert errors({"diagram": "state", "states": {"a": {"note": {"side": "left"}}}})[0] == (
        "states.a.note",
        "missing required key 'text'",
    )


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        out = render(
            {
                "diagram": "state",
                "states": {
                    "a": {"label": text, "description": text, "note": {"text": text}},
                    "b": text,
                },
                "transitions": [{"from": "a", "to": "b", "label": text}],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        relations = result.graph["relations"]
        assert len(relations) == 1, out
        states = result.graph["states"]
        assert set(states) == {"a", "b"}, out
