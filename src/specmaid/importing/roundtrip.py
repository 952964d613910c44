"""The import round trip over a corpus of real-world diagrams: import → spec → render → compare.

Each diagram goes through what `specmaid import` does
(:func:`specmaid.importing.dispatch.import_diagram`, then the spec's YAML), then through a build
(:func:`specmaid.pipeline.compile.render_source`); Mermaid then reads the original and the
regenerated text (one batched Node process for each side) and the two parses are compared:

* **visible text**, for every kind: the texts Mermaid would draw (labels, titles, messages,
  notes, descriptions…, read from its db), as a multiset, white space collapsed;
* **graph**, for the graph kinds (:data:`GRAPH_KINDS`): the whole db, normalised (see
  :func:`normalised_graph`): lists whose order Mermaid does not draw are compared as sets,
  ids Mermaid generates (``L_A_B_0``, ``subGraph0``, ``entity-X-0``…) are blanked, ids the
  import renamed are matched back to the original they encode (:func:`renames`), layout and
  config leaves are dropped.

Every diagram ends in one :data:`OUTCOMES`; :func:`summary_rows` makes the table per kind that
docs/import.md keeps. Run it with::

    python -m specmaid.importing.roundtrip tests/corpus            # print the table
    python -m specmaid.importing.roundtrip tests/corpus --failures # and each failure
    python -m specmaid.importing.roundtrip tests/corpus --write     # update docs/import.md
                                                                    # and tests/corpus/RESULTS.tsv
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specmaid.errors import SpecErrors
from specmaid.importing.compare import (  # noqa: F401 (tests read them as roundtrip's)
    GRAPH_DIFFERS,
    GRAPH_KINDS,
    IMPORT_ERROR,
    NOT_PARSED,
    ORIGINAL_NOT_PARSED,
    OUTCOMES,
    RENDER_REFUSED,
    SAME,
    TEXT_DIFFERS,
    UNSUPPORTED,
    compare,
    normalised_graph,
    renames,
)
from specmaid.mermaid.bridge import ParseResult, parse_diagrams, preparsed


@dataclass(frozen=True)
class Trip:
    """One diagram's round trip."""

    name: str
    kind: str
    outcome: str
    detail: str = ""
    regenerated: str = ""

    @property
    def imported(self) -> bool:
        return self.outcome not in (UNSUPPORTED, IMPORT_ERROR, ORIGINAL_NOT_PARSED)

    @property
    def same_text(self) -> bool:
        return self.outcome in (SAME, GRAPH_DIFFERS)

    @property
    def same_graph(self) -> bool:
        return self.outcome == SAME


Importer = Callable[[str, str], Any]


def _default_import(text: str, name: str) -> Any:
    from specmaid.importing.dispatch import import_diagram

    return import_diagram(text, name)


def _is_importable(result: ParseResult) -> bool:
    from specmaid.importing.helpers import importer_for

    graph = result.graph or {}
    return "vertices" in graph or importer_for(str(result.diagram_type)) is not None


def round_trip(
    diagrams: Sequence[tuple[str, str, str]], import_spec: Importer = _default_import
) -> list[Trip]:
    """Each ``(name, kind, text)`` imported, rendered and compared (two batched parses).

    ``import_spec(text, name)`` returns what `specmaid import` returns (an ImportResult:
    ``.yaml()`` is the spec file); tests pass a lossy one to see the loss reported."""
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    originals = parse_diagrams([(name, text) for name, _, text in diagrams])
    project = Project(root=Path(tempfile.mkdtemp(prefix="specmaid-roundtrip-")))
    done: dict[str, Trip] = {}
    rendered: list[tuple[str, str, str, ParseResult, dict[str, str]]] = []
    with preparsed({text: r for (_, _, text), r in zip(diagrams, originals, strict=True)}):
        for (name, kind, text), original in zip(diagrams, originals, strict=True):
            if not original.ok:
                done[name] = Trip(name, kind, ORIGINAL_NOT_PARSED, original.error or "")
                continue
            if not _is_importable(original):
                done[name] = Trip(name, kind, UNSUPPORTED, str(original.diagram_type))
                continue
            try:
                imported = import_spec(text, name)
                spec_yaml = imported.yaml()
            except SpecErrors as exc:
                done[name] = Trip(name, kind, IMPORT_ERROR, str(exc).split("\n")[0][:200])
                continue
            try:
                output = render_source(SourceText(f"{name}.yaml", spec_yaml), project).text
            except SpecErrors as exc:
                done[name] = Trip(name, kind, RENDER_REFUSED, str(exc).split("\n")[0][:200])
                continue
            rendered.append((name, kind, output, original, _import_renames(imported)))
    again = parse_diagrams([(name, output) for name, _, output, _, _ in rendered])
    for (name, kind, output, original, renamed), result in zip(rendered, again, strict=True):
        outcome, detail = compare(kind, original, result, renamed)
        done[name] = Trip(name, kind, outcome, detail, output)
    return [done[name] for name, _, _ in diagrams]


#: the warning an importer gives for an id it renamed readably (no digest to match it by)
_IMPORT_RENAME = re.compile(r"the (?:state id|class|id) '((?:[^'\\]|\\.)*)' is written '([^']*)'")


def _import_renames(imported: Any) -> dict[str, str]:
    """New id → original id, from the import's "… is written …" warnings."""
    found = {}
    for warning in getattr(imported, "warnings", []):
        match = _IMPORT_RENAME.search(str(getattr(warning, "message", "")))
        if match:
            found[match.group(2)] = match.group(1)
    return found


def corpus(folder: Path) -> list[tuple[str, str, str]]:
    """``(name, kind, text)`` of every ``<kind>/<file>.mmd`` under ``folder``, sorted; the
    name is the path relative to ``folder``, the kind is the folder it sits in."""
    return [
        (path.relative_to(folder).as_posix(), path.parent.name, path.read_text("utf-8"))
        for path in sorted(folder.glob("*/*.mmd"))
    ]


def sample(diagrams: Sequence[tuple[str, str, str]], per_kind: int) -> list[tuple[str, str, str]]:
    """A deterministic sample: the first ``per_kind`` diagrams (by name) of every kind."""
    taken: collections.Counter[str] = collections.Counter()
    chosen = []
    for item in diagrams:
        if taken[item[1]] < per_kind:
            taken[item[1]] += 1
            chosen.append(item)
    return chosen


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "—"


HEADER = ("kind", "diagrams", "imported", "same text", "same graph", "%")


def summary_rows(trips: Iterable[Trip], kinds: Iterable[str] = ()) -> list[tuple[str, ...]]:
    """The table per kind: diagrams, imported, same visible text, same graph (graph kinds;
    "—" for the others), and the share that round-trips whole; a last row sums them."""
    by_kind: dict[str, list[Trip]] = {kind: [] for kind in kinds}
    for trip in trips:
        by_kind.setdefault(trip.kind, []).append(trip)
    rows = []
    totals = collections.Counter[str]()
    for kind, items in by_kind.items():
        graph = kind in GRAPH_KINDS
        counts = {
            "diagrams": len(items),
            "imported": sum(t.imported for t in items),
            "same text": sum(t.same_text for t in items),
            "same graph": sum(t.same_graph for t in items) if graph else 0,
            "graph diagrams": len(items) if graph else 0,
            "whole": sum(t.same_graph if graph else t.same_text for t in items),
        }
        totals.update(counts)
        rows.append(
            (
                kind,
                str(counts["diagrams"]),
                str(counts["imported"]),
                str(counts["same text"]),
                str(counts["same graph"]) if graph else "—",
                _percent(counts["whole"], counts["diagrams"]),
            )
        )
    rows.append(
        (
            "all",
            str(totals["diagrams"]),
            str(totals["imported"]),
            str(totals["same text"]),
            f"{totals['same graph']} of {totals['graph diagrams']}",
            _percent(totals["whole"], totals["diagrams"]),
        )
    )
    return rows


def markdown_table(rows: Sequence[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "|".join(["---"] + ["--:"] * 5) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) + "\n"


TABLE_START = (
    "<!-- corpus-table:start (python -m specmaid.importing.roundtrip tests/corpus --write) -->"
)
TABLE_END = "<!-- corpus-table:end -->"


def table_in(document: str) -> str:
    """The corpus table kept between the markers of docs/import.md."""
    start = document.index(TABLE_START) + len(TABLE_START)
    return document[start : document.index(TABLE_END)].strip("\n") + "\n"


def with_table(document: str, table: str) -> str:
    start = document.index(TABLE_START) + len(TABLE_START)
    return document[:start] + "\n" + table + document[document.index(TABLE_END) :]


def rows_of(table: str) -> list[tuple[str, ...]]:
    """The rows of a markdown table :func:`markdown_table` wrote (without its header)."""
    lines = [line for line in table.strip().splitlines()[2:] if line.startswith("|")]
    return [tuple(cell.strip() for cell in line.strip("|").split("|")) for line in lines]


def results_tsv(trips: Iterable[Trip]) -> str:
    lines = ["file\tkind\toutcome"]
    lines += [f"{t.name}\t{t.kind}\t{t.outcome}" for t in trips]
    return "\n".join(lines) + "\n"


def drawn_report(
    diagrams: Sequence[tuple[str, str, str]],
    trips: Sequence[Trip],
    kinds: Sequence[str],
    failures: bool = False,
) -> str:
    """Per kind, how many of the regenerated diagrams draw in Chromium the same words as their
    original (:mod:`specmaid.importing.drawn_text`): the check of "draws the same visible text"
    against Mermaid's real drawing rather than its parse."""
    from specmaid.importing.drawn_text import draw_svgs, svg_words

    texts = {name: text for name, _, text in diagrams}
    pairs = [trip for trip in trips if trip.regenerated]
    svgs = draw_svgs(
        [(t.name, texts[t.name]) for t in pairs] + [(t.name, t.regenerated) for t in pairs],
        Path.cwd(),
    )
    counts: dict[str, list[int]] = {kind: [0, 0] for kind in kinds}
    lines = []
    for trip, original, regenerated in zip(
        pairs, svgs[: len(pairs)], svgs[len(pairs) :], strict=True
    ):
        same = original is not None and regenerated is not None
        if same:
            lost = svg_words(original) - svg_words(regenerated)  # type: ignore[arg-type]
            gained = svg_words(regenerated) - svg_words(original)  # type: ignore[arg-type]
            same = not lost and not gained
            if not same and failures:
                lines.append(
                    f"{trip.name}: drawn words differ: lost {dict(lost)}, gained {dict(gained)}\n"
                )
        counts.setdefault(trip.kind, [0, 0])
        counts[trip.kind][0] += 1
        counts[trip.kind][1] += same
    rows = [
        ("kind", "drawn", "same words"),
        *((k, str(n), str(s)) for k, (n, s) in counts.items() if n),
    ]
    total = sum(n for n, _ in counts.values()), sum(s for _, s in counts.values())
    rows.append(("all", str(total[0]), f"{total[1]} ({_percent(total[1], total[0])})"))
    table = "\n".join("| " + " | ".join(row) + " |" for row in rows)
    return "\nDrawn in Chromium (original and regenerated):\n" + table + "\n" + "".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m specmaid.importing.roundtrip",
        description="Import, render and compare every diagram of a corpus; print the table.",
    )
    parser.add_argument("corpus", type=Path, help="folder of <kind>/<name>.mmd files")
    parser.add_argument("--failures", action="store_true", help="list each failure")
    parser.add_argument(
        "--write",
        action="store_true",
        help="keep the table in docs/import.md and each outcome in <corpus>/RESULTS.tsv",
    )
    parser.add_argument("--docs", type=Path, default=Path("docs/import.md"))
    parser.add_argument(
        "--draw",
        action="store_true",
        help="also draw original and regenerated in Chromium and compare the words each shows"
        " (needs what `specmaid export` needs)",
    )
    args = parser.parse_args(argv)
    from specmaid.kinds.registry import kind_names

    trips = round_trip(corpus(args.corpus))
    kinds = [k for k in kind_names() if (args.corpus / k).is_dir()]
    table = markdown_table(summary_rows(trips, kinds))
    sys.stdout.write(table)
    if args.failures:
        for trip in trips:
            if trip.outcome != SAME:
                sys.stdout.write(f"{trip.name}: {trip.outcome}: {trip.detail}\n")
    if args.draw:
        sys.stdout.write(drawn_report(corpus(args.corpus), trips, kinds, args.failures))
    if args.write:
        args.docs.write_text(with_table(args.docs.read_text("utf-8"), table), "utf-8")
        (args.corpus / "RESULTS.tsv").write_text(results_tsv(trips), "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
