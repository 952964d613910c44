"""Sankey: CSV rows, Mermaid's rules (no cycles, printable ASCII), hostile node names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from kindcheck import HOSTILE as SHARED_HOSTILE
from kindcheck import spec_errors as _errors
from kindcheck import yaml_text as _text

from specmaid.errors import format_path
from specmaid.mermaid.bridge import ParseResult, parse_diagrams
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

Render = Callable[[Any], str]
REPO = Path(__file__).resolve().parents[2]

#: Names that try to leave their CSV field, start a comment or directive, or hit the HTML
#: sanitiser, plus the general hostile texts every kind is tested with.
HOSTILE = [
    *SHARED_HOSTILE,
    "A, Inc.",
    '"quoted", then more',
    "a,b,3",
    "tab\there",
    "sankey-beta",
    "%% comment",
]
#: The hostile names Mermaid's sankey has no way to write, with the message fragment.
REFUSED = {
    "Ticket #42; done": "no escape for it",
    "100%% sure %%{init: {'theme': 'dark'}}%%": "comment or directive",
    "<b>bold</b> & <i>": "sanitises node names as HTML",
    "x --> y": "sanitises node names as HTML",
    "emoji 🙂 ünïcode 中文": "printable ASCII only",
    "style x:#fff;": "no escape for it",
    "tab\there": "printable ASCII only",
    "%% comment": "comment or directive",
}


def _hostile_spec(name: str) -> dict[str, Any]:
    return {
        "diagram": "sankey",
        "flows": [
            {"from": name, "to": "sink", "value": 3},
            {"from": "source", "to": name, "value": 1.5},
        ],
    }


@pytest.fixture(scope="module")
def parsed_hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParseResult]:
    """Every accepted hostile name rendered and parsed by real Mermaid in one batch."""
    project = Project(root=tmp_path_factory.mktemp("sankey"))
    texts = {
        name: render_source(SourceText("t.yaml", _text(_hostile_spec(name))), project).text
        for name in HOSTILE
        if name not in REFUSED
    }
    results = parse_diagrams(list(texts.items()))
    return {result.name: result for result in results}


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "sankey",
            "flows": [
                {"from": "A, Inc", "to": 'say "x"', "value": 1.5},
                {"from": "  B  ", "to": "C", "value": 2},
                {"from": "C", "to": "D", "value": 0.00001},
            ],
        }
    )
    assert out.splitlines() == [
        "sankey-beta",
        "",
        '"A, Inc","say ""x""",1.5',
        "B,C,2",
        "C,D,0.00001",
    ]


@pytest.mark.parametrize(
    ("flows", "path", "line", "message"),
    [
        (
            "[{from: a, to: b, value: 1}, {from: b, to: c, value: 1}, {from: c, to: a, value: 1}]",
            "flows",
            3,
            "the flows form a cycle, which a sankey diagram cannot draw: a → b → c → a",
        ),
        (
            "[{from: a, to: a, value: 1}]",
            "flows[0]",
            3,
            "a flow from 'a' to itself would be a cycle; sankey diagrams have none",
        ),
        (
            "[{from: a, to: b, value: -1}]",
            "flows[0].value",
            3,
            "found -1; expected a number at least 0",
        ),
        (
            '[{from: a, to: "Café", value: 1}]',
            "flows[0].to",
            3,
            "found 'é'; Mermaid's sankey lexer reads printable ASCII only"
            " (no tabs, line breaks, accents or emoji)",
        ),
        ("[{from: '  ', to: b, value: 1}]", "flows[0].from", 3, "a node name cannot be empty"),
        (
            "[{from: a < b, to: c, value: 1}]",
            "flows[0].from",
            3,
            "found '<' or '>'; Mermaid's sankey sanitises node names as HTML and would drop the"
            " text (write 'less than' / 'more than')",
        ),
    ],
)
def test_broken_flows(flows: str, path: str, line: int, message: str, tmp_path: Path) -> None:
    source = f"# a sankey\ndiagram: sankey\nflows: {flows}\n"
    assert _errors(source, tmp_path)[0] == (path, line, message)


def test_accessibility_is_refused_and_title_warned(tmp_path: Path) -> None:
    source = "diagram: sankey\naccessibility: {title: x}\nflows: [{from: a, to: b, value: 1}]\n"
    [(path, line, message)] = _errors(source, tmp_path)
    assert (path, line) == ("accessibility", 2)
    assert message.startswith("Mermaid 11.17's sankey grammar has no accTitle/accDescr")
    rendered = render_source(
        SourceText("t.yaml", "diagram: sankey\ntitle: T\nflows: [{from: a, to: b, value: 1}]\n"),
        Project(root=tmp_path),
    )
    assert [(format_path(w.path), w.line) for w in rendered.warnings] == [("title", 2)]


def test_repeated_flow_is_a_warning(tmp_path: Path) -> None:
    source = (
        "diagram: sankey\nflows:\n  - {from: a, to: b, value: 1}\n  - {from: a, to: b, value: 2}\n"
    )
    rendered = render_source(SourceText("t.yaml", source), Project(root=tmp_path))
    [warning] = rendered.warnings
    assert (format_path(warning.path), warning.line) == ("flows[1]", 4)
    assert warning.message.startswith("flows[0] already goes from 'a' to 'b'")


def test_long_chain_is_not_a_cycle(render: Render) -> None:
    flows = [{"from": f"n{i}", "to": f"n{i + 1}", "value": 1} for i in range(3000)]
    assert render({"diagram": "sankey", "flows": flows}).count("\n") == 3002


@pytest.mark.parametrize("name", [n for n in HOSTILE if n in REFUSED])
def test_hostile_names_mermaid_cannot_hold_are_refused(name: str, tmp_path: Path) -> None:
    errors = _errors(_text(_hostile_spec(name)), tmp_path)
    assert [path for path, _, _ in errors] == ["flows[0].from", "flows[1].to"]
    assert all(REFUSED[name] in message for _, _, message in errors), errors


@pytest.mark.parametrize("name", [n for n in HOSTILE if n not in REFUSED])
def test_hostile_names_reach_mermaid_whole(
    name: str, parsed_hostile: dict[str, ParseResult]
) -> None:
    result = parsed_hostile[name]
    assert result.ok, result.error
    assert result.diagram_type == "sankey"
    assert result.graph is not None
    # Mermaid trims names; three nodes and two links, nothing more.
    assert [node["ID"] for node in result.graph["nodes"]] == [name.strip(), "sink", "source"]
    links = [(link["source"]["ID"], link["target"]["ID"]) for link in result.graph["links"]]
    assert links == [(name.strip(), "sink"), ("source", name.strip())]


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/sankey.md quotes the example spec; `specmaid build` keeps its output current."""
    doc = (REPO / "docs" / "kinds" / "sankey.md").read_text("utf-8")
    spec = (REPO / "specs" / "gallery" / "cyber-challenges-sankey.yaml").read_text("utf-8")
    assert spec in doc
    assert "<!-- specmaid: specs/gallery/cyber-challenges-sankey.yaml -->" in doc
