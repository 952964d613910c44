"""Every spec the schema property test (test_schema_property.py) and the mutation fuzz
(test_mutation_fuzz.py) found drawn as Mermaid that Mermaid rejects, kept as a plain test:
each is now refused with a located error that says what to add, or drawn as valid Mermaid.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from specmaid.errors import SpecErrors, format_path
from specmaid.mermaid.bridge import MermaidServer
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

#: (spec, path, part of the message) of the specs now refused
REFUSED: list[tuple[dict[str, Any], str, str]] = [
    # Mermaid's ER and requirement lexers read no '.' or '%' in a style value; a class
    # diagram cannot read a style whose first property has a '-' (found by hand after the
    # property test's first rounds; CSS_WORDS in schema_strategies now draws such styles).
    (
        {"diagram": "er", "entities": {"A": {"style": {"opacity": "0.5"}}}},
        "entities.A.style.opacity",
        "expected a style value of letters",
    ),
    (
        {"diagram": "er", "entities": {"A": {"class": "c"}}, "classes": {"c": {"opacity": 0.5}}},
        "classes.c.opacity",
        "expected a style value of letters",
    ),
    (
        {
            "diagram": "requirement",
            "requirements": {"r": {"id": "1", "style": {"stroke-width": "1.5px"}}},
        },
        "requirements.r.style.stroke-width",
        "expected a style value of ASCII letters",
    ),
    (
        {"diagram": "class", "classes": {"A": {"style": {"stroke-width": "2px"}}}},
        "classes.A.style",
        "cannot read a style whose first property has a '-'",
    ),
    ({"diagram": "class"}, "", "missing required key 'classes'"),
    ({"diagram": "class", "classes": {}}, "classes", "Mermaid cannot draw an empty class diagram"),
    ({"diagram": "c4"}, "", "missing required key 'elements'"),
    ({"diagram": "c4", "elements": {}}, "elements", "Mermaid cannot draw an empty C4 diagram"),
    ({"diagram": "block", "blocks": []}, "blocks", "at least one block"),
    ({"diagram": "kanban", "columns": {"": {}}}, "columns['']", "found an empty key"),
    ({"diagram": "kanban", "columns": {"a": {"title": ""}}}, "columns.a.title", "at least one"),
    ({"diagram": "mindmap", "root": ""}, "root", "text with at least one character"),
    (
        {"diagram": "mindmap", "root": {"label": "r", "children": [{"label": ""}]}},
        "root.children[0].label",
        "text with at least one character",
    ),
    (
        {"diagram": "journey", "sections": [{"name": "", "tasks": []}]},
        "sections[0].name",
        "a visible character",
    ),
    (
        {"diagram": "journey", "sections": [{"name": " ", "tasks": []}]},
        "sections[0].name",
        "a visible character",
    ),
    (
        {"diagram": "journey", "sections": [{"name": "a", "tasks": [{"task": "", "score": 1}]}]},
        "sections[0].tasks[0].task",
        "a visible character",
    ),
    ({"diagram": "quadrant", "classes": {"a": {}}}, "classes.a", "point styles: radius"),
    ({"diagram": "swimlane", "classes": {"a": {}}}, "classes.a", "CSS properties"),
    ({"diagram": "quadrant", "y_axis": {"low": ""}}, "y_axis.low", "a visible character"),
    ({"diagram": "quadrant", "x_axis": {"low": "- item"}}, "x_axis.low", "cannot start with '-'"),
    ({"diagram": "quadrant", "quadrants": {"1": ""}}, "quadrants.1", "a visible character"),
    ({"diagram": "venn", "sets": {"A\n": {"label": "a"}}}, "sets['A\\n']", "unknown key"),
    ({"diagram": "requirement", "elements": {" ": None}}, "elements[' ']", "a visible character"),
    ({"diagram": "pie", "slices": {"a": "1e309"}}, "slices.a", "expected a number"),
    ({"diagram": "gantt", "sections": [], "axis_format": "#"}, "axis_format", "no # or ;"),
    (
        {"diagram": "class", "classes": {"a": {"members": ["0)"]}}},
        "classes.a.members[0]",
        "a ')' with no '(' before it",
    ),
    ({"diagram": "quadrant", "classes": {"a": {"a": "a"}}}, "classes.a.a", "unknown key 'a'"),
    ({"diagram": "state", "states": {"a": ""}}, "states.a", "at least one character"),
    ({"diagram": "swimlane", "classes": {"a": {"end": "a"}}}, "classes.a.end", "unknown key"),
    (
        {
            "diagram": "gitgraph",
            "steps": [
                {"commit": "a"},
                {"branch": "dev"},
                {"checkout": "main"},
                {"commit": "b"},
                {"checkout": "dev"},
                {"merge": "main"},
            ],
        },
        "steps[5].merge",
        "no commits of its own since it left 'main'",
    ),
]

#: specs now drawn (as something Mermaid parses)
DRAWN: list[dict[str, Any]] = [
    {"diagram": "block", "blocks": [{"group": "g", "label": "G"}]},  # an empty group
    {"diagram": "pie", "slices": {"a": 3.5668155350604134e-247}},  # no exponent form
    {"diagram": "architecture", "config": {"themeCSS": False}},  # text, as the schema says
    {
        "diagram": "flowchart",
        "nodes": {"E": "", "F": {"html": ""}},
        "edges": [{"from": "E", "to": "F", "label": ""}],
    },
    {"diagram": "flowchart", "nodes": {"a": {"label": "hi 🙂"}}},  # through json.dumps below
    {"diagram": "timeline", "comment": ""},
    {
        "diagram": "class",
        "classes": {"o": None, "B": None},
        "relations": [{"from": "o", "to": "B"}],
    },
    {
        "diagram": "gitgraph",
        "steps": [{"commit": "a"}, {"branch": "1"}, {"commit": "b"}],
    },  # no bare `%%` line before `timeline`
    {"diagram": "journey", "sections": [], "comment": "a\n\nb"},
    # a class diagram's style with a plain property is written with that one first
    {
        "diagram": "class",
        "classes": {"A": {"style": {"stroke-width": "2px", "fill": "#f00"}, "class": "c"}},
        "styles": {"c": {"stroke-dasharray": "5 5", "opacity": 0.5}},
    },
    {
        "diagram": "er",
        "entities": {"A": {"style": {"stroke-dasharray": "5 5", "fill": "#f00"}}},
    },
]


def render(spec: dict[str, Any], tmp_path: Path, as_json: bool = False) -> str:
    text = json.dumps(spec) + "\n" if as_json else yaml.safe_dump(spec, allow_unicode=True)
    return render_source(SourceText("r.yaml", text), Project(root=tmp_path)).text


@pytest.mark.parametrize(("spec", "path", "message"), REFUSED)
def test_refused_with_a_located_error(
    spec: dict[str, Any], path: str, message: str, tmp_path: Path
) -> None:
    with pytest.raises(SpecErrors) as info:
        render(spec, tmp_path)
    found = [(format_path(e.path), e.message) for e in info.value.errors]
    assert any(p == path and message in m for p, m in found), found
    for error in info.value.errors:
        assert error.file == "r.yaml" and error.line is not None, str(error)


@pytest.fixture(scope="module")
def server() -> Iterator[MermaidServer]:
    with MermaidServer() as running:
        yield running


@pytest.mark.parametrize("spec", DRAWN)
@pytest.mark.parametrize("as_json", [False, True])
def test_drawn_as_mermaid_parses(
    spec: dict[str, Any], as_json: bool, server: MermaidServer, tmp_path: Path
) -> None:
    text = render(spec, tmp_path, as_json)
    result = server.parse(text)
    assert result.ok, f"{result.error}\n{text}"


def test_an_empty_group_is_drawn_with_a_space_inside(tmp_path: Path) -> None:
    text = render(DRAWN[0], tmp_path)
    assert 'block:g["G"]\n        space\n    end' in text


def test_every_error_of_a_file_in_one_run(tmp_path: Path) -> None:
    text = (
        "diagram: flowchart\n"
        "nodes: {A: a, B: b}\n"
        "edges:\n"
        "  - {from: A}\n"  # a schema error …
        "  - {from: A, to: C}\n"  # … does not hide this one (the kind's own check)
        "  - {from: B, to: A, shape: x}\n"
        "  - {from: Q, to: A}\n"  # (its index is the file's, not the pruned list's)
    )
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("e.yaml", text), Project(root=tmp_path))
    shown = [str(e) for e in info.value.errors]
    assert shown == [
        "e.yaml:4:5: error: edges[0]: missing required key 'to'",
        "e.yaml:6:22: error: edges[2].shape: unknown key 'shape'; expected one of: from, to,"
        " label, html, markdown, id, line, head, tail, length, animate, animation, curve, class,"
        " style, comment.",
        "e.yaml:5:19: error: edges[1].to: unknown node 'C'; define it under `nodes:` (or set"
        " `auto_nodes: true`).",
        "e.yaml:7:12: error: edges[3].from: unknown node 'Q'; define it under `nodes:` (or set"
        " `auto_nodes: true`).",
    ]


def test_a_removed_entry_is_not_reported_again_as_unknown(tmp_path: Path) -> None:
    text = "diagram: flowchart\nnodes: {A: [x], B: b}\nedges:\n  - {from: A, to: B}\n  - {from: B, to: C}\n"
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("c.yaml", text), Project(root=tmp_path))
    assert [(format_path(e.path), e.line) for e in info.value.errors] == [
        ("nodes.A", 2),
        ("edges[1].to", 5),  # (and no "unknown node 'A'": A is wrong, not missing)
    ]
