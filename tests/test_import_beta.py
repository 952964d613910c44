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
from functools import cache
from typing import Any

import pytest
from importcheck import (
    assert_fixed_points,
    documentation_examples,
    gallery_outputs,
    read_back,
    round_trips,
    warnings_of,
)

from specmaid.importer import import_diagram
from specmaid.mermaid import ParseResult

#: kind → (the id of its @mermaid-js/examples entries, the header of its Mermaid text)
KINDS = {
    "block": ("block", "block-beta"),
}

HANDWRITTEN = {
    "block-everything": 'block-beta\n  columns 3\n  a["Ask #1 & <b>go</b>"]:2 b\n  block:grp:2\n    columns auto\n    c d\n  end\n  block\n    e("Round")\n  end\n  space\n  space:2\n  f<["go"]>(left, up)\n  g[("Store")] h{{"Hex"}} i>"Flag"] j[/"Lean"/] k[\\"Alt"/]\n  a --> b\n  c -- "yes" --> d\n  a <--> f\n  b --- c\n  d --x e\n  e --o f\n  g ==> h\n  h -.-> i\n  classDef red fill:#f00,stroke:#000\n  class a,b red\n  style c fill:#0f0,stroke-width:2px\n',
    "block-unknown-class": "block-beta\n  a b\n  class a ghost\n",
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
    else:
        raise AssertionError(f"no normalisation for {result.diagram_type}")
    return out


#: Changes import makes on purpose (each reported with its line): name → the reference the
#: imported diagram is compared with, as (name, text) of a diagram written without them.
EXPECTED: dict[str, str] = {
    "block-unknown-class": "block-beta\n  a b\n",
}


@cache
def trips() -> dict[str, tuple[str, str, str, list[str]]]:
    return round_trips(CORPUS)


@cache
def expected_reads() -> dict[str, ParseResult]:
    from specmaid.mermaid import parse_diagrams

    return {r.name: r for r in parse_diagrams(list(EXPECTED.items()))}


def test_corpus_covers_every_kind() -> None:
    names = [n for n, _ in CORPUS]
    for kind, (example, _) in KINDS.items():
        assert any(n.startswith(f"examples:{example}") for n in names), kind
        assert any(n.startswith(kind) for n in HANDWRITTEN), kind


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    original, imported = read_back(trips()[name])
    if name in EXPECTED:
        original = expected_reads()[name]
    assert normalized(imported) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    assert_fixed_points(trips())


REPORTED: dict[str, list[str]] = {
    "block-unknown-class": [
        "block-unknown-class:3: warning: the class 'ghost' of 'a' has no classDef (it styles"
        " nothing), so it was not imported"
    ],
}


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    for name, found in warnings_of(trips()).items():
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
