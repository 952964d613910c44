from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def spec(
    task: Any, score: Any = 3, actors: list[str] | None = None, name: str = "S"
) -> dict[str, Any]:
    item = {"task": task, "score": score}
    if actors is not None:
        item["actors"] = actors
    return {"diagram": "journey", "sections": [{"name": name, "tasks": [item]}]}


def test_render(render: Render) -> None:
    assert render(spec("Make tea", 5, ["Me", "Cat"])).splitlines() == [
        "journey",
        "    section S",
        "        Make tea: 5: Me, Cat",
    ]


def test_a_first_section_without_name_is_the_tasks_before_any(
    render: Render, errors: Errors, mermaid: MermaidServer
) -> None:
    loose = {"tasks": [{"task": "Wake up", "score": 3}]}
    named = {"name": "Work", "tasks": [{"task": "Code", "score": 5}]}
    out = render({"diagram": "journey", "sections": [loose, named]})
    assert out.splitlines() == [
        "journey",
        "        Wake up: 3",
        "    section Work",
        "        Code: 5",
    ]
    result = mermaid.parse(out)
    assert result.ok and result.graph is not None, result.error
    assert [t["section"] for t in result.graph["tasks"]] == ["", "Work"]
    found = errors({"diagram": "journey", "sections": [named, loose]})
    assert [path for path, _ in found] == ["sections[1]"]
    assert "only the first may go without one" in found[0][1]


def test_errors(errors: Errors) -> None:
    assert errors(spec("x", 6)) == [
        ("sections[0].tasks[0].score", "found 6; expected a number at most 5")
    ]
    assert errors(spec("x", 0))[0][0] == "sections[0].tasks[0].score"
    assert "found ','" in errors(spec("x", 3, ["a,b"]))[0][1]
    assert "found ':'" in errors(spec("a: b"))[0][1]


def test_hostile_text(
    render: Render, errors: Errors, hostile: list[str], mermaid: MermaidServer
) -> None:
    for text in hostile:
        s = spec(text, 4, [text.replace(",", "")], name=text)
        if set(text) & set(":;#") or "%%" in text:
            assert errors(s), text
            continue
        out = render(s)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        (task,) = result.graph["tasks"]
        assert (task["task"], task["score"], task["section"]) == (text, 4, text)
