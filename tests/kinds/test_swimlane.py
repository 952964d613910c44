"""Swimlane diagrams: a flowchart in lanes; lane errors spoken as lanes; hostile text."""

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


def test_render(render: Render, mermaid: MermaidServer) -> None:
    out = render(
        {
            "diagram": "swimlane",
            "direction": "LR",
            "lanes": {
                "user": {"title": "User", "nodes": ["ask"]},
                "model": {
                    "title": "Claude",
                    "nodes": ["think"],
                    "subgraphs": {"x": {"nodes": ["answer"]}},
                },
            },
            "nodes": {"ask": "Asks", "think": "Thinks", "answer": "Answers", "loose": None},
            "edges": [
                {"from": "ask", "to": "think"},
                {"from": "think", "to": "answer", "label": "then"},
            ],
        }
    )
    assert out.splitlines() == [
        "swimlane-beta LR",
        "    loose",
        '    subgraph user ["User"]',
        '        ask["Asks"]',
        "    end",
        '    subgraph model ["Claude"]',
        '        think["Thinks"]',
        "        subgraph x",
        '            answer["Answers"]',
        "        end",
        "    end",
        "    ask --> think",
        '    think -->|"then"| answer',
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.diagram_type == "swimlane"
    assert result.graph is not None
    assert [(s["id"], s["nodes"]) for s in result.graph["subgraphs"]] == [
        ("user", ["ask"]),
        ("x", ["answer"]),
        ("model", ["think", "x"]),
    ]


def test_errors(errors: Errors) -> None:
    nodes = {"a": "A", "b": "B"}
    assert errors({"diagram": "swimlane", "nodes": nodes, "lanes": {"a": {"nodes": ["b"]}}}) == [
        ("lanes.a", "lane id 'a' is also a node id; Mermaid would merge them")
    ]
    assert errors({"diagram": "swimlane", "nodes": nodes, "lanes": {"L": {"nodes": ["c"]}}}) == [
        ("lanes.L.nodes[0]", "unknown node 'c' in lane; define it under `nodes:`.")
    ]
    two = {"L1": {"nodes": ["a"]}, "L2": {"nodes": ["a"]}}
    assert errors({"diagram": "swimlane", "nodes": nodes, "lanes": two}) == [
        ("lanes.L2.nodes[0]", "node 'a' is already in lane 'L1'; a node belongs to one lane")
    ]
    path, message = errors(
        {"diagram": "swimlane", "nodes": nodes, "lanes": {"L": {"direction": "LR"}}}
    )[0]
    assert (path, message.startswith("unknown key 'direction'")) == ("lanes.L.direction", True)
    assert errors({"diagram": "swimlane", "nodes": nodes, "subgraphs": {}})[0][0] == "subgraphs"
    assert (
        errors({"diagram": "swimlane", "nodes": nodes, "edges": [{"from": "a", "to": "z"}]})[0][0]
        == "edges[0].to"
    )


def test_error_line(tmp_path: Path) -> None:
    source = "diagram: swimlane\nnodes: {a: A}\nlanes:\n  L:\n    nodes: [a, b]\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(e.path, e.line) for e in info.value.errors] == [(("lanes", "L", "nodes", 1), 5)]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "swimlane",
            "lanes": {"L1": {"title": text, "nodes": ["a"]}, "L2": {"title": text, "nodes": ["b"]}},
            "nodes": {"a": text, "b": text},
            "edges": [{"from": "a", "to": "b", "label": text}],
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        graph = result.graph
        assert graph is not None
        assert [s["title"] for s in graph["subgraphs"]] == [text, text], out
        assert [v["text"] for v in graph["vertices"]] == [text, text]
        assert [(e["start"], e["end"], e["text"]) for e in graph["edges"]] == [("a", "b", text)]
