from __future__ import annotations

from collections.abc import Callable
from typing import Any

from specmaid.mermaid.bridge import MermaidServer

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "mindmap",
            "root": {
                "label": "R",
                "children": [
                    "a",
                    {"label": "b", "shape": "cloud", "icon": "fa fa-book", "children": ["c"]},
                ],
            },
        }
    )
    assert out.splitlines() == [
        "mindmap",
        '    n1["R"]',
        '        n2["a"]',
        '        n3)"b"(',
        "        ::icon(fa fa-book)",
        '            n4["c"]',
    ]


def test_bare_nodes_are_written_without_brackets(render: Render, mermaid: MermaidServer) -> None:
    labels = ["plain text", "f(x) [a] {b}", "  ::icon(x)", "two\nlines"]
    out = render(
        {
            "diagram": "mindmap",
            "root": {"label": "R", "children": [{"label": t, "shape": "bare"} for t in labels]},
        }
    )
    assert out.splitlines()[2:5] == [
        "        plain text",
        "        f#40;x#41; #91;a#93; #123;b#125;",
        "        #32;#32;#58;:icon#40;x#41;",
    ]
    result = mermaid.parse(out)
    assert result.ok and result.graph is not None, result.error
    children = result.graph["mindmap"]["children"]
    # Mermaid's type 0 (no brackets); a line break is written `<br>`, which Mermaid keeps.
    assert [(c["descr"], c["type"]) for c in children] == [
        ("plain text", 0),
        ("f(x) [a] {b}", 0),
        ("  ::icon(x)", 0),
        ("two<br>lines", 0),
    ]


def test_errors(errors: Errors) -> None:
    assert errors({"diagram": "mindmap"}) == [("", "missing required key 'root'")]
    assert (
        errors({"diagram": "mindmap", "root": {"label": "r", "shape": "star"}})[0][0]
        == "root.shape"
    )
    assert errors({"diagram": "mindmap", "root": {"children": []}})[0] == (
        "root",
        "missing required key 'label'",
    )
    assert (
        errors({"diagram": "mindmap", "root": {"label": "r", "icon": "fa;x"}})[0][0] == "root.icon"
    )


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        out = render(
            {
                "diagram": "mindmap",
                "root": {
                    "label": text,
                    "children": [
                        text,
                        {"label": text, "shape": "bang"},
                        {"label": text, "shape": "bare"},
                    ],
                },
            }
        )
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        nodes = result.graph["data"]["nodes"]
        assert [n["label"] for n in nodes] == [text, text, text, text], out
