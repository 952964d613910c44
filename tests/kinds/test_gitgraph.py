from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "gitgraph",
            "direction": "TB",
            "steps": [
                {"commit": "A", "tag": "v1"},
                {"branch": "dev", "order": 1},
                {"commit": "B", "type": "REVERSE"},
                {"checkout": "main"},
                {"merge": "dev"},
                {"cherry_pick": "B"},
            ],
        }
    )
    assert out.splitlines() == [
        "gitGraph TB:",
        '    commit id: "A" tag: "v1"',
        "    branch dev order: 1",
        '    commit id: "B" type: REVERSE',
        "    checkout main",
        "    merge dev",
        '    cherry-pick id: "B"',
    ]


@pytest.mark.parametrize(
    ("steps", "path", "message"),
    [
        ([{"checkout": "dev"}], "steps[0].checkout", "unknown branch 'dev'"),
        ([{"branch": "main"}], "steps[0].branch", "already exists"),
        ([{"merge": "main"}], "steps[0].merge", "cannot merge 'main' into itself"),
        ([{"branch": "b"}, {"merge": "main"}], "steps[1].merge", "has no commits that 'b' lacks"),
        (
            [{"commit": "x"}, {"cherry_pick": "x"}],
            "steps[1].cherry_pick",
            "is on the current branch",
        ),
        ([{"commit": "x"}, {"commit": "x"}], "steps[1].commit", "duplicate commit id 'x'"),
        ([{"commit": "a", "branch": "b"}], "steps[0]", "a step is one of"),
    ],
)
def test_errors(steps: list[Any], path: str, message: str, errors: Errors) -> None:
    found = errors({"diagram": "gitgraph", "steps": steps})
    assert any(p == path and message in m for p, m in found), found


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        spec = {
            "diagram": "gitgraph",
            "steps": [
                {"commit": text, "tag": text},
                {"branch": text},
                {"commit": None},
                {"checkout": "main"},
                {"merge": text, "tag": "m"},
            ],
        }
        if re.search(r"#\w+;", text):
            assert errors(spec), text
            continue
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        commits = result.graph["commits"]
        assert commits[text]["tags"] == [text], commits


def test_a_cherry_pick_tag_replaces_mermaids(render: Render, mermaid: MermaidServer) -> None:
    """A cherry-pick is tagged `cherry-pick:<id>` unless its `tag:` says otherwise; an empty
    tag leaves it without one."""
    steps: list[Any] = [
        {"commit": "A"},
        {"branch": "dev"},
        {"commit": "B"},
        {"checkout": "main"},
        {"cherry_pick": "B"},
        {"cherry_pick": "B", "tag": ""},
        {"cherry_pick": "B", "tag": 'picked "B"'},
    ]
    out = render({"diagram": "gitgraph", "steps": steps})
    assert out.splitlines()[-3:] == [
        '    cherry-pick id: "B"',
        '    cherry-pick id: "B" tag: ""',
        '    cherry-pick id: "B" tag: "picked \\"B\\""',
    ]
    result = mermaid.parse(out)
    assert result.ok and result.graph is not None, result.error
    picks = sorted(
        (c for c in result.graph["commits"].values() if c["type"] == 4), key=lambda c: c["seq"]
    )
    assert [c["tags"] for c in picks] == [["cherry-pick:B"], [], ['picked "B"']]
