"""Wardley maps: every statement, Mermaid's number format, name rules, hostile text."""

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

FULL: dict[str, Any] = {
    "diagram": "wardley",
    "size": {"width": 800, "height": 600},
    "stages": [{"name": "Genesis", "end": 0.25}, {"name": "Product / Rental", "end": 1}],
    "anchors": {"User": [1, 0.5]},
    "components": {
        "Tea": [0.5, 0.2],
        "Kettle": {
            "at": [0.3, 0.4],
            "label_offset": [-10, 5],
            "strategy": "buy",
            "inertia": True,
            "pipeline": {"Electric": 0.6, "Stove": {"evolution": 0.3, "label_offset": [5, 5]}},
        },
    },
    "links": [
        {"from": "User", "to": "Tea", "label": "wants"},
        {"from": "Tea", "to": "Kettle", "dashed": True, "flow": "both"},
        {"from": "Kettle", "to": "Stove"},
    ],
    "evolve": {"Tea": 0.6},
    "notes": [{"text": "Standardise", "at": [0.3, 0.5]}],
    "annotations": [{"text": "first", "at": [0.5, 0.5]}],
    "annotations_box": [0.1, 0.9],
    "accelerators": {"Fast": [0.5, 0.5]},
    "deaccelerators": {"Slow": [0.6, 0.4]},
}


def test_render(render: Render, mermaid: MermaidServer) -> None:
    out = render(FULL)
    assert out.splitlines() == [
        "wardley-beta",
        "size [800, 600]",
        'evolution "Genesis"@0.25 -> "Product / Rental"@1.0',
        "anchor User [1.0, 0.5]",
        "component Tea [0.5, 0.2]",
        "component Kettle [0.3, 0.4] label [-10, 5] (buy) inertia",
        "pipeline Kettle {",
        "  component Electric [0.6]",
        "  component Stove [0.3] label [5, 5]",
        "}",
        "User -> Tea ; wants",
        "Tea +<> -.-> Kettle",
        "Kettle -> Stove",
        "evolve Tea 0.6",
        'note "Standardise" [0.3, 0.5]',
        "annotations [0.1, 0.9]",
        'annotation 1, [0.5, 0.5] "first"',
        "accelerator Fast [0.5, 0.5]",
        "deaccelerator Slow [0.6, 0.4]",
    ]
    result = mermaid.parse(out)
    assert result.ok, result.error
    assert result.graph is not None
    data = result.graph["wardleyData"]
    assert [(n["id"], n["x"], n["y"]) for n in data["nodes"]] == [
        ("User", 50, 100),
        ("Tea", 20, 50),
        ("Kettle", 40, 30),
        ("Kettle_Electric", 60, 30),
        ("Kettle_Stove", 30, 30),
    ]
    assert [(k["source"], k["target"], k["dashed"], k.get("flow")) for k in data["links"]] == [
        ("User", "Tea", False, None),
        ("Tea", "Kettle", True, "bidirectional"),
        ("Kettle", "Kettle_Stove", False, None),
    ]
    assert data["axes"] == {"stages": ["Genesis", "Product / Rental"], "stageBoundaries": [0.25, 1]}


def test_names_with_keywords_are_quoted(render: Render, mermaid: MermaidServer) -> None:
    out = render(
        {
            "diagram": "wardley",
            "components": {"note taker": [0.5, 0.5], "3D printer": [0.4, 0.4]},
            "links": [{"from": "note taker", "to": "3D printer"}],
        }
    )
    assert out.splitlines()[1:] == [
        'component "note taker" [0.5, 0.5]',
        'component "3D printer" [0.4, 0.4]',
        '"note taker" -> "3D printer"',
    ]
    assert mermaid.parse(out).ok


def test_errors(errors: Errors) -> None:
    base: dict[str, Any] = {"diagram": "wardley", "components": {"Tea": [0.5, 0.5]}}
    assert errors({**base, "components": {"Tea": [1.5, 0]}})[0][0] == "components.Tea[0]"
    assert errors({**base, "links": [{"from": "Tee", "to": "Tea"}]}) == [
        ("links[0].from", "unknown component 'Tee'. Did you mean 'Tea'?")
    ]
    assert errors({**base, "links": [{"from": "Tea", "to": "Tea"}]}) == [
        ("links[0].to", "a link cannot go from a component to itself")
    ]
    assert errors({**base, "anchors": {"Tea": [1, 1]}}) == [
        ("components.Tea", "'Tea' is already anchors.Tea")
    ]
    assert errors({**base, "evolve": {"Cup": 0.5}})[0][0] == "evolve.Cup"
    assert errors({**base, "stages": ["A", {"name": "B", "end": 1}]}) == [
        ("stages", "give every stage an `end`, or none (Mermaid spaces them)")
    ]
    assert errors({**base, "stages": [{"name": "A", "end": 0.5}, {"name": "B", "end": 0.5}]}) == [
        ("stages[1].end", "stage ends must increase left to right")
    ]
    assert errors({**base, "stages": ["only one"]})[0][0] == "stages"


def test_error_line(tmp_path: Path) -> None:
    source = "diagram: wardley\ncomponents:\n  Tea: [0.5, 0.5]\nlinks:\n  - {from: Tea, to: Cup}\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    assert [(e.path, e.line) for e in info.value.errors] == [(("links", 0, "to"), 5)]


def test_hostile_text(render: Render, hostile: list[str], mermaid: MermaidServer) -> None:
    for text in hostile:
        spec = {
            "diagram": "wardley",
            "stages": [text, "B"],
            "anchors": {text: [0.9, 0.5]},
            "components": {"Tea": {"at": [0.5, 0.5], "pipeline": {f"{text} 2": 0.2}}},
            "links": [
                {"from": text, "to": "Tea", "label": text},
                {"from": "Tea", "to": f"{text} 2"},
            ],
            "evolve": {text: 0.95},
            "notes": [{"text": text, "at": [0.2, 0.2]}],
            "annotations": [{"text": text, "at": [0.2, 0.2]}],
            "accelerators": {text: [0.5, 0.5]},
        }
        out = render(spec)
        result = mermaid.parse(out)
        assert result.ok, f"{text!r}: {result.error}\n{out}"
        assert result.graph is not None
        data = result.graph["wardleyData"]
        assert [n["label"] for n in data["nodes"]] == [text, "Tea", f"{text} 2"], out
        assert [(k["source"], k["target"], k.get("label")) for k in data["links"]] == [
            (text, "Tea", text),
            ("Tea", f"Tea_{text} 2", None),
        ]
        assert [t["nodeId"] for t in data["trends"]] == [text]
        assert data["axes"]["stages"] == [text, "B"]
        assert [n["text"] for n in data["notes"]] == [text]
        assert [a["text"] for a in data["annotations"]] == [text]
        assert [a["name"] for a in data["accelerators"]] == [text]
