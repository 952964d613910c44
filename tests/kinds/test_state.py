from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

#: Texts that break state diagrams in particular: ':' ends a description, ':::' applies a
#: class, a line containing "direction LR" becomes a direction statement, and a note line
#: starting with "end note" ends the note.
STATE_HOSTILE = ["a:::hot", "x :: y", "go direction LR", "Direction tb", "end note", "[*]"]


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


def test_render_composite_regions_notes_and_styles(render: Render) -> None:
    out = render(
        {
            "diagram": "state",
            "hide_empty_description": True,
            "classes": {"hot": {"fill": "#f96"}},
            "states": {
                "run": {
                    "label": "Running",
                    "direction": "LR",
                    "regions": [
                        {"states": {"a": None}, "transitions": [{"from": "[*]", "to": "a"}]},
                        {"states": {"b": None}},
                    ],
                    "note": {"text": "two\nlines", "side": "left"},
                },
                "x": {"class": "hot", "style": {"stroke": "#333"}},
            },
        }
    )
    assert out.splitlines() == [
        "stateDiagram-v2",
        "    hide empty description",
        '    state "Running" as run {',
        "        direction LR",
        "        a",
        "        [*] --> a",
        "        --",
        "        b",
        "    }",
        "    note left of run",
        "two",
        "lines",
        "    end note",
        "    x",
        "    style x stroke:#333",
        "    classDef hot fill:#f96",
        "    class x hot",
    ]


@pytest.mark.parametrize(
    ("spec", "path", "message"),
    [
        (
            {"states": {"idle": None}, "transitions": [{"from": "idel", "to": "[*]"}]},
            "transitions[0].from",
            "Did you mean 'idle'?",
        ),
        ({"states": {"a": {"type": "merge"}}}, "states.a.type", "unknown value 'merge'"),
        ({"states": {"a": {"class": "x"}}}, "states.a.class", "unknown class 'x'"),
        ({"states": {"a": {"note": {"side": "left"}}}}, "states.a.note", "missing required key"),
        (
            {"states": {"c": {"type": "choice", "states": {"x": None}}}},
            "states.c.type",
            "a choice state cannot hold states",
        ),
        (
            {"states": {"c": {"type": "choice", "label": "Which?"}}},
            "states.c.label",
            "drawn without a label",
        ),
        (
            {"states": {"a": {"states": {"a": None}}}},
            "states.a.states.a",
            "duplicate state id 'a'",
        ),
        (
            {"states": {"a": {"states": {"x": None}, "regions": [{}, {}]}}},
            "states.a",
            "either `states` or `regions`",
        ),
        ({"states": {"a": {"direction": "LR"}}}, "states.a.direction", "inside a composite"),
        ({"states": {"a": {"regions": [{}]}}}, "states.a.regions", ""),
        (
            {"states": {"a": {"style": {"fill": "rgb(1,2,3)"}}}},
            "states.a.style.fill",
            "parentheses",
        ),
        (
            {"states": {"a": {"regions": [{"transitions": [{"from": "a", "to": "zz"}]}, {}]}}},
            "states.a.regions[0].transitions[0].to",
            "unknown state 'zz'",
        ),
    ],
)
def test_errors(spec: dict[str, Any], path: str, message: str, errors: Errors) -> None:
    found = errors({"diagram": "state", **spec})
    assert any(p == path and message in m for p, m in found), found


def test_fork_and_join_warnings(tmp_path: Any) -> None:
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    text = "diagram: state\nstates: {f: {type: fork}, j: {type: join}}\n"
    result = render_source(SourceText("t.yaml", text), Project(root=tmp_path))
    assert [(w.path, w.message) for w in result.warnings] == [
        (("states", "f"), "fork 'f' has 0 ways out"),
        (("states", "j"), "join 'j' has 0 ways in"),
    ]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile + STATE_HOSTILE:
        out = render(
            {
                "diagram": "state",
                "states": {
                    "a": {"label": text, "description": text, "note": {"text": text}},
                    "b": {"label": text, "note": {"text": f"{text}\n{text}"}},
                    "c": {"label": text, "states": {"d": None}},
                },
                "transitions": [{"from": "a", "to": "b", "label": text}],
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        states = result.graph["states"]
        assert set(states) == {"a", "b", "c"}, out  # d sits inside c (its `doc`)
        shown = " ".join(text.split())
        assert states["a"]["descriptions"] == [shown, shown], out
        assert states["a"]["note"]["text"] == shown, out
        assert states["b"]["note"]["text"].split("\n") == [text, text], out
        assert states["c"]["descriptions"] == [shown], out
        (relation,) = result.graph["relations"]
        assert relation["relationTitle"] == shown, out


def test_error_points_at_the_spec_line(tmp_path: Any) -> None:
    from specmaid.errors import SpecErrors
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    with pytest.raises(SpecErrors) as info:
        render_source(
            SourceText(
                "t.yaml", "diagram: state\nstates: {a: null}\ntransitions:\n  - {from: a, to: b}\n"
            ),
            Project(root=tmp_path),
        )
    (error,) = info.value.errors
    assert (error.path, error.line) == (("transitions", 0, "to"), 4)
