"""Architecture diagrams: groups in order, group-border edges, ids, Markdown labels."""

from __future__ import annotations

from collections.abc import Callable
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
    "a] in g\nservice evil(server)[x",
    '"quoted"',
    "&amp; written as HTML",
    "5 * 3 = 15",
]
#: Hostile labels Mermaid cannot show as written, with the message fragment.
REFUSED = {
    "Ticket #42; done": "no escape for it",
    "100%% sure %%{init: {'theme': 'dark'}}%%": "comment or directive",
    "<b>bold</b> & <i>": "an HTML tag",
    "style x:#fff;": "no escape for it",
    "back\\slash `tick`": "as Markdown",
}
#: Ids the architecture lexer misreads: keywords, and ids starting with a side letter or
#: `title` (at the start of an edge line they are read as a side or a title statement).
BAD_IDS = ["Browser", "Left", "Top", "Rx", "in", "group", "titlebar", "my id", "ünï"]


def _hostile_spec(text: str) -> dict[str, Any]:
    return {
        "diagram": "architecture",
        "accessibility": {"title": text},
        "groups": {"g": {"label": text}},
        "services": {"s": {"label": text, "in": "g"}, "t": {}},
        "edges": [{"from": "s", "from_side": "R", "to": "t", "to_side": "L", "label": text}],
    }


def _bad_ids_spec() -> dict[str, Any]:
    return {
        "diagram": "architecture",
        "groups": {"group": {"label": "G"}},
        "services": {name: {"in": "group"} for name in BAD_IDS if name != "group"},
        "edges": [
            {"from": "Browser", "from_side": "R", "to": "Left", "to_side": "L"},
            {"from": "titlebar", "from_side": "B", "to": "in", "to_side": "T"},
        ],
        "align": [{"row": ["Top", "Rx", "my id"]}],
    }


@pytest.fixture(scope="module")
def parsed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ParseResult]:
    project = Project(root=tmp_path_factory.mktemp("architecture"))
    specs = {t: _hostile_spec(t) for t in HOSTILE if t not in REFUSED}
    specs["bad ids"] = _bad_ids_spec()
    texts = [
        (name, render_source(SourceText("t.yaml", _text(spec)), project).text)
        for name, spec in specs.items()
    ]
    return {r.name: r for r in parse_diagrams(texts)}


def test_render(render: Render) -> None:
    out = render(
        {
            "diagram": "architecture",
            "accessibility": {"title": "Deployment"},
            "groups": {
                "inner": {"label": "Inner", "in": "api"},
                "api": {"label": "API [v2]", "icon": "cloud"},
            },
            "services": {
                "db": {"label": "Database", "icon": "database", "in": "inner"},
                "web": {"icon_text": "WWW"},
                "fn": {"icon": "logos:aws-lambda", "in": "api"},
            },
            "junctions": {"j": None, "k": {"in": "api"}},
            "edges": [
                {"from": "db", "from_side": "L", "to": "web", "to_side": "R", "arrow": "both"},
                {"from": "inner", "from_side": "B", "to": "j", "to_side": "T", "label": "out"},
                {"from": "fn", "from_side": "R", "to": "k", "to_side": "L", "arrow": "from"},
            ],
            "align": [{"column": ["web", "j"]}],
        }
    )
    assert out.splitlines() == [
        "architecture-beta",
        "    accTitle: Deployment",
        '    group api(cloud)["API [v2]"]',
        "    group inner(cloud)[Inner] in api",
        "    service db(database)[Database] in inner",
        '    service web "WWW"',
        "    service fn(logos:aws-lambda) in api",
        "    junction j",
        "    junction k in api",
        "    db:L <--> R:web",
        "    db{group}:B -[out]- T:j",
        "    fn:R <-- L:k",
        "    align column web j",
    ]


@pytest.mark.parametrize(
    ("body", "path", "line", "message"),
    [
        (
            "groups: {api: {}}\nservices: {s: {in: apu}}",
            "services.s.in",
            3,
            "unknown group 'apu'. Did you mean 'api'?",
        ),
        (
            "services: {s: {}, t: {in: s}}",
            "services.t.in",
            2,
            "'s' is a service, not a group",
        ),
        (
            "groups: {a: {in: b}, b: {in: a}}",
            "groups.a.in",
            2,
            "the groups are inside each other in a circle: a → b → a",
        ),
        (
            "services: {s: {}}\nedges: [{from: s, from_side: X, to: s, to_side: L}]",
            "edges[0].from_side",
            3,
            "unknown value 'X'; expected one of: T, B, L, R.",
        ),
        (
            "services: {s: {label: 'a `b`'}}",
            "services.s.label",
            2,
            "found '`' (Markdown code); Mermaid draws architecture labels as Markdown and would"
            " not show it as written",
        ),
        ("groups: {x: {}}\nservices: {x: {}}", "services.x", 3, "'x' is already used under groups"),
        (
            "groups: {g: {}}\nservices: {s: {}}\nedges: [{from: g, from_side: R, to: s, to_side: L}]",
            "edges[0].from",
            4,
            "group 'g' has no service or junction directly inside it; Mermaid attaches an edge"
            " to a group's border through one",
        ),
        (
            "groups: {g: {}}\nservices: {s: {in: g}, t: {in: g}}\n"
            "edges: [{from: g, from_side: R, to: t, to_side: L}]",
            "edges[0]",
            4,
            "both ends are inside group 'g'; an edge to or from a group's border must leave the"
            " group",
        ),
        (
            "services: {s: {icon: servr}}",
            "services.s.icon",
            2,
            "unknown icon 'servr'; built in: cloud, database, disk, internet, server, or"
            " `pack:name` from a registered icon pack. Did you mean 'server'?",
        ),
        (
            "groups: {g: {}}\nservices: {s: {}}\nalign: [{row: [s, g]}]",
            "align[0].row[1]",
            4,
            "'g' is a group; align services or junctions",
        ),
        (
            "services: {s: {}}\nalign: [{row: [s]}]",
            "align[0].row",
            3,
            "an alignment needs at least two services or junctions",
        ),
    ],
)
def test_broken_specs(body: str, path: str, line: int, message: str, tmp_path: Path) -> None:
    assert (path, line, message) in _errors(f"diagram: architecture\n{body}\n", tmp_path)


@pytest.mark.parametrize("text", list(REFUSED))
def test_hostile_labels_mermaid_cannot_show_are_refused(text: str, tmp_path: Path) -> None:
    errors = _errors(_text(_hostile_spec(text)), tmp_path)
    assert {path for path, _, _ in errors} == {
        "groups.g.label",
        "services.s.label",
        "edges[0].label",
    }
    assert all(REFUSED[text] in message for _, _, message in errors), errors


@pytest.mark.parametrize("text", [t for t in HOSTILE if t not in REFUSED])
def test_hostile_labels_stay_in_place(text: str, parsed: dict[str, ParseResult]) -> None:
    result = parsed[text]
    assert result.ok, result.error
    assert result.graph is not None
    flat = " ".join(line.strip() for line in text.splitlines())
    # (The harness decodes HTML entities, as Mermaid's Markdown pass does when drawing.)
    assert [g["title"] for g in result.graph["groups"]] == [flat]
    assert [(s["id"], s.get("title"), s.get("in")) for s in result.graph["services"]] == [
        ("s", flat, "g"),
        ("t", None, None),
    ]
    [edge] = result.graph["edges"]
    assert (edge["lhsId"], edge["rhsId"], edge["title"]) == ("s", "t", flat)
    assert result.graph["accTitle"] == text.replace("\n", " ")


def test_ids_the_lexer_misreads_are_renamed(parsed: dict[str, ParseResult]) -> None:
    result = parsed["bad ids"]
    assert result.ok, result.error
    assert result.graph is not None
    ids = [s["id"] for s in result.graph["services"]]
    assert len(ids) == len(BAD_IDS) - 1
    assert all(i.startswith("id_") for i in ids), ids
    assert len(result.graph["edges"]) == 2


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/architecture.md quotes the example spec; `specmaid build` keeps its output current."""
    doc = (REPO / "docs" / "kinds" / "architecture.md").read_text("utf-8")
    spec = (REPO / "specs" / "gallery" / "safeguards-architecture.yaml").read_text("utf-8")
    assert spec in doc
    assert "<!-- specmaid: specs/gallery/safeguards-architecture.yaml -->" in doc
