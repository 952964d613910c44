"""Import of pie charts, timelines, mind maps and ER diagrams: round trips through Mermaid's
own parser.

The corpus is Mermaid's documentation examples of those kinds (the `@mermaid-js/examples` npm
package, MIT, installed by `npm ci`, not copied here), this project's gallery outputs of those
kinds, and hostile hand-written cases. import → render gives a diagram Mermaid reads into the
same data (compared after the normalisations named below); render → import → render is a fixed
point; what the spec format cannot say comes back as a warning with its line.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import (
    MODULES,
    Trips,
    assert_fixed_points,
    breaks_as_newlines,
    documentation_examples,
    gallery_outputs,
    read_back,
    warnings_of,
)
from importcheck import round_trips as round_trips_of

from specmaid.cli.group import main
from specmaid.importing.dispatch import import_diagram
from specmaid.mermaid.bridge import ParseResult

KINDS = {"pie": "pie", "timeline": "timeline", "mindmap": "mindmap", "er": "erDiagram"}

HANDWRITTEN = {
    "hostile-pie": 'pie showData\n    title Ticket #42; "done" & <b>x</b>\n    "say \\"hi\\" 100%" : 3\n    "a; b: c" : 1.5\n',
    "timeline-loose": "timeline\n    title History\n    2002 : LinkedIn\n    section Later\n    2004 : Facebook : Google\n",
    "timeline-td": "timeline TD\n    accTitle: Years\n    accDescr: Some years\n    2002 : LinkedIn\n    2004 : Facebook\n",
    "mindmap-shapes": "mindmap\n    root((Root))\n        A[Square]\n            ::icon(fa fa-book)\n        B(Rounded)\n            C{{Hex}}\n        D))Bang((\n        E)Cloud(\n        plain\n",
    "mindmap-classes": "mindmap\n    Root\n        A[x]\n        :::urgent large\n",
    "er-everything": 'erDiagram\n    direction LR\n    CUSTOMER["Customer #1"] {\n        string name PK "the name"\n        int age\n    }\n    ORDER:::hot\n    CUSTOMER ||--o{ ORDER : "places"\n    ORDER }|..|| "LINE-ITEM" : contains\n    classDef hot fill:#f96\n    style CUSTOMER stroke:#333\n',
}  # fmt: skip


CORPUS = [
    *documentation_examples(list(KINDS)),
    *(item for header in KINDS.values() for item in gallery_outputs(header)),
    *HANDWRITTEN.items(),
]


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read, without what cannot matter: node ids and numbering (a mind map's
    ids are never drawn; specmaid writes n1, n2…), the spaces Mermaid keeps around timeline
    text; and the two changes import reports with their line: a bracketless mind map node is
    drawn as a square, periods before a timeline's first section are left out (Mermaid does
    not draw them)."""
    assert result.ok, result.error
    graph = result.graph or {}
    out: dict[str, Any] = {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
    }
    if result.diagram_type == "pie":
        out["sections"] = graph.get("sections")
    elif result.diagram_type == "timeline":
        # With sections, timelineRenderer draws only their periods: those before the first
        # section are left out (reported on import, with the line).
        tasks = graph.get("tasks") or []
        sections = graph.get("sections") or []
        out["tasks"] = [
            (t["section"], str(t["task"]).strip(), [str(e).strip() for e in t.get("events") or []])
            for t in tasks
            if t["section"] in sections or not sections
        ]
    elif result.diagram_type == "er":
        entities = graph.get("entities") or {}
        names = {e["id"]: n for n, e in entities.items()}
        out["direction"] = graph.get("direction")
        out["entities"] = {
            n: (e.get("alias"), e.get("attributes"), e.get("cssClasses"), e.get("cssStyles"))
            for n, e in entities.items()
        }
        out["relationships"] = [
            (names[r["entityA"]], names[r["entityB"]], r.get("roleA"), r.get("relSpec"))
            for r in graph.get("relationships") or []
        ]
        out["classes"] = graph.get("classes")
    else:

        def node(item: dict[str, Any]) -> Any:
            return (
                item.get("descr"),
                item.get("type"),
                item.get("icon"),
                item.get("class"),
                [node(c) for c in item.get("children") or []],
            )

        out["root"] = node(graph.get("mindmap") or {})
    return breaks_as_newlines(out)


@cache
def round_trips() -> Trips:
    return round_trips_of(CORPUS)


def test_corpus_covers_every_kind() -> None:
    names = [n for n, _ in CORPUS]
    for kind in KINDS:
        assert any(n.startswith(f"examples:{kind}") for n in names), kind
        assert any(n.startswith("gallery:") and kind in n for n in names) or kind == "pie"
    assert len(names) >= 12


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    original, imported = read_back(round_trips()[name])
    assert normalized(imported) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    assert_fixed_points(round_trips())


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = warnings_of(round_trips())
    # A node without brackets comes back bare (Mermaid's type 0), so nothing is lost.
    assert warnings["mindmap-shapes"] == []
    assert warnings["examples:mindmap: Basic Mindmap"] == []
    assert warnings["timeline-loose"] == [
        "timeline-loose:3: warning: the periods before the first section were not imported:"
        " Mermaid draws none in a timeline with sections"
    ]
    assert warnings["hostile-pie"] == []


def test_import_keeps_the_spec_readable() -> None:
    spec = import_diagram(HANDWRITTEN["timeline-td"], "t").spec
    assert spec == {
        "diagram": "timeline",
        "accessibility": {"title": "Years", "description": "Some years"},
        "direction": "TD",
        "periods": [
            {"period": "2002", "events": ["LinkedIn"]},
            {"period": "2004", "events": ["Facebook"]},
        ],
    }
    pie = import_diagram(HANDWRITTEN["hostile-pie"], "p").spec
    assert pie["show_data"] is True and pie["slices"] == {'say "hi" 100%': 3, "a; b: c": 1.5}


def test_import_and_adopt_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "m.mmd").write_text(HANDWRITTEN["mindmap-shapes"])
    result = CliRunner().invoke(main, ["import", "m.mmd"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:3] == ["diagram: mindmap", "root:"]
    assert "  - {label: plain, shape: bare}\n" in result.stdout
    (tmp_path / "t.mmd").write_text(HANDWRITTEN["timeline-loose"])
    loose = CliRunner().invoke(main, ["import", "t.mmd"])
    assert "t.mmd:3: warning: the periods before the first section" in loose.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    fences = "".join(
        f"```mermaid\n{HANDWRITTEN[k]}```\n\n" for k in ("hostile-pie", "timeline-loose")
    )
    (tmp_path / "doc.md").write_text(f"# Doc\n\n{fences}")
    adopted = CliRunner().invoke(main, ["adopt", "doc.md"])
    assert adopted.exit_code == 0, adopted.output
    assert len(list((tmp_path / "specs" / "doc").glob("*.yaml"))) == 2
    assert (tmp_path / "doc.md").read_text().count("<!-- specmaid: specs/doc/") == 2
    assert CliRunner().invoke(main, ["check"]).exit_code == 0


def test_an_entity_name_a_spec_cannot_use_is_renamed_and_reported() -> None:
    imported = import_diagram(
        'erDiagram\n    "This ❤ Unicode" {\n        string name\n    }\n', "u"
    )
    assert imported.spec["entities"] == {
        "This___Unicode": {
            "label": "This ❤ Unicode",
            "attributes": [{"type": "string", "name": "name"}],
        }
    }
    assert [str(w) for w in imported.warnings] == [
        "u:2: warning: the entity name 'This ❤ Unicode' is not a spec entity id (letters,"
        " digits, _, -); written as 'This___Unicode', with the name as its label"
    ]
