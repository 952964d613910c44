"""The real-Mermaid harness itself: `specmaid.mermaid.bridge` driving `mermaid_parse.mjs`.

These run the pinned npm packages (`npm ci` at the repo root puts them in ./node_modules).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from specmaid.mermaid.bridge import (
    MermaidUnavailable,
    ParseResult,
    find_node_modules,
    mermaid_version,
    parse_diagrams,
)

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "node_modules"
PINNED = json.loads((REPO / "package.json").read_text("utf-8"))["dependencies"]["mermaid"]

FLOWCHART = """\
---
title: Orders
---
flowchart LR
    A["Start #35;1 #quot;q#quot; #lt;b#gt; a#amp;b"] --> B{"Decide"}
    B e1@-->|"yes"| C(["Ship"])
    B -.-> D[("Store")]
    e1@{ animate: true }
    subgraph S ["Back office"]
        direction TB
        D
    end
    classDef hot fill:#f96,stroke:#333,color:#fff
    class C hot
    style A stroke-width:4px
    linkStyle 1 stroke:#f00,stroke-width:2px
    click C href "https://example.org" "Ship #quot;now#quot;"
"""

# Every kind of state a diagram can leave behind, each followed by a plain diagram that
# must not see it.
ISOLATION = [
    ("fm", "---\nconfig:\n  theme: dark\n  look: handDrawn\n---\nflowchart LR\n  A --> B"),
    ("after-fm", "flowchart LR\n  A --> B"),
    (
        "directive",
        '%%{init: {"theme": "forest", "flowchart": {"curve": "step"}}}%%\nflowchart LR\n  A --> B',
    ),
    ("after-directive", "flowchart LR\n  A --> B"),
    ("seq-wrap", "---\nconfig:\n  wrap: true\n---\nsequenceDiagram\n  A->>B: hi"),
    ("seq-after", "sequenceDiagram\n  A->>B: hi"),
    (
        "classes",
        'flowchart LR\n  A --> B\n  classDef hot fill:#f96\n  class A hot\n  click A href "https://e.org" "tip"',
    ),
    ("classes-after", "flowchart LR\n  A --> B"),
]


@cache
def _results(batch: str) -> dict[str, ParseResult]:
    diagrams = {
        "main": [
            ("flow", FLOWCHART),
            ("bad", "flowchart LR\n  A --> \n  B -->"),
            ("seq", "sequenceDiagram\n  Alice->>Bob: Hello #35;1\n  Bob-->>Alice: Hi"),
            ("pie", 'pie title Pets\n  "Dogs" : 3\n  "Cats" : 2'),
            ("after-bad", "flowchart TD\n  X --> Y"),
        ],
        "isolation": ISOLATION,
    }[batch]
    results = parse_diagrams(diagrams, NODE_MODULES)
    assert [r.name for r in results] == [name for name, _ in diagrams]
    return {r.name: r for r in results}


def _vertex(result: ParseResult, vid: str) -> dict:
    assert result.graph is not None
    return next(v for v in result.graph["vertices"] if v["id"] == vid)


def test_version_is_the_pinned_one() -> None:
    assert mermaid_version(NODE_MODULES) == PINNED == "11.17.2"


def test_flowchart_graph() -> None:
    r = _results("main")["flow"]
    assert r.ok, r.error
    assert r.error is None
    assert r.diagram_type == "flowchart-v2"
    assert r.title == "Orders"
    assert r.config == {}
    graph = r.graph
    assert graph is not None
    assert graph["direction"] == "LR"
    assert [v["id"] for v in graph["vertices"]] == ["A", "B", "C", "D"]
    a = _vertex(r, "A")
    # Mermaid's #…; entities come back decoded, as a browser shows them
    assert a["text"] == 'Start #1 "q" <b> a&b'
    assert a["labelType"] == "string"
    assert a["type"] == "square"
    assert a["styles"] == ["stroke-width:4px"]
    assert {k: _vertex(r, k)["type"] for k in "BCD"} == {
        "B": "diamond",
        "C": "stadium",
        "D": "cylinder",
    }
    c = _vertex(r, "C")
    assert c["classes"] == ["hot", "clickable"]
    assert c["link"] == "https://example.org/"
    assert c["tooltip"] == 'Ship "now"'
    assert "img" not in a and "tooltip" not in a  # undefined fields are left out

    e1, e2, e3 = graph["edges"]
    assert (e1["start"], e1["end"], e1["type"], e1["stroke"]) == ("A", "B", "arrow_point", "normal")
    assert e2["id"] == "e1"
    assert e2["text"] == "yes"
    assert e2["labelType"] == "string"
    assert e2["animate"] is True
    assert e2["style"] == ["stroke:#f00", "stroke-width:2px", "fill:none"]  # Mermaid adds fill:none
    assert "animate" not in e1
    assert e1["style"] == []
    assert e3["stroke"] == "dotted"

    assert graph["classDefs"]["hot"] == {
        "styles": ["fill:#f96", "stroke:#333", "color:#fff"],
        "textStyles": ["color:#fff"],
    }
    (sub,) = graph["subgraphs"]
    assert sub == {
        "id": "S",
        "title": "Back office",
        "labelType": "string",
        "nodes": ["D"],
        "dir": "TB",
        "classes": [],
    }


def test_invalid_diagram_is_reported_and_the_run_goes_on() -> None:
    results = _results("main")
    bad = results["bad"]
    assert not bad.ok
    assert bad.error is not None and "Parse error" in bad.error
    assert bad.graph is None
    after = results["after-bad"]
    assert after.ok, after.error
    assert after.graph is not None and after.graph["direction"] == "TB"


def test_sequence_and_pie_parse() -> None:
    results = _results("main")
    seq, pie = results["seq"], results["pie"]
    assert seq.ok, seq.error
    assert seq.diagram_type == "sequence"
    assert seq.graph is not None
    assert [m["message"] for m in seq.graph["messages"]] == ["Hello #1", "Hi"]
    assert pie.ok, pie.error
    assert pie.diagram_type == "pie"
    assert pie.title == "Pets"


def test_config_does_not_leak_between_diagrams() -> None:
    r = _results("isolation")
    assert r["fm"].config == {"theme": "dark", "look": "handDrawn"}
    assert r["directive"].config == {"theme": "forest", "flowchart": {"curve": "step"}}
    for name in ("after-fm", "after-directive", "seq-after", "classes-after"):
        assert r[name].ok, r[name].error
        assert r[name].config == {}, name
    # config that changes what the db builds: `wrap` is stored on each sequence message
    wrap_on = r["seq-wrap"].graph
    wrap_off = r["seq-after"].graph
    assert wrap_on is not None and wrap_off is not None
    assert [m["wrap"] for m in wrap_on["messages"]] == [True]
    assert [m["wrap"] for m in wrap_off["messages"]] == [False]
    # db contents (classDefs, classes, links, tooltips) start empty each time
    after = r["classes-after"].graph
    assert after is not None
    assert after["classDefs"] == {}
    assert all(v["classes"] == [] and "tooltip" not in v for v in after["vertices"])


def test_frontmatter_must_come_first() -> None:
    """Mermaid's parse() preprocesses twice, render() once; the harness follows render()."""
    body = "---\ntitle: T\nconfig:\n  theme: dark\n---\n"
    before, after, blank = parse_diagrams(
        [
            ("before", "%% generated\n" + body + "flowchart LR\n  A --> B"),
            ("after", body + "%% generated\nflowchart LR\n  A --> B"),
            ("blank", "\n" + body + "flowchart LR\n  A --> B"),
        ],
        NODE_MODULES,
    )
    assert after.ok, after.error
    assert (after.title, after.config) == ("T", {"theme": "dark"})
    for r in (before, blank):
        assert not r.ok
        assert r.error is not None and "Parse error" in r.error


def test_many_diagrams_in_one_run() -> None:
    diagrams = [(f"d{i}", f'flowchart LR\n  N{i}["n {i}"] --> M') for i in range(200)]
    results = parse_diagrams(diagrams, NODE_MODULES)
    assert [r.name for r in results] == [n for n, _ in diagrams]
    assert all(r.ok for r in results)
    assert results[199].graph is not None
    assert results[199].graph["vertices"][0]["text"] == "n 199"


def test_empty_batch() -> None:
    assert parse_diagrams([], NODE_MODULES) == []


def test_unavailable_with_empty_node_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(tmp_path))
    assert find_node_modules() == tmp_path
    with pytest.raises(MermaidUnavailable, match="run `specmaid setup`"):
        parse_diagrams([("a", "flowchart LR\n  A --> B")])
    with pytest.raises(MermaidUnavailable, match="run `specmaid setup`"):
        parse_diagrams([("a", "flowchart LR\n  A --> B")], tmp_path)


def test_unavailable_when_jsdom_is_missing(tmp_path: Path) -> None:
    """mermaid present but not jsdom: the script exits 2 and says what it could not load."""
    (tmp_path / "mermaid").symlink_to(NODE_MODULES / "mermaid")
    with pytest.raises(MermaidUnavailable, match="jsdom"):
        parse_diagrams([("a", "flowchart LR\n  A --> B")], tmp_path)


def test_find_node_modules_walks_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SPECMAID_NODE_MODULES", raising=False)
    assert find_node_modules(REPO / "tests" / "data") == NODE_MODULES
    project = tmp_path / "proj"
    (project / "node_modules" / "mermaid").mkdir(parents=True)
    (project / "node_modules" / "mermaid" / "package.json").write_text("{}", "utf-8")
    (project / "a" / "b").mkdir(parents=True)
    assert find_node_modules(project / "a" / "b") == project / "node_modules"
    monkeypatch.chdir(project / "a")
    assert find_node_modules() == project / "node_modules"
