"""Import of the newer kinds (block, architecture, ishikawa, venn, tree view, wardley, cynefin,
railroad, event modeling, swimlane): round trips through Mermaid's own parser.

The corpus is Mermaid's documentation examples of those kinds (@mermaid-js/examples, not copied
here), this project's gallery outputs of those kinds, and hand-written cases covering each
kind's syntax. import → render gives a diagram Mermaid reads into the same db contents
(compared after the normalisations each kind's function names); render → import → render is a
fixed point; what a spec cannot say comes back as a warning with its line.
"""

from __future__ import annotations

import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from importcheck import Trips, documentation_examples, gallery_outputs, render

from specmaid.importer import ImportResult, import_diagram
from specmaid.importing.helpers import importer_for
from specmaid.mermaid import ParseResult, parse_diagrams

#: kind → (the id of its @mermaid-js/examples entries, the header of its Mermaid text)
KINDS = {
    "block": ("block", "block-beta"),
    "architecture": ("architecture", "architecture-beta"),
}

HANDWRITTEN = {
    "block-everything": 'block-beta\n  columns 3\n  a["Ask #1 & <b>go</b>"]:2 b\n  block:grp:2\n    columns auto\n    c d\n  end\n  block\n    e("Round")\n  end\n  space\n  space:2\n  f<["go"]>(left, up)\n  g[("Store")] h{{"Hex"}} i>"Flag"] j[/"Lean"/] k[\\"Alt"/]\n  a --> b\n  c -- "yes" --> d\n  a <--> f\n  b --- c\n  d --x e\n  e --o f\n  g ==> h\n  h -.-> i\n  classDef red fill:#f00,stroke:#000\n  class a,b red\n  style c fill:#0f0,stroke-width:2px\n',
    "block-unknown-class": "block-beta\n  a b\n  class a ghost\n",
    "architecture-everything": 'architecture-beta\n    title Arch\n    accTitle: Parts\n    accDescr: How it fits\n    group api(cloud)[API]\n    group inner(server)[Inner] in api\n    service db(database)[Database] in api\n    service disk1(disk)[Storage] in inner\n    service txt "T"[Texty]\n    service ext(logos:aws)["Quoted [x]"]\n    junction j1 in api\n    db:L <--> R:disk1\n    db:T -[uses]-> B:txt\n    txt:R <-- L:ext\n    disk1{group}:R --> L:ext\n    j1:B -- T:db\n    align column db txt\n    align row txt ext\n',
    "architecture-bare": "architecture-beta\n    group g[Plain]\n    service s[Alone] in g\n    service t(server)[Other]\n    s{group}:R -- L:t{group}\n",
}  # fmt: skip

CORPUS = [
    *documentation_examples([example for example, _ in KINDS.values()]),
    *(item for _, header in KINDS.values() for item in gallery_outputs(header)),
    *HANDWRITTEN.items(),
]

_GENERATED_ID_RE = re.compile(r"^id-[0-9a-z]+-\d+(-\d+)?$")


def _block_tree(blocks: list[dict[str, Any]]) -> list[Any]:
    """A block diagram's grid: ids Mermaid generates (spaces, groups without an id) are
    left out (import names an anonymous group `group1`…), `columns auto` is the default."""
    out: list[Any] = []
    for block in blocks:
        generated = _GENERATED_ID_RE.match(str(block.get("id"))) or str(block["id"]).startswith(
            "group"
        )
        out.append(
            (
                None if generated else block["id"],
                block.get("type"),
                block.get("label") if block.get("type") not in ("space",) else None,
                block.get("widthInColumns") or 1,
                block.get("width"),
                max(block.get("columns") or -1, -1),
                block.get("directions"),
                block.get("classes"),
                block.get("styles"),
                _block_tree(block.get("children") or []),
            )
        )
    return out


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read, per kind (see each kind's branch for what is left out)."""
    assert result.ok, result.error
    graph = result.graph or {}
    out: dict[str, Any] = {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
    }
    if result.diagram_type == "block":
        out["columns"] = graph.get("rootColumns")
        out["blocks"] = _block_tree(graph.get("blocks") or [])
        out["edges"] = graph.get("edges")
        out["classes"] = graph.get("classes")
    elif result.diagram_type == "architecture":
        parents = {n["id"]: n.get("in") for n in graph.get("nodes") or []}

        def end(edge: dict[str, Any], side: str) -> Any:
            # `id{group}` is the border of id's group: which member names it does not matter.
            node = edge[f"{side}Id"]
            at_group = edge[f"{side}Group"] and parents.get(node)
            return ("group", parents[node]) if at_group else node

        out["groups"] = graph.get("groups")
        out["nodes"] = sorted(
            ({k: v for k, v in n.items() if k != "edges"} for n in graph.get("nodes") or []),
            key=lambda n: n["id"],
        )
        out["edges"] = [
            (
                end(e, "lhs"),
                e["lhsDir"],
                e["lhsInto"],
                end(e, "rhs"),
                e["rhsDir"],
                e["rhsInto"],
                e.get("title"),
            )
            for e in graph.get("edges") or []
        ]
        out["align"] = graph.get("layoutHints")
    else:
        raise AssertionError(f"no normalisation for {result.diagram_type}")
    return out


#: Changes import makes on purpose (each reported with its line): name → the reference the
#: imported diagram is compared with, as (name, text) of a diagram written without them.
EXPECTED: dict[str, str] = {
    "block-unknown-class": "block-beta\n  a b\n",
    "architecture-bare": "architecture-beta\n    group g(cloud)[Plain]\n    service s(server)[Alone] in g\n    service t(server)[Other]\n    s{group}:R -- L:t\n",
}


def _imported(result: ParseResult, text: str) -> ImportResult:
    """import_diagram's dispatch, on a parse made beforehand (so a whole corpus is read in
    one Node process: a process per diagram would take minutes)."""
    assert result.ok, (result.name, result.error)
    importer = importer_for(str(result.diagram_type))
    assert importer is not None, result.diagram_type
    spec, warnings = importer(result, text, result.name, 1)
    return ImportResult(spec, warnings)


@cache
def batch() -> tuple[Trips, dict[str, ParseResult]]:
    """The round trips (original, import → render, render → import → render, warnings), and
    what Mermaid reads from each original, each first render and each EXPECTED text, all
    from two Node processes."""
    root = Path(tempfile.mkdtemp())
    texts = dict(CORPUS)
    originals = parse_diagrams([*CORPUS, *((f"expected:{n}", t) for n, t in EXPECTED.items())])
    reads = {r.name: r for r in originals}
    first: dict[str, tuple[str, list[str]]] = {}
    for name, text in CORPUS:
        imported = _imported(reads[name], text)
        first[name] = (render(imported.yaml(), root), [str(w) for w in imported.warnings])
    again = parse_diagrams([(f"imported:{n}", t) for n, (t, _) in first.items()])
    trips: Trips = {}
    for result in again:
        name = result.name.removeprefix("imported:")
        reads[result.name] = result
        second = render(_imported(result, first[name][0]).yaml(), root)
        trips[name] = (texts[name], first[name][0], second, first[name][1])
    return trips, reads


def test_corpus_covers_every_kind() -> None:
    names = [n for n, _ in CORPUS]
    for kind, (example, _) in KINDS.items():
        assert any(n.startswith(f"examples:{example}") for n in names), kind
        assert any(n.startswith(kind) for n in HANDWRITTEN), kind


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    _, reads = batch()
    original = reads[f"expected:{name}" if name in EXPECTED else name]
    assert normalized(reads[f"imported:{name}"]) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    for name, (_, first, second, _) in batch()[0].items():
        assert second == first, name


REPORTED: dict[str, list[str]] = {
    "block-unknown-class": [
        "block-unknown-class:3: warning: the class 'ghost' of 'a' has no classDef (it styles"
        " nothing), so it was not imported"
    ],
    "architecture-bare": [
        "architecture-bare:2: warning: the group 'g' has no icon; a spec's group always draws"
        " one, so it was given `cloud`",
        "architecture-bare:3: warning: the service 's' has no icon; a spec's service always"
        " draws one, so it was given `server`",
        "architecture-bare:5: warning: t{group}: 't' is in no group, so the edge is drawn from"
        " 't' itself (as Mermaid does)",
    ],
}


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    for name, (_, _, _, found) in batch()[0].items():
        assert found == REPORTED.get(name, []), name


def _spec(name: str) -> dict[str, Any]:
    return import_diagram(HANDWRITTEN[name], name).spec


def test_block_spec_reads_as_written() -> None:
    spec = _spec("block-everything")
    assert spec["columns"] == 3
    assert spec["blocks"][:3] == [
        {"id": "a", "label": "Ask #1 & <b>go</b>", "shape": "square", "span": 2, "class": "red"},
        {"id": "b", "class": "red"},
        {
            "group": "grp",
            "span": 2,
            "blocks": [{"id": "c", "style": {"fill": "#0f0", "stroke-width": "2px"}}, {"id": "d"}],
        },
    ]
    assert spec["blocks"][3] == {
        "group": "group1",
        "blocks": [{"id": "e", "label": "Round", "shape": "round"}],
    }
    assert spec["blocks"][4:7] == [
        {"space": 1},
        {"space": 2},
        {"id": "f", "label": "go", "arrow": ["left", "up"]},
    ]
    assert spec["edges"][:4] == [
        {"from": "a", "to": "b"},
        {"from": "c", "to": "d", "label": "yes"},
        {"from": "a", "to": "f", "arrow": "both"},
        {"from": "b", "to": "c", "arrow": "none"},
    ]
    assert spec["classes"] == {"red": {"fill": "#f00", "stroke": "#000"}}
