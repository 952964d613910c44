"""The real-world import corpus (tests/corpus) and its round-trip table in docs/import.md.

The table in docs/import.md and tests/corpus/RESULTS.tsv are written by
`python -m specmaid.importing.roundtrip tests/corpus --write`. The default run checks a
deterministic sample of the corpus against the recorded outcomes (the whole corpus takes minutes
of Node); SPECMAID_DEEP=1 runs all of it and compares the table itself.
"""

from __future__ import annotations

import csv
import os
import re
from pathlib import Path
from typing import Any

import pytest

from specmaid.errors import SpecError, SpecErrors
from specmaid.importing import roundtrip
from specmaid.importing.dispatch import ImportResult, import_diagram
from specmaid.kinds.registry import kind_names
from specmaid.mermaid.bridge import parse_diagrams

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"
DOCS = REPO / "docs" / "import.md"
DEEP = bool(os.environ.get("SPECMAID_DEEP"))
SAMPLE_PER_KIND = 2


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def _recorded() -> dict[str, str]:
    """file → outcome, as `--write` recorded them."""
    return {row["file"]: row["outcome"] for row in _tsv(CORPUS / "RESULTS.tsv")}


def _docs_table() -> str:
    return roundtrip.table_in(DOCS.read_text("utf-8"))


def test_the_corpus_is_real_world_and_sourced() -> None:
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*.mmd"))
    sources = _tsv(CORPUS / "SOURCES.tsv")
    assert [row["file"] for row in sorted(sources, key=lambda r: r["file"])] == files
    assert len(files) >= 300
    repos = {row["repo"] for row in sources}
    assert len(repos) >= 100
    # not Mermaid's own documentation, nor specmaid
    assert not {r for r in repos if r.lower().startswith(("mermaid-js/", "specmaid"))}
    for row in sources:
        assert re.fullmatch(r"[0-9a-f]{40}", row["commit"]), row
        assert int(row["line"]) >= 1 and row["path"], row
        assert row["file"].split("/")[0] in kind_names(), row
    size = sum(p.stat().st_size for p in CORPUS.rglob("*") if p.is_file())
    assert size < 3_000_000


def test_the_docs_table_is_what_the_recorded_outcomes_add_up_to() -> None:
    recorded = _recorded()
    files = sorted(p.relative_to(CORPUS).as_posix() for p in CORPUS.glob("*/*.mmd"))
    assert sorted(recorded) == files, "run the round trip command with --write"
    assert set(recorded.values()) <= set(roundtrip.OUTCOMES)
    trips = [
        roundtrip.Trip(name, name.split("/")[0], outcome) for name, outcome in recorded.items()
    ]
    kinds = [k for k in kind_names() if (CORPUS / k).is_dir()]
    assert _docs_table() == roundtrip.markdown_table(roundtrip.summary_rows(trips, kinds))


def test_the_corpus_round_trips_as_recorded() -> None:
    """Import → render → compare now gives the outcomes docs/import.md's table was made of."""
    diagrams = roundtrip.corpus(CORPUS)
    chosen = diagrams if DEEP else roundtrip.sample(diagrams, SAMPLE_PER_KIND)
    trips = roundtrip.round_trip(chosen)
    recorded = _recorded()
    changed = {
        t.name: (recorded[t.name], t.outcome, t.detail)
        for t in trips
        if t.outcome != recorded[t.name]
    }
    assert not changed, (
        "outcomes changed; rerun the command with --write and review:\n"
        + "\n".join(
            f"{name}: {was} → {now} ({detail})" for name, (was, now, detail) in changed.items()
        )
    )
    if DEEP:
        kinds = [k for k in kind_names() if (CORPUS / k).is_dir()]
        assert _docs_table() == roundtrip.markdown_table(roundtrip.summary_rows(trips, kinds))


def test_the_corpus_meets_the_import_thresholds() -> None:
    """Issue 19's bar, read from the table in docs/import.md: >= 99% import, >= 98% draw the
    same text, >= 98% of the graph kinds' diagrams build the same graph, every kind imports."""
    rows = roundtrip.rows_of(_docs_table())
    *kinds, total = rows
    assert total[0] == "all"
    diagrams, imported, same_text = (int(total[i]) for i in (1, 2, 3))
    same_graph, graph_diagrams = (int(n) for n in total[4].split(" of "))
    not_importing = [row[0] for row in kinds if int(row[2]) == 0]
    assert not not_importing, f"kinds with no diagram imported: {not_importing}"
    assert imported >= 0.99 * diagrams, f"{imported} of {diagrams} import"
    assert same_text >= 0.98 * diagrams, f"{same_text} of {diagrams} draw the same text"
    assert same_graph >= 0.98 * graph_diagrams, f"{same_graph} of {graph_diagrams} same graph"


# The harness itself, on hand-made diagrams.

FLOW = "flowchart LR\n  A[Start] -->|go| B[Middle]\n  B --> C[End]\n"


def _dropping_edge_labels(text: str, name: str) -> ImportResult:
    imported = import_diagram(text, name)
    for edge in imported.spec.get("edges", []):
        edge.pop("label", None)
    return imported


def _dropping_the_last_edge(text: str, name: str) -> ImportResult:
    imported = import_diagram(text, name)
    imported.spec["edges"] = imported.spec["edges"][:-1]
    return imported


def _refused_by_render(text: str, name: str) -> ImportResult:
    imported = import_diagram(text, name)
    imported.spec["nodes"]["A"] = {"label": "Start", "shape": "no-such-shape"}
    return imported


def _failing(text: str, name: str) -> Any:
    raise SpecErrors([SpecError("cannot read it", file=name)])


HAND_MADE: dict[str, tuple[str, Any, str]] = {
    "faithful": (FLOW, import_diagram, roundtrip.SAME),
    "lossy text": (FLOW, _dropping_edge_labels, roundtrip.TEXT_DIFFERS),
    "lossy graph": (FLOW, _dropping_the_last_edge, roundtrip.GRAPH_DIFFERS),
    "refused": (FLOW, _refused_by_render, roundtrip.RENDER_REFUSED),
    "failing": (FLOW + "  %% another\n", _failing, roundtrip.IMPORT_ERROR),
    "unsupported": ("info\n", import_diagram, roundtrip.UNSUPPORTED),
    "unparsable": ("flowchart LR\n  A -->\n", import_diagram, roundtrip.ORIGINAL_NOT_PARSED),
}


def test_the_harness_tells_each_outcome_apart() -> None:
    def dispatch(text: str, name: str) -> Any:
        return HAND_MADE[name][1](text, name)

    diagrams = [(name, "flowchart", text) for name, (text, _, _) in HAND_MADE.items()]
    trips = roundtrip.round_trip(diagrams, dispatch)
    assert {t.name: t.outcome for t in trips} == {n: v[2] for n, v in HAND_MADE.items()}
    lossy = next(t for t in trips if t.name == "lossy text")
    assert "lost ['go']" in lossy.detail
    assert "edges" in next(t for t in trips if t.name == "lossy graph").detail


def test_regenerated_text_that_mermaid_refuses_is_its_own_outcome() -> None:
    original, broken = parse_diagrams([("a", FLOW), ("b", "flowchart LR\n  A -->\n")])
    assert roundtrip.compare("flowchart", original, broken)[0] == roundtrip.NOT_PARSED


def test_normalisation_ignores_what_is_not_drawn() -> None:
    """Generated ids, quoting and CSS spacing are not differences; a changed label is."""
    quoted = 'flowchart LR\n  A["Start"] -->|"go"| B["Middle"]\n  B --> C["End"]\n  style A stroke-dasharray:5 5\n'
    plain = "flowchart LR\n  A[Start] -->|go| B[Middle]\n  B --> C[End]\n  style A stroke-dasharray: 5 5\n"
    renamed = "flowchart LR\n  A[Start] -->|went| B[Middle]\n  B --> C[End]\n"
    a, b, c = parse_diagrams([("a", quoted), ("b", plain), ("c", renamed)])
    assert roundtrip.compare("flowchart", a, b) == (roundtrip.SAME, "")
    assert roundtrip.compare("flowchart", b, c)[0] == roundtrip.TEXT_DIFFERS


def test_the_table_counts_and_reads_back() -> None:
    trips = [
        roundtrip.Trip("flowchart/a.mmd", "flowchart", roundtrip.SAME),
        roundtrip.Trip("flowchart/b.mmd", "flowchart", roundtrip.GRAPH_DIFFERS),
        roundtrip.Trip("pie/a.mmd", "pie", roundtrip.SAME),
        roundtrip.Trip("pie/b.mmd", "pie", roundtrip.UNSUPPORTED),
    ]
    rows = roundtrip.summary_rows(trips)
    assert rows == [
        ("flowchart", "2", "2", "2", "1", "50%"),
        ("pie", "2", "1", "1", "—", "50%"),
        ("all", "4", "3", "3", "1 of 2", "50%"),
    ]
    table = roundtrip.markdown_table(rows)
    assert roundtrip.rows_of(table) == rows
    document = f"intro\n{roundtrip.TABLE_START}\nold\n{roundtrip.TABLE_END}\nrest\n"
    assert roundtrip.table_in(roundtrip.with_table(document, table)) == table


@pytest.mark.parametrize("per_kind", [1, 2])
def test_the_sample_is_deterministic_and_covers_every_kind(per_kind: int) -> None:
    diagrams = roundtrip.corpus(CORPUS)
    chosen = roundtrip.sample(diagrams, per_kind)
    assert chosen == roundtrip.sample(diagrams, per_kind)
    assert {kind for _, kind, _ in chosen} == {kind for _, kind, _ in diagrams}
    assert all(sum(k == kind for _, k, _ in chosen) <= per_kind for _, kind, _ in chosen)


def test_preparsed_texts_are_answered_without_node(tmp_path: Path) -> None:
    """Inside `preparsed`, known texts come from the batch (renamed) and only the others go
    to Node: here no Node can be found, so a miss would raise."""
    from specmaid.mermaid.bridge import MermaidUnavailable, preparsed

    (result,) = parse_diagrams([("first", FLOW)])
    with preparsed({FLOW: result}):
        (again,) = parse_diagrams([("second", FLOW)], node_modules=tmp_path)
        assert again.name == "second" and again.graph == result.graph and again.ok
        with pytest.raises(MermaidUnavailable):
            parse_diagrams([("other", 'pie\n  "a": 1\n')], node_modules=tmp_path)


def test_ids_the_import_renames_are_matched_back_and_nothing_else() -> None:
    from specmaid.pipeline.escape import kind_safe_id, mermaid_id

    # ("TB" is written as it is now; "a--b" still is not: an arrow's start)
    original = {"states": {"Identificação": {}, "a--b": {}, "TB": {}}, "edges": [{"start": "Fim"}]}
    renamed_state = kind_safe_id("Identificação", frozenset(), prefix="s")
    regenerated = {
        "states": {renamed_state: {}, mermaid_id("a--b"): {}, mermaid_id("TB"): {}},
        "edges": [{"start": mermaid_id("Fin ")}],  # another name: not a rename of "Fim"
    }
    assert mermaid_id("TB") == "TB" and mermaid_id("a--b") != "a--b"
    assert roundtrip.renames(original, regenerated) == {
        renamed_state: "Identificação",
        mermaid_id("a--b"): "a--b",
    }


def test_git_commits_compare_by_what_is_drawn() -> None:
    """A git commit is drawn with its id and tags: the random part of an id Mermaid made up
    and a message (kept, never drawn) are no difference; another tag or a lost commit is."""
    written = 'gitGraph\n  commit msg: "Initial commit"\n  branch dev\n  commit id: "b"\n  checkout main\n  merge dev\n'
    bare = 'gitGraph\n  commit\n  branch dev\n  commit id: "b"\n  checkout main\n  merge dev\n'
    tagged = 'gitGraph\n  commit\n  branch dev\n  commit id: "b" tag: "v1"\n  checkout main\n  merge dev\n'
    shorter = 'gitGraph\n  commit\n  branch dev\n  commit id: "b"\n'
    a, b, c, d = parse_diagrams([("a", written), ("b", bare), ("c", tagged), ("d", shorter)])
    assert roundtrip.compare("gitgraph", a, b) == (roundtrip.SAME, "")
    assert roundtrip.compare("gitgraph", b, c)[0] == roundtrip.TEXT_DIFFERS
    assert roundtrip.compare("gitgraph", b, d)[0] == roundtrip.GRAPH_DIFFERS


def test_an_importer_that_fails_is_a_located_error_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The dispatcher's safety net: an exception an importer did not mean is reported as a
    construct it cannot import, at the diagram, as every import error is."""
    from specmaid.importing import helpers

    def broken(*_: Any) -> Any:
        raise KeyError("id")

    monkeypatch.setattr(helpers, "importer_for", lambda _: broken)
    with pytest.raises(SpecErrors) as raised:
        import_diagram('pie\n  "a": 1\n', "chart.mmd", first_line=3)
    (error,) = raised.value.errors
    assert (error.file, error.line, error.severity) == ("chart.mmd", 3, "error")
    assert "cannot import this construct of a pie diagram" in error.message
    assert "KeyError: 'id'" in error.message


def test_blocks_compare_in_order_without_made_up_ids_or_default_widths() -> None:
    """A block diagram lays its blocks out in order: the ids Mermaid makes for spaces
    (``id-<random>-<count>-<n>``, the count running on over a batch) and a width of one
    column left unsaid (a block first named in a link) are no difference; two blocks
    swapped are."""
    spaced = "block-beta\n  columns 3\n  a space b\n  a --> b\n"
    swapped = "block-beta\n  columns 3\n  b space a\n  a --> b\n"
    (alone,) = parse_diagrams([("alone", spaced)])
    _, later, other = parse_diagrams(
        [("first", "block-beta\n  space\n"), ("later", spaced), ("other", swapped)]
    )
    assert roundtrip.compare("block", alone, later) == (roundtrip.SAME, "")
    assert roundtrip.compare("block", alone, other)[0] == roundtrip.GRAPH_DIFFERS
    linked, declared = parse_diagrams(
        [("linked", "block-beta\n  a --> b\n"), ("declared", "block-beta\n  a b\n  a --> b\n")]
    )
    assert roundtrip.compare("block", linked, declared) == (roundtrip.SAME, "")


def test_c4_offsets_compare_as_the_numbers_drawn() -> None:
    """Mermaid's C4 db keeps a relation's offset as a number or as the string written,
    depending on the place it is written in (c4Db.updateRelStyle parses only the offsets in
    the offsets' own places); its renderer reads both with parseInt."""
    base = 'C4Context\n  Person(a, "A")\n  System(b, "B")\n  Rel(a, b, "Uses")\n'
    written = [
        '  UpdateRelStyle(a, b, $textColor="red", $offsetY="-40", $offsetX="10")\n',
        '  UpdateRelStyle(a, b, $textColor="red", $offsetX="10", $offsetY="-40")\n',
        '  UpdateRelStyle(a, b, $textColor="red", $offsetX="12", $offsetY="-40")\n',
    ]
    first, second, moved = parse_diagrams([(str(i), base + w) for i, w in enumerate(written)])
    assert first.graph["rels"][0]["offsetX"] != second.graph["rels"][0]["offsetX"]
    assert roundtrip.compare("c4", first, second) == (roundtrip.SAME, "")
    assert roundtrip.compare("c4", first, moved)[0] == roundtrip.GRAPH_DIFFERS


@pytest.mark.parametrize(
    ("text", "lacks"),
    [
        ("block-beta\n  columns 2\n", "this block diagram has no blocks"),
        ('xychart-beta\n  title "Empty"\n', "this xychart has no bar or line series"),
        ("radar-beta\n  title Empty\n", "this radar chart has no axes"),
        ('treemap-beta\n  "A"\n    "B"\n', "this treemap has no item with a value"),
        ("pie title Nothing\n", "this pie chart has no slices"),
    ],
)
def test_a_diagram_with_nothing_a_spec_holds_is_a_located_error(text: str, lacks: str) -> None:
    """Mermaid reads these, but a spec of the kind needs one of what they lack: import says
    so (render would refuse the spec it wrote)."""
    with pytest.raises(SpecErrors) as raised:
        import_diagram(text, "empty.mmd", first_line=5)
    (error,) = raised.value.errors
    assert (error.file, error.line, error.severity) == ("empty.mmd", 5, "error")
    assert error.message.startswith(lacks + ", so there is nothing to import")


def test_a_requirement_relation_to_an_undeclared_name_is_dropped_and_reported() -> None:
    text = (
        "requirementDiagram\n  requirement r {\n  id: 1\n  }\n  element e {\n  }\n"
        "  e - satisfies -> r\n  r - traces -> ghost\n"
    )
    imported = import_diagram(text, "req.mmd")
    assert imported.spec["relations"] == [{"from": "e", "to": "r", "type": "satisfies"}]
    assert [str(w) for w in imported.warnings] == [
        "req.mmd:8: warning: the relation from 'r' to 'ghost' was not imported: 'ghost' is no"
        " requirement or element"
    ]


def test_a_block_group_id_counts_only_where_something_refers_to_it() -> None:
    """An anonymous `block … end` has an id Mermaid makes up and, imported, one a spec needs;
    a group's id is drawn nowhere, so only a link naming it makes it a difference."""
    anonymous, named, linked, relinked = parse_diagrams(
        [
            ("anonymous", "block-beta\n  block\n    block\n      x\n    end\n  end\n"),
            ("named", "block-beta\n  block:group1\n    block:group2\n      x\n    end\n  end\n"),
            ("linked", "block-beta\n  block:g\n    x\n  end\n  y\n  y --> g\n"),
            ("relinked", "block-beta\n  block:h\n    x\n  end\n  y\n  y --> h\n"),
        ]
    )
    assert roundtrip.compare("block", anonymous, named) == (roundtrip.SAME, "")
    assert roundtrip.compare("block", linked, relinked)[0] == roundtrip.GRAPH_DIFFERS


def test_a_sequence_participant_is_read_by_the_text_it_draws() -> None:
    """A participant is drawn with its description: the id an import renamed it to is no
    drawn text (the graph matches it back), unless it is what the box shows."""
    import hashlib

    renamed = f"p_Database_{hashlib.sha1(b'Database').hexdigest()[:6]}"
    written = "sequenceDiagram\n  participant Database\n  Database->>Database: hi\n"
    aliased = f"sequenceDiagram\n  participant {renamed} as Database\n  {renamed}->>{renamed}: hi\n"
    bare = f"sequenceDiagram\n  participant {renamed}\n  {renamed}->>{renamed}: hi\n"
    a, b, c = parse_diagrams([("a", written), ("b", aliased), ("c", bare)])
    assert roundtrip.compare("sequence", a, b) == (roundtrip.SAME, "")
    assert roundtrip.compare("sequence", a, c)[0] == roundtrip.TEXT_DIFFERS


def test_colours_compare_without_their_spacing() -> None:
    rect = "sequenceDiagram\n  A->>B: x\n  rect {}\n  A->>B: y\n  end\n"
    spaced, tight, other = parse_diagrams(
        [
            ("a", rect.format("rgb(0, 255, 0)")),
            ("b", rect.format("rgb(0,255,0)")),
            ("c", rect.format("rgb(0,255,1)")),
        ]
    )
    assert roundtrip.compare("sequence", spaced, tight) == (roundtrip.SAME, "")
    assert roundtrip.compare("sequence", spaced, other)[0] == roundtrip.GRAPH_DIFFERS


def test_timeline_periods_before_the_first_section_are_not_drawn() -> None:
    """timelineRenderer draws, when there are sections, only the sections' periods."""
    loose = "timeline\n  1990 : early\n  section S\n  2000 : later\n"
    left_out = "timeline\n  section S\n  2000 : later\n"
    moved_in = "timeline\n  section S\n  1990 : early\n  2000 : later\n"
    a, b, c = parse_diagrams([("a", loose), ("b", left_out), ("c", moved_in)])
    assert roundtrip.compare("timeline", a, b) == (roundtrip.SAME, "")
    assert roundtrip.compare("timeline", a, c)[0] == roundtrip.TEXT_DIFFERS
