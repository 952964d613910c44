"""Mermaid's config keys come from Mermaid's own packages (issue 19), per release (issue 22).

The data files are regenerated from the installed 11.17.2 and 12.3.0 and must equal the
committed ones; a key one release reads and the other does not is accepted or refused by the
target, at the key, and what renders parses in that release.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from specmaid.errors import SpecErrors
from specmaid.kinds.base import MERMAID_CONFIG_KEYS
from specmaid.mermaid.bridge import package_for, parse_diagrams
from specmaid.mermaid.config_keys import (
    BASELINE,
    DATA,
    KEYED_RELEASES,
    LATER_MINORS,
    NEWEST,
    key_tree,
    reads,
    show_full,
)
from specmaid.mermaid.features import ORACLES, table
from specmaid.mermaid.nodesetup import node_executable
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

REPO = Path(__file__).resolve().parents[1]


def test_the_committed_key_files_are_what_the_installed_mermaids_say() -> None:
    node = node_executable()
    assert node is not None, "Node is needed (scripts/test installs everything else)"
    done = subprocess.run(
        [node, str(REPO / "scripts" / "mermaid-config-keys.mjs"), "--check",
         *KEYED_RELEASES.values()],
        capture_output=True, text=True, check=True, cwd=REPO,
    )  # fmt: skip
    generated = json.loads(done.stdout)
    assert set(generated) == {show_full(v) for v in KEYED_RELEASES}
    for version, document in generated.items():
        committed = json.loads((DATA / f"mermaid-config-{version}.json").read_text("utf-8"))
        assert committed == document, (
            f"run `node scripts/mermaid-config-keys.mjs` (mermaid-config-{version}.json is stale)"
        )


def test_the_keys_are_mermaids_not_a_hand_kept_list() -> None:
    assert set(key_tree(BASELINE)) - set(MERMAID_CONFIG_KEYS) == {
        "secure",
        "securityLevel",
        "startOnLoad",
        "maxTextSize",
        "suppressErrorRendering",
        "maxEdges",
    }  # fmt: skip  (the secure keys: Mermaid drops them from diagram config)
    assert {"usecase", "agentflow"} <= set(MERMAID_CONFIG_KEYS)  # 12's blocks
    assert reads(BASELINE, ("class", "defaultRenderer"))  # issue 19's real-world key
    assert not reads(NEWEST, ("class", "defaultRenderer"))
    assert reads(NEWEST, ("flowchart", "minNodeWidth"))
    assert not reads(BASELINE, ("flowchart", "minNodeWidth"))
    for path in LATER_MINORS:  # the measured minors name keys only 12 reads
        assert reads(NEWEST, path) and not reads(BASELINE, path), path


def _render(tmp_path: Path, spec: str, target: str | None) -> str:
    text = spec + (f"target: '{target}'\n" if target else "")
    return render_source(SourceText("s.yaml", text), Project(root=tmp_path)).text


def _refusal(tmp_path: Path, spec: str, target: str) -> str:
    with pytest.raises(SpecErrors) as info:
        _render(tmp_path, spec, target)
    return "\n".join(str(e) for e in info.value.errors)


CLASS_ELK = "diagram: class\nconfig:\n  class: {defaultRenderer: elk}\nclasses:\n  A: {}\n"


def test_default_renderer_is_read_by_11_and_refused_for_12(tmp_path: Path) -> None:
    for target in (None, "11", "11.17"):
        out = _render(tmp_path, CLASS_ELK, target)
        assert "defaultRenderer: elk" in out
        (result,) = parse_diagrams([("s", out)])
        assert result.ok and result.config["class"]["defaultRenderer"] == "elk", result.error
    assert _refusal(tmp_path, CLASS_ELK, "12") == (
        "s.yaml:3:28: error: config.class.defaultRenderer: config.class.defaultRenderer (all"
        " kinds) was removed in Mermaid 12.0; the target is 12 (Mermaid 12.0) (Mermaid 12"
        " ignores it: write"
        " `layout: dagre` or `layout: elk` instead); change the target or drop the feature"
    )


FLOW_12 = (
    "diagram: flowchart\nconfig:\n  flowchart: {minNodeWidth: 0, look: classic}\n"
    "  elk: {preset: legacy}\nnodes: {A: a, B: b}\nedges:\n  - {from: A, to: B}\n"
)


def test_keys_only_12_reads_are_refused_before_12_at_the_key(tmp_path: Path) -> None:
    refusal = _refusal(tmp_path, FLOW_12, "11")
    assert "s.yaml:3:29: error: config.flowchart.minNodeWidth: config.flowchart.minNodeWidth" in (
        refusal
    )
    assert "needs Mermaid 12.0 or newer; the target is 11 (Mermaid 11.0)" in refusal
    assert "config.flowchart.look: config.<diagram>.look (all kinds) needs Mermaid 12.0" in refusal
    assert "config.elk.preset: config.elk.preset (all kinds) needs Mermaid 12.0" in refusal
    out = _render(tmp_path, FLOW_12, "12")
    (result,) = parse_diagrams([("s", out)], package="mermaid-12")
    assert result.ok and result.config["flowchart"]["minNodeWidth"] == 0, result.error


def test_a_key_from_a_later_12_minor_needs_that_minor(tmp_path: Path) -> None:
    spec = "diagram: mindmap\nconfig:\n  mindmap: {colorBy: depth}\nroot: {label: Root}\n"
    assert "needs Mermaid 12.2 or newer; the target is 12.1" in _refusal(tmp_path, spec, "12.1")
    out = _render(tmp_path, spec, "12.2")
    assert [r.ok for r in parse_diagrams([("s", out)], package="mermaid-12")] == [True]


def test_a_typo_in_a_diagram_block_says_did_you_mean(tmp_path: Path) -> None:
    spec = "diagram: flowchart\nconfig:\n  flowchart: {curv: basis}\nnodes: {A: a}\n"
    with pytest.raises(SpecErrors) as info:
        _render(tmp_path, spec, None)
    (error,) = info.value.errors
    assert str(error).startswith("s.yaml:3:15: error: config.flowchart.curv: unknown key 'curv'")
    assert "did you mean 'curve'" in str(error).lower()


def test_the_table_has_the_12_column_and_the_oracle_follows_the_target() -> None:
    rows = {(r[0], r[1]): r for r in table()}
    removed = rows[("*", "config.flowchart.defaultRenderer")]
    assert removed[2:4] == ("10.9", "12.0") and removed[-2] == "-"  # 12.3: dropped
    assert rows[("*", "config.flowchart.minNodeWidth")][-3:-1] == ("-", "yes")  # 11.17.2, 12.3
    assert package_for(None) == package_for((11, 17, 0)) == "mermaid"
    assert package_for((12, 0, 0)) == ORACLES[(12, 3, 0)] == "mermaid-12"


def test_validate_with_mermaid_parses_a_target_12_spec_with_mermaid_12(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from click.testing import CliRunner

    from specmaid.cli.group import main

    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(FLOW_12)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(REPO / "node_modules"))
    ok = CliRunner().invoke(main, ["validate", "--mermaid", "--target", "12"])
    refused = CliRunner().invoke(main, ["validate", "--mermaid", "--target", "11"])
    assert ok.exit_code == 0, ok.output
    assert refused.exit_code == 2 and "specs/a.yaml:3:29: error" in refused.output
