"""The render cache and parallel builds: same outputs as a plain serial build, and a stale
output is always found, whatever the cache holds."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from specmaid import build as build_module
from specmaid.cli.group import main
from specmaid.project.apply import apply_build
from specmaid.project.config import Project
from specmaid.project.plan import plan_build
from specmaid.project.renderer import PARALLEL_MIN_SPECS

SPEC = "diagram: flowchart\ntheme: t\nnodes: {{A: Start {n}, B: {{label: End, class: hot}}}}\nedges: [{{from: A, to: B}}]\n"


def make(root: Path, count: int = 3) -> Project:
    (root / "themes").mkdir(parents=True, exist_ok=True)
    (root / "themes" / "t.yaml").write_text(
        "config: {theme: forest}\nclasses:\n  hot: {fill: '#f00'}\n"
    )
    (root / "specs").mkdir(exist_ok=True)
    for n in range(count):
        (root / "specs" / f"s{n:03}.yaml").write_text(SPEC.format(n=n))
    return Project(root=root)


def outputs(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "out").glob("*.mmd"))}


def build(project: Project, use_cache: bool = True) -> None:
    result = plan_build(project, use_cache=use_cache)
    assert result.errors == []
    apply_build(result)


def test_cached_build_equals_uncached(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    build(make(a))
    build(make(a))  # second run: everything from the cache
    build(make(b), use_cache=False)
    assert outputs(a) == outputs(b) and len(outputs(a)) == 3
    assert (a / ".specmaid-cache" / "renders.json").is_file()
    assert not (b / ".specmaid-cache").exists()


def test_cache_hit_skips_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make(tmp_path)
    build(project)
    calls = []
    real = build_module.render_file
    monkeypatch.setattr(
        build_module, "render_file", lambda *a, **k: calls.append(a) or real(*a, **k)
    )
    result = plan_build(project)
    assert calls == [] and not result.changes


@pytest.mark.parametrize(
    ("edit", "changed"),
    [
        (
            lambda root: (root / "specs" / "s001.yaml").write_text(SPEC.format(n="changed")),
            {"s001.mmd"},
        ),
        (
            lambda root: (root / "themes" / "t.yaml").write_text(
                "config: {theme: dark}\nclasses:\n  hot: {fill: '#f00'}\n"
            ),
            {"s000.mmd", "s001.mmd", "s002.mmd"},
        ),
    ],
)
def test_edits_invalidate_what_they_touch(tmp_path: Path, edit, changed: set[str]) -> None:  # type: ignore[no-untyped-def]
    project = make(tmp_path)
    build(project)
    before = outputs(tmp_path)
    edit(tmp_path)
    result = plan_build(project)
    assert {o.path.name for o in result.changes} == changed
    apply_build(result)
    after = outputs(tmp_path)
    assert {k for k in after if after[k] != before[k]} == changed


def test_template_edit_invalidates_everything(tmp_path: Path) -> None:
    project = make(tmp_path)
    (tmp_path / "templates").mkdir()
    build(project)
    (tmp_path / "templates" / "flowchart.mmd.j2").write_text("flowchart {{ d.direction }}\n")
    result = plan_build(project)
    assert len(result.changes) == 3


def test_cache_never_hides_a_stale_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["build"]).exit_code == 0
    assert runner.invoke(main, ["check"]).exit_code == 0  # warm cache
    target = tmp_path / "out" / "s001.mmd"
    target.write_text(target.read_text().replace("End", "Edited by hand"))
    result = runner.invoke(main, ["check", "--diff"])
    assert result.exit_code == 1 and "out/s001.mmd: stale" in result.stdout
    assert '-    B["Edited by hand"]\n+    B["End"]' in result.stdout
    target.unlink()
    assert "out/s001.mmd: missing" in runner.invoke(main, ["check"]).stdout


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    project = make(tmp_path)
    build(project)
    (tmp_path / ".specmaid-cache" / "renders.json").write_text("{not json")
    assert plan_build(project).changes == []


@pytest.mark.parametrize("fork", [True, False], ids=["forked", "process-pool"])
def test_parallel_build_equals_serial(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fork: bool
) -> None:
    from specmaid.project import parallel

    # Two workers even on a one-core machine, through fork or (as on macOS and Windows) a
    # pool of fresh interpreters.
    monkeypatch.setattr(parallel, "default_workers", lambda: 2)
    if not fork:
        monkeypatch.setattr(parallel, "can_fork", lambda: False)
    elif not parallel.can_fork():
        pytest.skip("fork is used on Linux only")
    count = PARALLEL_MIN_SPECS + 8
    parallel_root, serial = tmp_path / "p", tmp_path / "s"
    project = make(parallel_root, count)
    (parallel_root / "specs" / "s003.yaml").write_text(
        "diagram: flowchart\nnodes: {A: {shape: blob}}\n"
    )
    (parallel_root / "out").mkdir()
    (parallel_root / "out" / "s005.mmd").write_text("stale\n")
    planned = plan_build(project, use_cache=False)  # enough misses: rendered in parallel
    assert [e.file for e in planned.errors] == ["specs/s003.yaml"]
    states = {o.name: o.state for o in planned.outputs}
    assert states["out/s005.mmd"] == "stale" and states["out/s006.mmd"] == "missing"
    make(parallel_root, count)  # s003 fixed again
    build(project, use_cache=False)
    assert plan_build(project, use_cache=False).changes == []  # the workers saw them current
    project = make(serial, count)
    for spec in sorted((serial / "specs").glob("*.yaml")):
        apply_build(plan_build(project, [spec], use_cache=False))  # one at a time: serial
    assert outputs(parallel_root) == outputs(serial) and len(outputs(serial)) == count
