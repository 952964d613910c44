from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "kanban",
            "columns": {
                "todo": {
                    "title": "To do",
                    "tasks": [
                        "a",
                        {"id": "b2", "title": "B", "priority": "High", "ticket": "MC-1"},
                    ],
                }
            },
        }
    )
    assert out.splitlines() == [
        "kanban",
        '    todo["To do"]',
        '        t1["a"]',
        '        b2["B"]@{ ticket: "MC-1", priority: "High" }',
    ]


def test_errors(errors: Errors) -> None:
    assert (
        errors(
            {
                "diagram": "kanban",
                "columns": {"c": {"tasks": [{"title": "x", "priority": "Urgent"}]}},
            }
        )[0][0]
        == "columns.c.tasks[0].priority"
    )
    assert errors(
        {
            "diagram": "kanban",
            "columns": {"c": {"tasks": [{"id": "a", "title": "x"}, {"id": "a", "title": "y"}]}},
        }
    ) == [("columns.c.tasks[1].id", "duplicate task id 'a'")]
    assert errors({"diagram": "kanban", "columns": {}})[0][0] == "columns"


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        out = render(
            {
                "diagram": "kanban",
                "columns": {
                    "c": {
                        "title": text,
                        "tasks": [{"title": text, "assigned": text, "ticket": text}],
                    }
                },
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        nodes = result.graph["data"]["nodes"]
        assert [n["label"] for n in nodes] == [text, text], out
        assert nodes[1]["assigned"] == text and nodes[1]["ticket"] == text
