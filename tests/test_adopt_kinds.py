"""`specmaid adopt` on one document holding a block of every kind import reads, and one it
does not: every readable block becomes a spec with markers, `check` passes right after, each
embedded diagram is read by Mermaid into the same data as the block it replaced, and the
unreadable block stays as it was, reported."""

from __future__ import annotations

from pathlib import Path

import pytest
import test_import_charts
import test_import_class
import test_import_gantt
import test_import_kinds
import test_import_sequence
import test_import_state
from click.testing import CliRunner
from importcheck import MODULES
from test_import_beta import EXPECTED as BETA_EXPECTED
from test_import_beta import HANDWRITTEN as BETA
from test_import_beta import normalized as beta_normalized

from specmaid.cli.group import main
from specmaid.mermaid.bridge import parse_diagrams

BLOCKS = [
    (test_import_sequence.normalized, test_import_sequence.HANDWRITTEN["sequence-everything"]),
    (test_import_class.normalized, test_import_class.HANDWRITTEN["class-relations"]),
    (test_import_state.normalized, test_import_state.HANDWRITTEN["state-everything"]),
    (test_import_gantt.normalized, test_import_gantt.HANDWRITTEN["gantt-everything"]),
    (test_import_kinds.normalized, test_import_kinds.HANDWRITTEN["er-everything"]),
    (test_import_kinds.normalized, test_import_kinds.HANDWRITTEN["hostile-pie"]),
    (test_import_kinds.normalized, test_import_kinds.HANDWRITTEN["timeline-td"]),
    (test_import_kinds.normalized, test_import_kinds.HANDWRITTEN["mindmap-classes"]),
    (test_import_charts.normalized, test_import_charts.HANDWRITTEN["journey-scores"]),
    (test_import_charts.normalized, test_import_charts.HANDWRITTEN["sankey-quoted"]),
]
NOT_IMPORTED = "info\n"  # Mermaid's own info diagram: no kind writes it
# The newer kinds (test_import_beta): one block each, written as import keeps it.
BLOCKS += [
    (beta_normalized, BETA[name])
    for name in (
        "block-everything",
        "architecture-everything",
        "ishikawa-hostile",
        "tree_view-everything",
        "wardley-everything",
        "railroad-everything",
        "swimlane-plain",
    )
] + [
    (beta_normalized, BETA_EXPECTED[name])
    for name in ("venn-everything", "cynefin-everything", "eventmodeling-ids")
]


def test_adopt_reads_every_kind_and_leaves_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    parts = ["# Every kind\n"]
    for n, (_, block) in enumerate(BLOCKS):
        parts.append(f"Diagram {n}:\n\n```mermaid\n{block}```\n")
    parts.append(f"Not imported:\n\n```mermaid\n{NOT_IMPORTED}```\n")
    (tmp_path / "doc.md").write_text("\n".join(parts))

    adopted = CliRunner().invoke(main, ["adopt", "doc.md"])
    assert adopted.exit_code == 0, adopted.output
    assert len(list((tmp_path / "specs" / "doc").glob("*.yaml"))) == len(BLOCKS)
    assert "this is a info" in adopted.output  # reported, left in place
    doc = (tmp_path / "doc.md").read_text()
    assert f"Not imported:\n\n```mermaid\n{NOT_IMPORTED}```\n" in doc
    assert doc.count("<!-- specmaid: specs/doc/") == len(BLOCKS)
    assert CliRunner().invoke(main, ["check"]).exit_code == 0

    embedded = [part.split("```", 1)[0] for part in doc.split("```mermaid\n")[1:]]
    results = parse_diagrams(
        [(f"o{n}", block) for n, (_, block) in enumerate(BLOCKS)]
        + [(f"e{n}", text) for n, text in enumerate(embedded[: len(BLOCKS)])]
    )
    by_name = {r.name: r for r in results}
    for n, (normalized, _) in enumerate(BLOCKS):
        assert normalized(by_name[f"e{n}"]) == normalized(by_name[f"o{n}"]), n
