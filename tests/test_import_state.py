"""Import of state diagrams: round trips through Mermaid's own parser.

The corpus: Mermaid's documentation examples of state diagrams (@mermaid-js/examples), this
project's gallery outputs of that kind, and hand-written cases for every construct and for
hostile text. import → render gives a diagram whose drawing data (the nodes and edges Mermaid's
state db hands its renderer, `getData()`) equals the original's after the normalisations named
in `normalized`; render → import → render is a fixed point; what a spec cannot say comes back
as a warning with its line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import (
    MODULES,
    assert_fixed_points,
    breaks_as_newlines,
    documentation_examples,
    gallery_outputs,
    read_back,
    round_trips,
    warnings_of,
)

from specmaid.cli.group import main
from specmaid.importing.dispatch import import_diagram
from specmaid.mermaid.bridge import ParseResult, parse_diagrams

HANDWRITTEN = {
    "state-everything": """---
title: "Orders: the life of one"
config:
  theme: forest
---
stateDiagram-v2
    accTitle: Order states
    accDescr: How an order moves
    direction LR
    %% the first state
    [*] --> Draft
    Draft --> Placed : submit #40;once#41;
    state "Being fulfilled" as Fulfil {
        direction BT
        [*] --> Pick
        Pick --> Pack
        Pack --> [*]
    }
    Placed --> Fulfil
    state Active {
        [*] --> NumOff
        NumOff --> NumOn : press
        --
        [*] --> CapsOff
        CapsOff --> CapsOn : press
    }
    Fulfil --> Active
    state check <<choice>>
    Active --> check
    check --> Done : ok
    check --> Draft : retry
    state split <<fork>>
    state merge <<join>>
    Done --> split
    split --> Bill
    split --> Ship
    Bill --> merge
    Ship --> merge
    merge --> [*]
    Bill : Send the bill
    Bill : to the customer
    note right of Ship : by post
    note left of Draft
        still editable
          until placed
    end note
    classDef hot fill:#f96,color:#fff
    classDef calm font-style:italic
    class Done, Ship hot
    class Ship calm
    style Draft fill:#eee,stroke:#333
""",
    "state-hostile": """stateDiagram-v2
    state "Ticket #35;42 — &quot;done&quot; &amp; <b>x</b> ünïcødé" as t1
    t1 : set #100;irection LR now
    t1 --> t2 : a #59; b #58; c
    t2 : 100% <i>sure</i>
    note right of t2 : end #35;note is fine here
""",
    "state-late-choice": """stateDiagram
    [*] --> a
    a --> c
    state c <<choice>>
    c --> [*]
""",
    "state-unsupported": """stateDiagram-v2
    scale 350 width
    [*] --> s1
    note "floating" as N1
    click s1 "https://example.com" "tip"
""",
    "state-hide-empty": """stateDiagram-v2
    hide empty description
    s1 --> s2
    state Outer {
        inner
    }
    s2 --> inner
""",
}  # fmt: skip

CORPUS = [
    *documentation_examples(["stateDiagram"]),
    *gallery_outputs("stateDiagram"),
    *HANDWRITTEN.items(),
]
_NOTE_RE = re.compile(r"----note-\d+$")


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid draws, without what cannot matter: the ids Mermaid makes up (a concurrent
    region's random id, the `[*]` nodes named after their group, the numbers in note and edge
    ids) become names of their place; the indentation of a note's lines (HTML collapses it
    when drawn; a spec's note is written unindented); and nodes and edges are compared as sets (a spec lists
    a group's states before its transitions, so Mermaid meets them in another order)."""
    assert result.ok, result.error
    graph = result.graph or {}
    data = graph.get("data") or {}
    canonical: dict[str, str] = {}
    regions: dict[str, int] = {}
    nodes = []
    for node in data.get("nodes") or []:
        nid, shape, parent = node["id"], node.get("shape"), node.get("parentId")
        where = canonical.get(parent, parent) if parent else "root"
        if shape == "divider":
            regions[where] = regions.get(where, 0) + 1
            canonical[nid] = f"{where}/region{regions[where]}"
        elif shape in ("stateStart", "stateEnd"):
            canonical[nid] = f"{where}/{shape}"
        else:
            canonical[nid] = _NOTE_RE.sub("----note", nid)
        drawn_label = shape not in ("divider", "stateStart", "stateEnd")
        label = node.get("label") if drawn_label else None
        if shape in ("note", "noteGroup"):
            label = "\n".join(line.strip() for line in str(label).split("\n"))
        nodes.append(
            (
                canonical[nid],
                shape,
                label,
                tuple(node.get("description") or ()),
                where,
                tuple(sorted(str(node.get("cssClasses") or "").split())),
                tuple(node.get("cssStyles") or ()),
                tuple(node.get("cssCompiledStyles") or ()),
                node.get("dir"),
                node.get("position"),
            )
        )
    edges = [
        (
            canonical.get(e["start"], e["start"]),
            canonical.get(e["end"], e["end"]),
            e.get("label"),
            e.get("arrowhead"),
            e.get("arrowTypeEnd"),
        )
        for e in data.get("edges") or []
    ]
    return breaks_as_newlines(
        {
            "type": result.diagram_type,
            "title": result.title,
            "config": result.config,
            "acc": (result.acc_title, result.acc_description),
            "direction": data.get("direction"),
            "nodes": sorted(nodes, key=repr),
            "edges": sorted(edges, key=repr),
            "classes": graph.get("classes"),
        }
    )


@cache
def trips() -> dict[str, tuple[str, str, str, list[str]]]:
    return round_trips(CORPUS)


def test_corpus_covers_documentation_and_gallery() -> None:
    names = [n for n, _ in CORPUS]
    assert sum(n.startswith("examples:stateDiagram") for n in names) >= 3
    assert sum(n.startswith("gallery:") for n in names) >= 1


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_draws_the_same(name: str) -> None:
    original, imported = read_back(trips()[name])
    assert normalized(imported) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    assert_fixed_points(trips())


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = warnings_of(trips())
    assert warnings["state-unsupported"] == [
        "state-unsupported:5: warning: `click` links are not part of a state spec; they were"
        " left out",
        "state-unsupported:2: warning: `scale … width` is not part of a state spec; it was"
        " left out",
        'state-unsupported:4: warning: a floating note (`note "…" as N`) is not drawn by'
        " Mermaid's state diagrams; left out",
    ]
    assert warnings["state-hostile"] == [
        f"state-hostile:{line}: warning: HTML markup ({tag}) in a state diagram's text: a spec's"
        " text is drawn as written, so the markup will show as text"
        for line, tag in ((2, "<b>"), (5, "<i>"))
    ]
    for name in HANDWRITTEN:
        if name not in ("state-unsupported", "state-hostile"):
            assert warnings[name] == [], name


def test_import_reads_what_mermaid_draws() -> None:
    spec = import_diagram(HANDWRITTEN["state-everything"], "s").spec
    assert spec["title"] == "Orders: the life of one"
    assert spec["config"] == {"theme": "forest"}
    assert spec["comment"] == "the first state"
    assert spec["accessibility"] == {"title": "Order states", "description": "How an order moves"}
    states = spec["states"]
    assert states["Fulfil"]["label"] == "Being fulfilled"
    assert states["Fulfil"]["direction"] == "BT"
    assert [sorted(r["states"]) for r in states["Active"]["regions"]] == [
        ["NumOff", "NumOn"],
        ["CapsOff", "CapsOn"],
    ]
    assert states["Bill"] == {"label": "Send the bill", "description": "to the customer"}
    assert states["Ship"]["note"] == {"text": "by post"}
    assert states["Ship"]["class"] == ["hot", "calm"]
    assert states["Draft"]["note"] == {"text": "still editable\nuntil placed", "side": "left"}
    assert states["Draft"]["style"] == {"fill": "#eee", "stroke": "#333"}
    assert {states[s]["type"] for s in ("check", "split", "merge")} == {"choice", "fork", "join"}
    assert spec["classes"] == {
        "hot": {"fill": "#f96", "color": "#fff"},
        "calm": {"font-style": "italic"},
    }
    # `[*]` inside a composite state is that state's start, so the transition stays inside.
    assert {"from": "[*]", "to": "Pick"} in states["Fulfil"]["transitions"]
    # Mermaid draws a state declared as a choice after its first use as a plain state.
    late = import_diagram(HANDWRITTEN["state-late-choice"], "late").spec
    assert late["states"]["c"] is None


def test_import_command_writes_a_state_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.mmd").write_text(HANDWRITTEN["state-unsupported"])
    result = CliRunner().invoke(main, ["import", "s.mmd", "-o", "s.yaml"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s.yaml").read_text().splitlines()[1] == "diagram: state"
    assert "s.mmd:5: warning: `click` links are not part of a state spec" in result.stderr
    assert CliRunner().invoke(main, ["render", "s.yaml"]).exit_code == 0


def test_adopt_turns_a_state_block_into_a_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    block = HANDWRITTEN["state-everything"]
    (tmp_path / "doc.md").write_text(f"# Orders\n\nBefore.\n\n```mermaid\n{block}```\n\nAfter.\n")
    adopted = CliRunner().invoke(main, ["adopt", "doc.md"])
    assert adopted.exit_code == 0, adopted.output
    (spec,) = (tmp_path / "specs" / "doc").glob("*.yaml")
    assert "diagram: state" in spec.read_text()
    doc = (tmp_path / "doc.md").read_text()
    assert doc.startswith("# Orders\n\nBefore.\n\n<!-- specmaid: specs/doc/")
    assert doc.endswith("<!-- /specmaid -->\n\nAfter.\n")
    assert CliRunner().invoke(main, ["check"]).exit_code == 0
    (embedded,) = parse_diagrams([("doc", doc.split("```mermaid\n")[1].split("```")[0])])
    (original,) = parse_diagrams([("orig", block)])
    assert normalized(embedded) == normalized(original)
