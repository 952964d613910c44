"""`specmaid watch`: one rebuild per change, located errors on a bad edit, no exit on them."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from background import start_specmaid, wait_for

from specmaid.project import find_project
from specmaid.watch import Watcher, changed_files, snapshot, watched_files

SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"
BROKEN = "diagram: flowchart\nnodes:\n  A: Start\n  B: {label: End, shape: diamnd}\n"


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    (tmp_path / "pyproject.toml").write_text('[tool.specmaid]\nmarkdown = ["docs/*.md"]\n')
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC)
    (tmp_path / "themes").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(
        "# A\n<!-- specmaid: specs/a.yaml -->\n<!-- /specmaid -->\n"
    )
    return tmp_path


def edit(path: Path, text: str) -> None:
    """Write ``text`` and move the modification time on by a second, so the change is seen
    even where the file system's clock is coarse."""
    old = path.stat().st_mtime_ns if path.exists() else time.time_ns()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    stamp = old + 1_000_000_000
    os.utime(path, ns=(stamp, stamp))


def make_watcher(root: Path) -> tuple[Watcher, list[str]]:
    lines: list[str] = []
    project = find_project(root)
    assert project is not None
    return Watcher(project, echo=lines.append, clock=lambda: "12:00:00"), lines


def test_first_build_then_nothing_until_a_change(project_dir: Path) -> None:
    watcher, lines = make_watcher(project_dir)
    report = watcher.build()
    assert report.written == ["out/a.mmd", "docs/a.md"]
    assert lines == ["[12:00:00] wrote out/a.mmd, docs/a.md"]
    # The build's own write to docs/a.md is not a change to react to.
    assert watcher.once() is None
    assert watcher.once() is None
    assert len(lines) == 1


def test_a_broken_edit_prints_located_errors_and_the_next_good_edit_rebuilds(
    project_dir: Path,
) -> None:
    watcher, lines = make_watcher(project_dir)
    watcher.build()
    spec = project_dir / "specs" / "a.yaml"
    out = project_dir / "out" / "a.mmd"
    before = out.read_bytes()

    edit(spec, BROKEN)
    report = watcher.once()
    assert report is not None and report.errors
    assert "specs/a.yaml:4:26: error: nodes.B.shape: unknown value 'diamnd'" in lines[-2]
    assert "Did you mean 'diamond'?" in lines[-2]
    assert lines[-1] == "[12:00:00] 1 error; nothing written, waiting for the next change"
    assert out.read_bytes() == before  # a failing build writes nothing
    assert watcher.once() is None  # no new change: no new line

    edit(spec, BROKEN.replace("diamnd", "diamond"))
    report = watcher.once()
    assert report is not None and not report.errors
    assert lines[-1] == "[12:00:00] wrote out/a.mmd, docs/a.md"
    assert 'B{"End"}' in out.read_text()


def test_every_input_kind_triggers_a_rebuild(project_dir: Path) -> None:
    watcher, lines = make_watcher(project_dir)
    watcher.build()
    spec = project_dir / "specs" / "a.yaml"

    # A new theme file, then the spec using it: both are changes.
    edit(project_dir / "themes" / "t.yaml", "config:\n  theme: forest\n")
    assert watcher.once() is not None
    assert lines[-1].endswith("up to date (2 files)")
    edit(spec, "theme: t\n" + SPEC)
    assert watcher.once() is not None
    assert "theme: forest" in (project_dir / "out" / "a.mmd").read_text()
    edit(project_dir / "themes" / "t.yaml", "config:\n  theme: dark\n")
    assert watcher.once() is not None
    assert "theme: dark" in (project_dir / "out" / "a.mmd").read_text()

    # A project template overriding the built-in one.
    builtin = (Path(__file__).parents[1] / "templates" / "flowchart.mmd.j2").read_text()
    edit(project_dir / "templates" / "flowchart.mmd.j2", "%% custom\n" + builtin)
    assert watcher.once() is not None
    assert "%% custom" in (project_dir / "out" / "a.mmd").read_text()

    # The configuration: a new out folder takes effect at once.
    edit(project_dir / "pyproject.toml", '[tool.specmaid]\nout = "diagrams"\n')
    report = watcher.once()
    assert report is not None
    assert "wrote diagrams/a.mmd" in lines[-1]
    assert (project_dir / "diagrams" / "a.mmd").is_file()

    # A bad configuration is an error with its location, and the watch goes on.
    edit(project_dir / "pyproject.toml", '[tool.specmaid]\nspecz = "x"\n')
    report = watcher.once()
    assert report is not None and report.errors
    assert "pyproject.toml: error: specz: unknown setting 'specz'" in "\n".join(lines)
    edit(project_dir / "pyproject.toml", "[tool.specmaid]\n")
    assert watcher.once() is not None
    assert not watcher.once()


def test_a_broken_template_is_reported_and_the_watch_goes_on(project_dir: Path) -> None:
    watcher, lines = make_watcher(project_dir)
    watcher.build()
    template = project_dir / "templates" / "flowchart.mmd.j2"
    edit(template, "flowchart LR\n{% for x in %}\n")
    report = watcher.once()
    assert report is not None and report.errors
    assert lines[-2].startswith("templates/flowchart.mmd.j2:2: error: template error:")
    assert lines[-1].endswith("1 error; nothing written, waiting for the next change")
    edit(template, "flowchart LR\n{{ missing.attribute }}\n")
    report = watcher.once()
    assert report is not None and report.errors
    assert "template error: UndefinedError: 'missing' is undefined" in lines[-2]
    template.unlink()
    report = watcher.once()
    assert report is not None and not report.errors


def test_a_new_markdown_glob_is_watched_from_the_next_build(project_dir: Path) -> None:
    pyproject = project_dir / "pyproject.toml"
    pyproject.write_text("[tool.specmaid]\n")
    watcher, lines = make_watcher(project_dir)
    watcher.build()
    assert lines == ["[12:00:00] wrote out/a.mmd"]
    edit(pyproject, '[tool.specmaid]\nmarkdown = ["docs/*.md"]\n')
    assert watcher.once() is not None
    assert lines[-1] == "[12:00:00] wrote docs/a.md"
    assert watcher.once() is None  # no second rebuild for the newly watched file
    document = project_dir / "docs" / "a.md"
    edit(document, document.read_text() + "More text.\n")
    assert watcher.once() is not None
    assert lines[-1] == "[12:00:00] up to date (2 files)"


def test_deleting_a_spec_removes_its_output(project_dir: Path) -> None:
    watcher, lines = make_watcher(project_dir)
    edit(project_dir / "specs" / "b.yaml", SPEC)
    watcher.build()
    assert (project_dir / "out" / "b.mmd").is_file()
    (project_dir / "specs" / "b.yaml").unlink()
    assert watcher.once() is not None
    assert lines[-1] == "[12:00:00] removed out/b.mmd (spec gone)"


def test_run_loop_with_injected_sleep_and_stop(project_dir: Path) -> None:
    """The loop itself: the injected sleep makes an edit on its first call and the stop
    condition ends the loop after three polls; no real waiting."""
    watcher, lines = make_watcher(project_dir)
    spec = project_dir / "specs" / "a.yaml"
    calls: list[float] = []

    def sleep(seconds: float) -> None:
        calls.append(seconds)
        if len(calls) == 1:
            edit(spec, SPEC.replace("End", "Finish"))

    watcher.run(0.25, sleep=sleep, stop=lambda: len(calls) >= 3)
    assert calls == [0.25, 0.25, 0.25]
    assert watcher.rebuilds == 2  # the first build, then the edit
    assert lines[0] == "[12:00:00] wrote out/a.mmd, docs/a.md"
    assert lines[1] == "[12:00:00] wrote out/a.mmd, docs/a.md"
    assert "Finish" in (project_dir / "out" / "a.mmd").read_text()


def test_watched_files_and_snapshots(project_dir: Path) -> None:
    project = find_project(project_dir)
    assert project is not None
    (project_dir / "specs" / "_shared.yaml").write_text("nodes: {}\n")
    names = {p.relative_to(project_dir).as_posix() for p in watched_files(project)}
    assert names == {"pyproject.toml", "specs/a.yaml", "specs/_shared.yaml", "docs/a.md"}
    first = snapshot(watched_files(project))
    edit(project_dir / "specs" / "a.yaml", SPEC + "# comment\n")
    (project_dir / "specs" / "_shared.yaml").unlink()
    second = snapshot(watched_files(project))
    assert changed_files(first, second) == [
        project_dir / "specs" / "_shared.yaml",
        project_dir / "specs" / "a.yaml",
    ]


def test_the_command_rebuilds_survives_a_bad_edit_and_exits_0_on_ctrl_c(
    project_dir: Path,
) -> None:
    process, lines, thread = start_specmaid("watch", "--interval", "0.1", cwd=project_dir)
    try:
        out = project_dir / "out" / "a.mmd"
        wait_for(lambda: any("wrote out/a.mmd" in line for line in lines), "the first build")
        edit(project_dir / "specs" / "a.yaml", BROKEN)
        wait_for(lambda: any("1 error; nothing" in line for line in lines), "the error report")
        assert any("specs/a.yaml:4:26: error:" in line for line in lines)
        assert process.poll() is None  # still watching
        edit(project_dir / "specs" / "a.yaml", SPEC.replace("End", "Done"))
        wait_for(lambda: "Done" in out.read_text(), "the rebuild after the fix")
        wait_for(lambda: sum("wrote out/a.mmd" in line for line in lines) == 2, "its line")
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    thread.join(timeout=5)
    assert "specmaid: stopped watching." in lines
