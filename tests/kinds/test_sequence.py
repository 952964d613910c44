from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]

BASE = {
    "diagram": "sequence",
    "participants": {"a": "Alice", "b": {"label": "Bob", "type": "database"}},
}

#: Texts that break sequence diagrams in particular: the lexer ends a text at any '#',
#: `wrap:` at the start is a switch, and a box reads a leading colour word as its colour.
SEQUENCE_HOSTILE = [
    "C# rocks",
    "#",
    "wrap: x",
    ":nowrap: y",
    "red team",
    "rgb(1, 2, 3) x)",
    "par_over",
    "A->>B: x",
    "x as y",
    "@{ }",
]


def test_render(render: Render) -> None:
    spec = {
        **BASE,
        "autonumber": True,
        "steps": [
            {"from": "a", "to": "b", "text": "Hello", "activate": True},
            {
                "loop": "Every minute",
                "steps": [{"from": "b", "to": "a", "text": "ping", "head": "async"}],
            },
            {
                "alt": [
                    {"when": "ok", "steps": [{"note": "fine", "over": ["a", "b"]}]},
                    {"when": "no", "steps": []},
                ]
            },
            {"from": "b", "to": "a", "text": "Bye", "line": "dotted", "deactivate": True},
        ],
    }
    assert render(spec).splitlines() == [
        "sequenceDiagram",
        "    autonumber",
        "    participant a as Alice",
        '    participant b@{"type": "database"} as Bob',
        "    a->>+b: Hello",
        "    loop Every minute",
        "        b-)a: ping",
        "    end",
        "    alt ok",
        "        Note over a,b: fine",
        "    else no",
        "    end",
        "    b-->>-a: Bye",
    ]


def test_render_the_rest_of_the_syntax(render: Render) -> None:
    out = render(
        {
            "diagram": "sequence",
            "autonumber": {"start": 10, "step": 5},
            "participants": {
                "a": {"label": "A", "links": {"Docs": "https://x.org/#top"}},
                "c": "C",
            },
            "boxes": [{"label": "Team", "color": "#f00", "participants": ["a"]}],
            "steps": [
                {"create": "c"},
                {"from": "a", "to": "c", "text": "new", "head": "half-top", "central": "to"},
                {"from": "c", "to": "a", "head": "stick-bottom", "head_at": "from", "wrap": True},
                {"autonumber": False},
                {"rect": "rgba(0,0,255,.1)", "steps": [{"note": "n", "right_of": "a"}]},
                {"par_over": [{"when": "x", "steps": []}, {"steps": []}]},
                {"critical": "c", "steps": [], "options": [{"when": "o", "steps": []}]},
                {"destroy": "c"},
                {"from": "c", "to": "a", "text": "bye", "head": "cross", "central": "both"},
                {"activate_participant": "a"},
                {"deactivate_participant": "a"},
            ],
        }
    )
    assert out.splitlines() == [
        "sequenceDiagram",
        "    autonumber 10 5",
        "    box rgb(255, 0, 0) Team",
        "        participant a as A",
        "    end",
        '    links a: {"Docs": "https://x.org/#35;top"}',
        "    create participant c as C",
        "    a-|\\()c: new",
        "    c\\\\-a: wrap:",
        "    autonumber off",
        "    rect rgba(0, 0, 255, .1)",
        "        Note right of a: n",
        "    end",
        "    par_over x",
        "    and",
        "    end",
        "    critical c",
        "    option o",
        "    end",
        "    destroy c",
        "    c()-x()a: bye",
        "    activate a",
        "    deactivate a",
    ]


@pytest.mark.parametrize(
    ("steps", "path", "message"),
    [
        ([{"from": "a", "to": "c"}], "steps[0].to", "unknown participant 'c'"),
        ([{"from": "a", "to": "bb"}], "steps[0].to", "Did you mean 'b'?"),
        (
            [{"from": "a", "to": "b", "deactivate": True}],
            "steps[0].deactivate",
            "'a' is not active",
        ),
        ([{"deactivate_participant": "a"}], "steps[0].deactivate_participant", "is not active"),
        ([{"note": "x"}], "steps[0]", "a note needs one of `over`, `left_of`, `right_of`"),
        ([{"loop": "x", "opt": "y"}], "steps[0]", "a step is one thing"),
        ([{"to": "b"}], "steps[0]", "a step needs one of"),
        ([{"from": "a", "text": "x"}], "steps[0]", "a message needs `to`"),
        ([{"from": "a", "to": "b", "head": "big"}], "steps[0].head", "unknown value 'big'"),
        (
            [{"from": "a", "to": "b", "head_at": "from"}],
            "steps[0].head_at",
            "`head_at` places a half head",
        ),
        (
            [{"from": "a", "to": "b", "activate": True, "central": "to"}],
            "steps[0].central",
            "no syntax for a central connection",
        ),
        (
            [{"opt": "x", "options": [{"steps": []}]}],
            "steps[0].options",
            "`options` belong to a `critical` block",
        ),
        ([{"rect": "#12345"}], "steps[0].rect", "3, 4, 6 or 8 digits"),
        ([{"rect": "reddish"}], "steps[0].rect", "Did you mean 'red'?"),
        ([{"create": "z"}], "steps[0].create", "declare 'z' under `participants:`"),
        (
            [{"create": "b"}, {"from": "a", "to": "a"}],
            "steps[0].create",
            "the message after `create: b` must go to 'b'",
        ),
        ([{"create": "b"}], "steps[0].create", "no message follows `create: b`"),
        (
            [{"from": "a", "to": "b"}, {"create": "b"}, {"from": "a", "to": "b"}],
            "steps[0].to",
            "'b' is used before its `create` step",
        ),
        (
            [{"destroy": "b"}, {"from": "a", "to": "a"}],
            "steps[0].destroy",
            "the message after `destroy: b` must come from or go to 'b'",
        ),
        (
            [{"destroy": "b"}, {"from": "a", "to": "b"}, {"from": "b", "to": "a"}],
            "steps[2].from",
            "'b' was destroyed earlier",
        ),
        ([{"activate_participant": "a", "activate": True}], "steps[0].activate", "on a message"),
        ([{"autonumber": {"step": 0}}], "steps[0].autonumber.step", "at least 1"),
    ],
)
def test_errors(steps: list[dict[str, object]], path: str, message: str, errors: Errors) -> None:
    found = errors({**BASE, "steps": steps})
    assert any(p == path and message in m for p, m in found), found


def test_box_errors(errors: Errors) -> None:
    found = errors(
        {
            **BASE,
            "participants": {**BASE["participants"], "c": "C"},
            "boxes": [
                {"participants": ["a", "x"], "color": "bleu"},
                {"participants": ["a", "c"]},
            ],
            "steps": [{"create": "c"}, {"from": "a", "to": "c"}],
        }
    )
    assert ("boxes[0].participants[1]", "unknown participant 'x'.") in found
    assert any(p == "boxes[0].color" and "Did you mean 'blue'?" in m for p, m in found)
    assert ("boxes[1].participants[0]", "participant 'a' is already in box 0") in found
    assert any(p == "boxes[1].participants[1]" and "cannot put a created" in m for p, m in found)


def test_error_points_at_the_spec_line(tmp_path: Any) -> None:
    from specmaid.errors import SpecErrors
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    text = "diagram: sequence\nparticipants: {a: A}\nsteps:\n  - {from: a, to: nobody}\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", text), Project(root=tmp_path))
    (error,) = info.value.errors
    assert (error.path, error.line) == (("steps", 0, "to"), 4)


def test_participant_ids_that_are_keywords_are_renamed(render: Render) -> None:
    out = render(
        {
            "diagram": "sequence",
            "participants": {"end": None, "loop": "L", "queue": None},
            "steps": [{"from": "end", "to": "loop", "text": "x"}],
        }
    )
    assert "participant p_end_" in out and " as end" in out and " as queue" in out


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile + SEQUENCE_HOSTILE:
        spec = {
            "diagram": "sequence",
            "title": "t",
            "participants": {"a": text, "b": {"label": text, "type": "actor"}},
            "boxes": [{"label": text, "participants": ["a"]}],
            "steps": [
                {"from": "a", "to": "b", "text": text},
                {"note": text, "over": ["a"]},
                {"loop": text, "steps": [{"from": "b", "to": "a", "text": text, "wrap": True}]},
                {"critical": text, "steps": [], "options": [{"when": text, "steps": []}]},
                {"alt": [{"when": text, "steps": []}, {"when": text, "steps": []}]},
            ],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        messages = result.graph["messages"]
        signals = [m for m in messages if m.get("from") and m.get("to") and m["type"] in (0, 5)]
        assert [m["message"] for m in signals] == [text, text]
        assert [m["wrap"] for m in signals] == [False, True]
        assert [m["message"] for m in messages if m["type"] == 2] == [text]
        # loop, critical, option, alt, else: each block label once, nothing else added.
        labelled = [m["message"] for m in messages if m["message"] and m["type"] not in (0, 2, 5)]
        assert labelled == [text] * 5, out
        actors = result.graph["actors"].values()
        assert {a["description"] for a in actors} == {text}
        assert [a["box"]["name"] for a in actors if a.get("box")] == [text]


def test_features_parse(render: Render, mermaid: MermaidServer) -> None:
    heads = ["arrow", "none", "cross", "async", "both", "half-top", "half-bottom"]
    heads += ["stick-top", "stick-bottom"]
    steps: list[dict[str, Any]] = []
    for head in heads:
        for line in ("solid", "dotted"):
            steps.append({"from": "a", "to": "b", "text": head, "head": head, "line": line})
            if head.startswith(("half", "stick")):
                steps.append(
                    {"from": "a", "to": "b", "head": head, "line": line, "head_at": "from"}
                )
    for central in ("from", "to", "both"):
        steps.append({"from": "a", "to": "b", "central": central})
    out = render({**BASE, "boxes": [{"participants": ["a"], "color": "#11223380"}], "steps": steps})
    result = mermaid.parse(out)
    assert result.ok, f"{result.error}\n{out}"
    assert result.graph is not None
    # Central connections add one bookkeeping entry per circle; count real messages.
    sent = [m for m in result.graph["messages"] if m.get("from") and m.get("to")]
    assert len(sent) == len(steps)
    # Every head/line/end combination is a different Mermaid line type.
    assert len({m["type"] for m in sent[: len(steps) - 3]}) == len(steps) - 3
    (box,) = [a["box"] for a in result.graph["actors"].values() if a.get("box")]
    assert box["fill"] == "rgba(17, 34, 51, 0.502)"
