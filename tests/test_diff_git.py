"""`specmaid diff` against git revisions (src/specmaid/diff/gitrev.py, run.py, command.py
and the CLI command): each revision resolved with its own fragments and themes, specs
added, deleted and renamed, exit codes, located errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from gitrepo import git, write

from specmaid.diff.gitrev import renames, write_tree

FRAGMENT = """\
nodes:
  shared: Shared step
edges:
  - {from: start, to: shared, label: first}
"""

SPEC = """\
diagram: flowchart
theme: house
include: _parts.yaml
nodes:
  start: {label: Start, class: key}
  end: End
edges:
  - {from: shared, to: end}
"""

THEME = """\
classes:
  key: {fill: "#ffeeaa"}
"""

PIE = """\
diagram: pie
title: Shares
slices:
  a: 1
  b: 2
  c: 3
  d: 4
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose project sits in a subfolder, with two commits: the second edits
    only the fragment and the theme."""
    root = tmp_path / "repo"
    project = root / "docs"
    write(project / "specmaid.yaml", "specs: specs\n")
    write(project / "specs" / "_parts.yaml", FRAGMENT)
    write(project / "specs" / "flow.yaml", SPEC)
    write(project / "specs" / "pie.yaml", PIE)
    write(project / "themes" / "house.yaml", THEME)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "one")
    write(project / "specs" / "_parts.yaml", FRAGMENT.replace("label: first", "label: second"))
    write(project / "themes" / "house.yaml", THEME.replace("#ffeeaa", "#aaeeff"))
    git(root, "commit", "-qam", "two")
    return project


def specmaid(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specmaid", "diff", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def test_two_revisions_use_each_revisions_fragment_and_theme(repo: Path) -> None:
    done = specmaid(repo, "--base", "HEAD~1", "--head", "HEAD")
    assert done.returncode == 1, done.stderr
    assert done.stdout == (
        "specs/flow.yaml (flowchart) | 2 changed\n"
        "1 diagram changed (2 changed), HEAD~1 → HEAD\n"
        "\n"
        "specs/flow.yaml (flowchart)\n"
        '  ~ edge start → shared "second": label: first → second\n'
        '  ~ classDef "key": style: {"fill": "#ffeeaa"} → {"fill": "#aaeeff"}\n'
    )


def test_the_working_tree_against_head_and_exit_codes(repo: Path) -> None:
    clean = specmaid(repo)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "")
    parts = repo / "specs" / "_parts.yaml"
    write(parts, parts.read_text().replace("Shared step", "Common step"))
    done = specmaid(repo, "--format", "json")
    assert done.returncode == 1, done.stderr
    data = json.loads(done.stdout)
    assert (data["version"], data["base"], data["head"], data["changed"]) == (
        1,
        "HEAD",
        "working tree",
        1,
    )
    [diagram] = data["diagrams"]
    assert diagram["path"] == "specs/flow.yaml"
    assert diagram["summary"] == {"added": 0, "removed": 0, "changed": 1, "moved": 0}
    [change] = diagram["changes"]
    assert change["details"] == [{"what": "label", "before": "Shared step", "after": "Common step"}]
    assert change["before"]["id"] == change["after"]["id"] == "shared"
    # Only the named spec: the pie is unchanged, so nothing to report.
    only = specmaid(repo, "specs/pie.yaml")
    assert (only.returncode, only.stdout) == (0, "")


def test_an_id_renamed_everywhere_reports_nothing(repo: Path) -> None:
    spec = repo / "specs" / "flow.yaml"
    write(spec, SPEC.replace("end", "finish"))  # the id; the label stays "End"
    done = specmaid(repo)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_added_deleted_and_renamed_specs(repo: Path) -> None:
    git(repo, "mv", "specs/pie.yaml", "specs/chart.yaml")
    chart = repo / "specs" / "chart.yaml"
    write(chart, PIE.replace("d: 4", "d: 5"))
    write(repo / "specs" / "new.yaml", "diagram: pie\nslices: {x: 1}\n")
    (repo / "specs" / "flow.yaml").unlink()
    done = specmaid(repo)
    assert done.returncode == 1, done.stderr
    head = done.stdout.split("\n\n")[0].splitlines()
    assert head == [
        "specs/pie.yaml → specs/chart.yaml (renamed, pie) | 1 changed",
        "specs/flow.yaml (deleted, flowchart) | 7 removed",
        "specs/new.yaml (added, pie) | 2 added",
        "3 diagrams changed (2 added, 7 removed, 1 changed), HEAD → working tree",
    ]
    assert '~ slice "d": value: 4 → 5' in done.stdout


def test_errors_are_located_and_exit_2(repo: Path) -> None:
    write(repo / "specs" / "flow.yaml", SPEC.replace("label: Start", "label: Start, shape: diamnd"))
    done = specmaid(repo)
    assert done.returncode == 2
    assert "specs/flow.yaml:5:" in done.stderr and "Did you mean 'diamond'?" in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
    unknown = specmaid(repo, "--base", "no-such-branch")
    assert unknown.returncode == 2
    assert "unknown revision 'no-such-branch'" in unknown.stderr
    missing = specmaid(repo, "specs/nothing.yaml")
    assert missing.returncode == 2 and "specs/nothing.yaml" in missing.stderr


def test_a_broken_spec_at_the_base_revision_names_the_revision(repo: Path) -> None:
    spec = repo / "specs" / "flow.yaml"
    write(spec, "diagram: flowchart\nnodes: [oops]\n")
    git(repo, "commit", "-qam", "broken")
    write(spec, SPEC)
    done = specmaid(repo)
    assert done.returncode == 2
    assert done.stderr.startswith("HEAD:specs/flow.yaml:2:"), done.stderr


def test_outside_a_git_repository_is_a_usage_error(tmp_path: Path) -> None:
    write(tmp_path / "specmaid.yaml", "")
    done = specmaid(tmp_path)
    assert done.returncode == 2
    assert "not inside a git repository" in done.stderr


def test_write_tree_writes_a_revisions_files(repo: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    top = repo.parent
    commit = git(top, "rev-parse", "HEAD~1").strip()
    write_tree(commit, top, "docs/specs", out)
    assert (out / "docs" / "specs" / "_parts.yaml").read_text() == FRAGMENT
    assert not (out / "docs" / "themes").exists()


def test_renames_pairs_files_by_content(tmp_path: Path) -> None:
    write(tmp_path / "a" / "x.yaml", PIE)
    write(tmp_path / "a" / "gone.yaml", "diagram: pie\nslices: {q: 9}\n")
    write(tmp_path / "b" / "y.yaml", PIE.replace("d: 4", "d: 5"))
    write(tmp_path / "b" / "new.yaml", "diagram: sankey\nflows: []\n")
    assert [(old, new) for old, new, _ in renames(tmp_path / "a", tmp_path / "b")] == [
        ("x.yaml", "y.yaml")
    ]


def test_a_spec_that_changes_kind_is_all_new(repo: Path) -> None:
    write(repo / "specs" / "pie.yaml", "diagram: sankey\nflows:\n  - {from: a, to: b, value: 1}\n")
    done = specmaid(repo, "specs/pie.yaml")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == "specs/pie.yaml (sankey, was pie) | 4 added, 5 removed"
