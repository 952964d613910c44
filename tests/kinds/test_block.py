"""Block diagrams: layout, shapes, edges, classes, Mermaid's rules, hostile text."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kindcheck import HOSTILE as SHARED_HOSTILE
from kindcheck import spec_errors as _errors
from kindcheck import yaml_text as _text

from specmaid.mermaid.bridge import ParseResult, parse_diagrams
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

Render = Callable[[Any], str]
REPO = Path(__file__).resolve().parents[2]

HOSTILE = [
    *SHARED_HOSTILE,
    "",
    'a"]:3\n  evil["x',
    "block:g\nend",
    "#quot; written as an entity",
]
#: User ids the block lexer reads as keywords: they are renamed, and still shown.
KEYWORD_IDS = ["end", "block", "space", "columns", "class", "style", "default", "my id"]


def _hostile_spec(text: str) -> dict[str, Any]:
    return {
        "diagram": "block",
        "blocks": [
            {"id": "a", "label": text},
            {"group": "g", "label": text, "blocks": [{"id": "b", "label": text, "shape": "round"}]},
            {"id": "c", "label": text, "arrow": "right"},
        ],
        "edges": [{"from": "a", "to": "b", "label": text, "line": "dotted"}],
    }


def _keyword_spec() -> dict[str, Any]:
    return {
        "diagram": "block",
        "blocks": [{"id": name} for name in KEYWORD_IDS],
        "edges": [{"from": "end", "to": "block"}],
    }


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParseResult]:
    """The hostile diagrams and the keyword-id diagram, parsed by real Mermaid in one batch."""
    project = Project(root=tmp_path_factory.mktemp("block"))
    specs = {text: _hostile_spec(text) for text in HOSTILE} | {"keyword ids": _keyword_spec()}
    texts = [
        (name, render_source(SourceText("t.yaml", _text(spec)), project).text)
        for name, spec in specs.items()
    ]
    return {r.name: r for r in parse_diagrams(texts)}


def _flat(blocks: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for block in blocks:
        yield block
        yield from _flat(block.get("children") or [])


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "block",
            "columns": 2,
            "blocks": [
                {"id": "a", "label": "A", "span": 2, "class": "hot"},
                {"space": 1},
                {
                    "group": "g",
                    "label": "Group",
                    "columns": 1,
                    "blocks": [{"id": "c", "shape": "cylinder", "label": "db"}],
                },
                {"id": "e", "arrow": ["x", "y"], "label": "go", "style": {"fill": "#fff"}},
                {"id": "end"},
            ],
            "edges": [
                {"from": "a", "to": "c", "label": "x"},
                {"from": "a", "to": "e", "line": "thick", "arrow": "both"},
                {"from": "c", "to": "g", "line": "dotted", "arrow": "none"},
                {"from": "e", "to": "end", "label": "y", "line": "dotted", "arrow": "cross"},
            ],
            "classes": {"hot": {"fill": "#f96"}},
        }
    )
    lines = out.splitlines()
    assert lines[:9] == [
        "block-beta",
        "    columns 2",
        '    a["A"]:2',
        "    space",
        '    block:g["Group"]',
        "        columns 1",
        '        c[("db")]',
        "    end",
        '    e<["go"]>(x, y)',
    ]
    end_id = lines[9].split("[")[0].strip()
    assert end_id.startswith("b_end_") and lines[9].endswith('["end"]')
    assert lines[10:] == [
        '    a -- "x" --> c',
        "    a <==> e",
        "    c -.- g",
        f'    e -. "y" .-x {end_id}',
        "    classDef hot fill:#f96",
        "    class a hot",
        "    style e fill:#fff",
    ]


@pytest.mark.parametrize(
    ("body", "path", "line", "message"),
    [
        (
            "blocks: [{id: alpha}]\nedges: [{from: alpah, to: alpha}]",
            "edges[0].from",
            3,
            "unknown block 'alpah'. Did you mean 'alpha'?",
        ),
        ("blocks: [{id: a}, {id: a}]", "blocks[1].id", 2, "duplicate block id 'a'"),
        (
            "blocks: [{id: a, space: 2}]",
            "blocks[0]",
            2,
            "an entry is one of: a block (`id`), a space (`space`), a group (`group`)",
        ),
        (
            "blocks: [{id: a, shape: star}]",
            "blocks[0].shape",
            2,
            "unknown value 'star'; expected one of: square, round, stadium, subroutine,"
            " cylinder, circle, asymmetric, diamond, hexagon, lean-right, lean-left, trapezoid,"
            " trapezoid-alt, double-circle. Did you mean 'square'?",
        ),
        (
            "columns: 2\nblocks: [{id: a, span: 3}]",
            "blocks[0].span",
            3,
            "found 3; the diagram has 2 columns",
        ),
        (
            "blocks:\n  - group: g\n    columns: 2\n    blocks: [{space: 3}]",
            "blocks[0].blocks[0].space",
            5,
            "found 3; the group has 2 columns",
        ),
        (
            "blocks: [{id: a}, {id: b}]\nedges: [{from: a, to: b, label: x, arrow: both}]",
            "edges[0].arrow",
            3,
            "Mermaid's block diagrams draw `both` only on edges without a label (use `to`, or"
            " drop the label)",
        ),
        (
            "blocks: [{id: a, class: hot}]",
            "blocks[0].class",
            2,
            "unknown class 'hot'; define it under `classes:` or in the theme.",
        ),
        (
            "blocks: [{id: a, class: my-class}]\nclasses: {my-class: {fill: '#fff'}}",
            "classes.my-class",
            3,
            "class 'my-class': Mermaid's block diagrams read class names as letters, digits"
            " and '_' only",
        ),
        (
            "blocks: [{space: 1, label: x}]",
            "blocks[0].label",
            2,
            "`label` does not apply to a space",
        ),
    ],
)
def test_broken_specs(body: str, path: str, line: int, message: str, tmp_path: Path) -> None:
    assert (path, line, message) in _errors(f"diagram: block\n{body}\n", tmp_path)


def test_accessibility_is_refused(tmp_path: Path) -> None:
    [(path, line, message)] = _errors(
        "diagram: block\naccessibility: {title: x}\nblocks: [{id: a}]\n", tmp_path
    )
    assert (path, line) == ("accessibility", 2)
    assert "has no accTitle/accDescr statements" in message


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_arrives_whole(text: str, parsed: dict[str, ParseResult]) -> None:
    result = parsed[text]
    assert result.ok, result.error
    assert result.graph is not None
    blocks = {b["id"]: b for b in _flat(result.graph["blocks"])}
    assert sorted(blocks) == ["a", "b", "c", "g"]
    # Line breaks fold into spaces; empty text is written as one space (the lexer cannot
    # read an empty string), which draws the same.
    flat_text = " ".join(text.splitlines()) or " "
    assert [blocks[k]["label"] for k in ("a", "g", "b", "c")] == [flat_text] * 4
    assert [(e["start"], e["end"], e["label"]) for e in result.graph["edges"]] == [
        ("a", "b", flat_text)
    ]


def test_keyword_ids_are_renamed_and_shown(parsed: dict[str, ParseResult]) -> None:
    result = parsed["keyword ids"]
    assert result.ok, result.error
    assert result.graph is not None
    labels = [b["label"] for b in result.graph["blocks"]]
    assert labels == KEYWORD_IDS
    [edge] = result.graph["edges"]
    assert edge["start"].startswith("b_end_") and edge["end"].startswith("b_block_")


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/block.md quotes the example spec; `specmaid build` keeps its output current."""
    doc = (REPO / "docs" / "kinds" / "block.md").read_text("utf-8")
    spec = (REPO / "specs" / "gallery" / "computer-use-mitigations-block.yaml").read_text("utf-8")
    assert spec in doc
    assert "<!-- specmaid: specs/gallery/computer-use-mitigations-block.yaml -->" in doc
