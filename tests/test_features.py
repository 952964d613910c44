"""Compatibility targets, checked with the real parsers of Mermaid 10.9.6, 11.4.1, 11.17.2 and
12.3.0 (npm aliases in package.json): every example either renders for a target and parses in that
target's Mermaid, or is refused with a located message naming the feature and its version."""

from __future__ import annotations

import dataclasses
from functools import cache
from pathlib import Path

import pytest
from click.testing import CliRunner

from specmaid.cli.group import main
from specmaid.errors import SpecErrors
from specmaid.kinds.registry import kind_names
from specmaid.mermaid.bridge import parse_diagrams
from specmaid.mermaid.features import CHECKED, FEATURES, LATEST, parse_target, show, table, uses
from specmaid.pipeline.compile import render_file, render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project, find_project
from specmaid.project.files import spec_files

REPO = Path(__file__).resolve().parents[1]
PROJECT = find_project(REPO)
assert PROJECT is not None
TARGETS = [show(v) for v in CHECKED]


@cache
def rendered_for(target: str) -> dict[str, tuple[str | None, str | None]]:
    """Every example spec rendered for ``target``: (text, None) or (None, the refusal)."""
    project = dataclasses.replace(PROJECT, target_override=target)
    out: dict[str, tuple[str | None, str | None]] = {}
    for spec in spec_files(PROJECT):
        name = PROJECT.relative(spec)
        try:
            out[name] = (render_file(spec, project).text, None)
        except SpecErrors as exc:
            out[name] = (None, "\n".join(str(e) for e in exc.errors))
    return out


@pytest.mark.parametrize("version", list(CHECKED), ids=TARGETS)
def test_every_example_parses_on_every_target_it_claims(version: tuple[int, int, int]) -> None:
    target = show(version)
    results = rendered_for(target)
    texts = [(name, text) for name, (text, _) in results.items() if text is not None]
    parsed = parse_diagrams(texts, package=CHECKED[version])
    failures = [f"{r.name}: {r.error}" for r in parsed if not r.ok]
    assert failures == [], f"claimed for {target} but refused by Mermaid {target}"
    for name, (text, refusal) in results.items():
        if text is None:  # refused: located, and naming what the target lacks
            assert refusal is not None and f"{name}:" in refusal, refusal
            assert "needs Mermaid" in refusal or "was removed in Mermaid" in refusal
            assert f"the target is {target}" in refusal
    if version == max(CHECKED):
        assert all(text is not None for text, _ in results.values())  # the newest: everything
    elif version < LATEST:
        assert any(text is None for text, _ in results.values())  # older: some refused


def test_a_v11_shape_with_target_10_9_fails_with_a_located_message(tmp_path: Path) -> None:
    spec = (
        'diagram: flowchart\ntarget: "10.9"\nnodes:\n  A: Start\n'
        "  B: {label: Note, shape: braces}\nedges:\n  - {from: A, to: B}\n"
    )
    with pytest.raises(SpecErrors) as info:
        render_source(SourceText("t.yaml", spec), Project(root=tmp_path))
    (error,) = info.value.errors
    assert str(error) == (
        "t.yaml:5:27: error: nodes.B.shape: shape without a bracket form (@{ shape })"
        " (flowchart) needs Mermaid 11.3 or newer; the target is 10.9; change the target or"
        " drop the feature"
    )
    # The same spec for 11.4 renders, and Mermaid 11.4.1 parses it; 10.9.6 would not have.
    text = render_source(SourceText("t.yaml", spec.replace("10.9", "11.4")), Project(root=tmp_path))
    assert [r.ok for r in parse_diagrams([("t", text.text)], package="mermaid-11.4")] == [True]
    assert [r.ok for r in parse_diagrams([("t", text.text)], package="mermaid-10.9")] == [False]


# Each row: a spec using a feature, the newest checked target that lacks it, the oldest that
# has it. Mermaid's own parsers confirm both sides of the line the table draws.
BOUNDARIES = [
    ("diagram: kanban\ncolumns:\n  todo: {title: Todo, tasks: [{title: Task}]}\n", "10.9.6", "11.4.1"),
    ("diagram: flowchart\nnodes: {A: a, B: b}\nedges:\n  - {from: A, to: B, id: e1, animate: true}\n", "11.4.1", "11.17.2"),
    ("diagram: flowchart\nnodes:\n  A: {label: a, shape: braces}\n", "10.9.6", "11.4.1"),
    ("diagram: flowchart\nnodes:\n  A: {label: a, shape: bpmn-start}\n", "11.17.2", "12.3"),
]  # fmt: skip


@pytest.mark.parametrize(("spec", "lacking", "having"), BOUNDARIES)
def test_the_table_draws_the_line_where_mermaid_does(
    spec: str, lacking: str, having: str, tmp_path: Path
) -> None:
    project = Project(root=tmp_path)
    with pytest.raises(SpecErrors):
        render_source(SourceText("t.yaml", f"{spec}target: '{lacking}'\n"), project)
    # (what the newer target allows is what the older release refuses)
    allowed = render_source(SourceText("t.yaml", f"{spec}target: '{having}'\n"), project).text
    packages = {show(v): pkg for v, pkg in CHECKED.items()}
    assert not parse_diagrams([("t", allowed)], package=packages[lacking])[0].ok
    assert parse_diagrams([("t", allowed)], package=packages[having])[0].ok


def test_every_kind_has_a_version() -> None:
    kinds = {f.kind for f in FEATURES if f.name == "diagram kind"}
    assert kinds == set(kind_names())


def test_target_values() -> None:
    assert parse_target("10.9") == (10, 9, 0)
    assert parse_target("11") == (11, 0, 0)  # any Mermaid 11: its oldest
    assert parse_target("v11.4.1") == (11, 4, 1)
    assert parse_target("eleven") is None
    assert parse_target("gitlab") == (11, 0, 0)  # a documented platform profile


def test_uses_names_the_spec_keys() -> None:
    spec = {
        "diagram": "flowchart",
        "config": {"look": "handDrawn"},
        "nodes": {"A": {"img": "x.png"}, "B": {"shape": "diamond"}, "C": {"shape": "braces"}},
        "subgraphs": {"S": {"nodes": {"D": {"shape": "bolt"}}}},
        "edges": [{"from": "A", "to": "B", "curve": "linear"}],
    }
    found = {(f.name, path) for f, path in uses("flowchart", spec)}
    assert found == {
        ("diagram kind", ("diagram",)),
        ("config.look (handDrawn, neo)", ("config", "look")),
        ("image and icon nodes (@{ img }, @{ icon })", ("nodes", "A", "img")),
        ("shape without a bracket form (@{ shape })", ("nodes", "C", "shape")),
        ("shape without a bracket form (@{ shape })", ("subgraphs", "S", "nodes", "D", "shape")),
        ("per-edge curve", ("edges", 0, "curve")),
    }


# ------------------------------------------------------------------------- settings


def _project(tmp_path: Path, table: str = "") -> Path:
    (tmp_path / "pyproject.toml").write_text(f'[tool.specmaid]\nmarkdown = ["doc.md"]\n{table}')
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(
        "diagram: flowchart\nnodes:\n  A: {label: a, shape: braces}\n"
    )
    return tmp_path


def _run(root: Path, *args: str) -> tuple[int, str]:
    import os

    old = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, list(args))
    finally:
        os.chdir(old)
    return result.exit_code, result.output


def test_project_spec_marker_and_command_line_targets(tmp_path: Path) -> None:
    root = _project(tmp_path, 'target = "10.9"\n')
    code, output = _run(root, "build")
    assert code == 2 and "specs/a.yaml:3:" in output and "the target is 10.9" in output
    assert _run(root, "build", "--target", "11.4")[0] == 0  # the command line wins
    (root / "specs" / "a.yaml").write_text(
        "diagram: flowchart\ntarget: '11.4'\nnodes:\n  A: {label: a, shape: braces}\n"
    )
    assert _run(root, "build")[0] == 0  # the spec's own target wins over the project's
    (root / "doc.md").write_text(
        "<!-- specmaid: specs/a.yaml target=10.9 -->\n<!-- /specmaid -->\n"
    )
    code, output = _run(root, "build")
    assert code == 2 and "the target is 10.9" in output  # a Markdown marker's, over the spec's
    (root / "doc.md").write_text(
        "<!-- specmaid: specs/a.yaml target=latest -->\n<!-- /specmaid -->\n"
    )
    code, output = _run(root, "build")
    assert code == 2 and "target is 'latest'; expected a Mermaid version" in output


def test_bad_targets_are_clear(tmp_path: Path) -> None:
    root = _project(tmp_path, 'target = "newest"\n')
    code, output = _run(root, "build")
    assert code == 2 and "target is 'newest'; expected a Mermaid version" in output
    (root / "pyproject.toml").write_text("[tool.specmaid]\n")
    code, output = _run(root, "check", "--target", "x.y")
    assert code == 2 and "'x.y' is not a Mermaid version" in output
    code, output = _run(root, "build", "--target", "10.4")
    assert code == 2 and "older than Mermaid 10.9, the oldest release specmaid checks" in output


def test_features_command_prints_the_table() -> None:
    result = CliRunner().invoke(main, ["features"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == [
        "kind", "feature", "since", "removed", "10.9.6", "11.4.1", "11.17.2", "12.3", "note"
    ]  # fmt: skip
    assert any(line.split()[:1] == ["kanban"] and "11.4" in line for line in lines)
    assert len([line for line in lines if "diagram kind" in line]) == len(kind_names())
    only = CliRunner().invoke(main, ["features", "--kind", "flowchart"])
    assert only.exit_code == 0 and "kanban" not in only.output and "@{ shape }" in only.output
    assert len(only.output.split("\n\n")[0].splitlines()) == len(table("flowchart")) + 1
    assert "GitLab: 11 from GitLab 19.0" in only.output  # the hosts, by their own material
    assert "target gitlab: Mermaid 11.0 (GitLab 19.0 release notes" in only.output
    bad = CliRunner().invoke(main, ["features", "--kind", "flowchart2"])
    assert bad.exit_code == 2 and "did you mean 'flowchart'" in bad.output.lower()


def test_the_newest_flowchart_shapes_need_11_17(tmp_path: Path) -> None:
    """datastore, folder, bucket, console, browser and person came after 11.14: they are drawn
    for the pinned Mermaid and refused, at the key, for an older target."""
    from specmaid.errors import SpecErrors
    from specmaid.mermaid.bridge import parse_diagrams
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project

    shapes = ["datastore", "data-store", "folder", "directory", "bucket", "console", "browser"]
    nodes = "".join(f"  n{i}: {{label: N{i}, shape: {s}}}\n" for i, s in enumerate(shapes))
    text = f"diagram: flowchart\nnodes:\n{nodes}  p: {{shape: person}}\n"
    out = render_source(SourceText("s.yaml", text), Project(root=tmp_path)).text
    (result,) = parse_diagrams([("s", out)])
    assert result.ok and result.graph is not None, result.error
    assert [v["type"] for v in result.graph["vertices"]] == [
        "datastore", "datastore", "folder", "folder", "bucket", "console", "browser", "person"
    ]  # fmt: skip
    with pytest.raises(SpecErrors) as failed:
        render_source(SourceText("s.yaml", text + "target: '11.4'\n"), Project(root=tmp_path))
    assert str(failed.value.errors[0]).startswith(
        "s.yaml:3:26: error: nodes.n0.shape: shapes datastore, folder, bucket, console, browser,"
        " person (flowchart) needs Mermaid 11.17 or newer; the target is 11.4"
    )


def test_the_table_is_derived_from_the_kinds() -> None:
    """Each kind declares its own rows (in its KIND); nothing per kind is kept in features.py."""
    from specmaid.kinds.registry import get_kind
    from specmaid.mermaid import features

    for kind in kind_names():
        rows = features.kind_features(kind)
        assert rows[0].name == "diagram kind" and rows[0].kind == kind
        assert rows[1:] == get_kind(kind).features
        assert all(row.kind == kind for row in rows)
    assert list(features.all_features()) == FEATURES
    assert {f.kind for f in features.SHARED_FEATURES} == {"*"}
    assert set(features.DETECTORS) == {
        "flowchart",
        "swimlane",
        "sequence",
        "class",
        "requirement",
        "block",
        "architecture",
        "xychart",
    }


def test_without_a_target_the_default_is_the_pinned_mermaid_11(tmp_path: Path) -> None:
    """No target anywhere: what only Mermaid 12 reads is refused (11's readers could not draw
    it), and everything 11 reads stays allowed — `defaultRenderer`, which 12 dropped, too."""
    root = _project(tmp_path)
    specs = root / "specs"
    (specs / "a.yaml").write_text(
        "diagram: flowchart\nconfig: {flowchart: {defaultRenderer: elk}}\n"
        "nodes:\n  A: {label: a, shape: braces}\n"
    )
    assert _run(root, "build")[0] == 0
    (specs / "b.yaml").write_text("diagram: usecase\nactors:\n  U: User\nuse_cases:\n  B: Browse\n")
    code, output = _run(root, "build")
    assert code == 2
    assert "specs/b.yaml:1:10: error: diagram: diagram kind (usecase) needs Mermaid 12.0" in output
    assert "no target is set, so the default applies: Mermaid 11.17.2" in output
    assert "set `target:` (e.g. '12')" in output
    assert not (root / "out" / "b.mmd").exists()
    (specs / "b.yaml").write_text(
        "diagram: usecase\ntarget: '12'\nactors:\n  U: User\nuse_cases:\n  B: Browse\n"
    )
    assert _run(root, "build")[0] == 0
    assert _run(root, "check", "--target", "11")[0] == 2  # the command line wins, as always
