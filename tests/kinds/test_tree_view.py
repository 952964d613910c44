"""Tree views: nesting, folders, annotations, errors, hostile text read back."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from specmaid.errors import SpecErrors
from specmaid.mermaid.bridge import MermaidServer
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def _nodes(node: dict[str, Any]) -> list[Any]:
    """(name, type, class, icon, description, children) of every node below the root."""
    return [
        (
            child["name"],
            child["nodeType"],
            child.get("cssClass"),
            child.get("icon"),
            child.get("description"),
            _nodes(child),
        )
        for child in node["children"]
    ]


def test_render(render: Render, mermaid: MermaidServer) -> None:
    out = render(
        {
            "diagram": "tree_view",
            "accessibility": {"title": "Files"},
            "items": [
                {
                    "label": "root",
                    "folder": True,
                    "children": [
                        "a",
                        {"label": 'b "c"', "class": "highlight", "icon": "mdi:file"},
                        {"label": "ends/", "icon": "", "description": "note"},
                    ],
                }
            ],
        }
    )
    assert out.splitlines() == [
        "treeView-beta",
        "    accTitle: Files",
        '    "root/"',
        '        "a"',
        '        "b #quot;c#quot;" :::highlight icon(mdi:file)',
        '        "ends#47;" icon() ## note',
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.graph is not None
    assert _nodes(result.graph["root"]) == [
        (
            "root",
            "directory",
            None,
            None,
            None,
            [
                ("a", "file", None, None, None, []),
                ('b "c"', "file", "highlight", "mdi:file", None, []),
                ("ends/", "file", None, "none", "note", []),
            ],
        )
    ]


def test_box_drawing_characters_do_not_switch_the_input_format(
    render: Render, mermaid: MermaidServer
) -> None:
    out = render({"diagram": "tree_view", "items": [{"label": "├── a", "children": ["└─ b"]}]})
    assert "├" not in out and "─" not in out
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.graph is not None
    assert _nodes(result.graph["root"])[0][0] == "├── a"


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "tree_view", "items": []})[0][0] == "items"
    assert errors({"diagram": "tree_view", "items": [" "]}) == [
        ("items[0]", "empty label; Mermaid needs a name to draw")
    ]
    nested = {"diagram": "tree_view", "items": [{"label": "a", "children": [{"label": ""}]}]}
    assert errors(nested) == [
        ("items[0].children[0].label", "empty label; Mermaid needs a name to draw")
    ]
    assert errors({"diagram": "tree_view", "items": [{"label": "a", "icon": "x y"}]})[0][0] == (
        "items[0].icon"
    )
    assert errors({"diagram": "tree_view", "items": [{"label": "a", "class": "1x"}]})[0][0] == (
        "items[0].class"
    )
    path, message = errors({"diagram": "tree_view", "items": [{"label": "a", "folders": True}]})[0]
    assert (path, "Did you mean 'folder'?" in message) == ("items[0].folders", True)


def test_error_line(tmp_path: Path) -> None:
    source = "diagram: tree_view\nitems:\n  - label: a\n    children:\n      - label: ''\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(e.path, e.line) for e in info.value.errors] == [
        (("items", 0, "children", 0, "label"), 5)
    ]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "tree_view",
            "items": [{"label": text, "description": text, "children": [text, "next"]}],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        assert _nodes(result.graph["root"]) == [
            (
                text,
                "file",
                None,
                None,
                text,
                [(text, "file", None, None, None, []), ("next", "file", None, None, None, [])],
            )
        ], out
