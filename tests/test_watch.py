"""`specmaid watch`: one rebuild per change, located errors on a bad edit, no exit on them."""

from __future__ import annotations

import os
import shutil
import signal
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from background import start_specmaid, wait_for

from specmaid.apps.changes import changed_files, snapshot, watched_files, watched_folders
from specmaid.apps.reach import Reach
from specmaid.apps.rebuild import RebuildReport
from specmaid.apps.watch import Watcher
from specmaid.project.config import find_project

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


# ------------------------------------------------------- on the system's change notifications


class Running:
    """A watcher on change notifications in a background thread, collecting its lines."""

    def __init__(self, root: Path, settle: float = 0.2) -> None:
        project = find_project(root)
        assert project is not None
        self.lines: list[str] = []
        self.watcher = Watcher(
            project, echo=self.lines.append, clock=lambda: "12:00:00", settle=settle
        )
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.watcher.run_events, args=(self.stop,))
        self.thread.start()
        wait_for(lambda: self.watcher.rebuilds >= 1, "the first build")

    def next_line(self, seen: int, what: str) -> str:
        """The first line printed after the first ``seen`` ones."""
        wait_for(lambda: len(self.lines) > seen, what)
        return self.lines[seen]

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive()


@pytest.fixture
def running(project_dir: Path) -> Iterator[Running]:
    watcher = Running(project_dir)
    try:
        yield watcher
    finally:
        watcher.close()


def quiet(running: Running) -> None:
    """Give a wrongly triggered rebuild the time to show up (several settle periods)."""
    time.sleep(1.0)


def test_editor_saves_are_one_rebuild_each(running: Running, project_dir: Path) -> None:
    spec = project_dir / "specs" / "a.yaml"
    out = project_dir / "out" / "a.mmd"
    assert running.lines == ["[12:00:00] wrote out/a.mmd, docs/a.md"]

    # Write a temporary file, then rename it over the spec (vim, JetBrains, VS Code's
    # atomic save), with the backup file some editors leave.
    seen = len(running.lines)
    temporary = spec.with_name(".a.yaml.swp")
    temporary.write_text(SPEC.replace("End", "Renamed"))
    shutil.copy(spec, spec.with_name("a.yaml~"))
    os.replace(temporary, spec)
    spec.with_name("a.yaml~").unlink()
    line = running.next_line(seen, "the rebuild after a rename over the spec")
    assert line == "[12:00:00] wrote out/a.mmd, docs/a.md"
    assert "Renamed" in out.read_text()

    # Truncate, then write (editors that save in place; `>` in a shell).
    seen = len(running.lines)
    with spec.open("r+") as handle:
        handle.truncate(0)
        handle.flush()
        os.fsync(handle.fileno())
        handle.write(SPEC.replace("End", "Rewritten"))
    line = running.next_line(seen, "the rebuild after truncate-then-write")
    assert line == "[12:00:00] wrote out/a.mmd, docs/a.md"
    assert "Rewritten" in out.read_text()

    # Neither save gave a second rebuild, nor did the files the rebuilds wrote.
    quiet(running)
    assert len(running.lines) == seen + 1, running.lines
    assert not any("error" in line for line in running.lines)


def test_deleting_and_renaming_specs_and_folders_while_watching(
    running: Running, project_dir: Path
) -> None:
    specs = project_dir / "specs"
    out = project_dir / "out"
    seen = len(running.lines)
    (specs / "b.yaml").write_text(SPEC.replace("Start", "Bee"))
    assert running.next_line(seen, "the new spec") == "[12:00:00] wrote out/b.mmd"

    seen = len(running.lines)
    os.rename(specs / "b.yaml", specs / "c.yaml")
    line = running.next_line(seen, "the renamed spec")
    assert line == "[12:00:00] wrote out/c.mmd; removed out/b.mmd (spec gone)"
    assert not (out / "b.mmd").exists() and "Bee" in (out / "c.mmd").read_text()

    seen = len(running.lines)
    (specs / "c.yaml").unlink()
    assert running.next_line(seen, "the deletion") == "[12:00:00] removed out/c.mmd (spec gone)"

    # A new folder with a spec in it, then an edit inside it: the new folder is watched.
    seen = len(running.lines)
    (specs / "sub").mkdir()
    (specs / "sub" / "d.yaml").write_text(SPEC)
    assert running.next_line(seen, "the new folder") == "[12:00:00] wrote out/sub/d.mmd"
    seen = len(running.lines)
    (specs / "sub" / "d.yaml").write_text(SPEC.replace("End", "Deep"))
    assert running.next_line(seen, "the edit in it") == "[12:00:00] wrote out/sub/d.mmd"
    assert "Deep" in (out / "sub" / "d.mmd").read_text()

    # The folder renamed: its outputs move with it.
    seen = len(running.lines)
    os.rename(specs / "sub", specs / "moved")
    line = running.next_line(seen, "the renamed folder")
    assert line == "[12:00:00] wrote out/moved/d.mmd; removed out/sub/d.mmd (spec gone)"


def test_a_change_rebuilds_only_what_it_reaches(project_dir: Path) -> None:
    specs = project_dir / "specs"
    (specs / "_shared.yaml").write_text("nodes: {Z: Shared}\n")
    (specs / "uses.yaml").write_text("include: _shared.yaml\n" + SPEC)
    (project_dir / "themes" / "t.yaml").write_text("config:\n  theme: forest\n")
    (specs / "themed.yaml").write_text("theme: t\n" + SPEC)
    watcher, lines = make_watcher(project_dir)
    reports: list[RebuildReport] = []
    watcher.on_rebuild = reports.append
    watcher.build()
    assert not reports[-1].partial

    edit(specs / "_shared.yaml", "nodes: {Z: Fragment}\n")  # a fragment: its includers
    assert watcher.once() is not None
    assert reports[-1].partial and lines[-1] == "[12:00:00] wrote out/uses.mmd"
    assert "Fragment" in (project_dir / "out" / "uses.mmd").read_text()

    edit(project_dir / "themes" / "t.yaml", "config:\n  theme: dark\n")  # a theme: its specs
    assert watcher.once() is not None
    assert reports[-1].partial and lines[-1] == "[12:00:00] wrote out/themed.mmd"

    edit(specs / "a.yaml", SPEC.replace("End", "Fin"))  # a spec: itself and its Markdown
    assert watcher.once() is not None
    assert reports[-1].partial and lines[-1] == "[12:00:00] wrote out/a.mmd, docs/a.md"
    document = project_dir / "docs" / "a.md"  # a Markdown file: itself
    edit(document, document.read_text() + "More.\n")
    assert watcher.once() is not None
    assert reports[-1].partial and lines[-1] == "[12:00:00] up to date (4 files)"

    # After an edit that breaks a spec, the next change rebuilds everything again (as
    # `build` would: one broken spec stops every write).
    edit(specs / "uses.yaml", BROKEN)
    assert watcher.once() is not None and reports[-1].errors
    edit(specs / "themed.yaml", "theme: t\n" + SPEC.replace("End", "Still"))
    report = watcher.once()
    assert report is not None and report.errors and not report.partial
    assert "Still" not in (project_dir / "out" / "themed.mmd").read_text()


def test_what_a_change_reaches(project_dir: Path) -> None:
    (project_dir / "specs" / "_f.yaml").write_text("nodes: {Z: Shared}\n")
    (project_dir / "specs" / "b.yaml").write_text("include: _f.yaml\n" + SPEC)
    watcher, _lines = make_watcher(project_dir)
    reports: list[RebuildReport] = []
    watcher.on_rebuild = reports.append
    watcher.build()
    reach = Reach(watcher.project, reports[-1].reads)
    real = lambda name: os.path.realpath(project_dir / name)  # noqa: E731
    spec_a, spec_b = Path(real("specs/a.yaml")), Path(real("specs/b.yaml"))
    assert reach.plan({real("specs/a.yaml")}) == ([spec_a], [Path(real("docs/a.md"))])
    assert reach.plan({real("specs/_f.yaml")}) == ([spec_b], [])
    # Gone before the burst ended, and never read: an editor's temporary file.
    assert reach.plan({real("specs/.a.yaml.swp"), real("specs/a.yaml~")}) == ([], [])
    assert reach.plan({real("README.txt")}) == ([], [])  # at the root, not a watched file
    for everything in ("pyproject.toml", "templates/flowchart.mmd.j2"):
        assert reach.plan({real(everything)}) is None, everything
    (project_dir / "specs" / "new.yaml").write_text(SPEC)  # a new spec
    assert reach.plan({real("specs/new.yaml")}) is None
    (project_dir / "specs" / "_f.yaml").unlink()  # a fragment removed
    assert reach.plan({real("specs/_f.yaml")}) is None


def test_watched_folders_leave_out_tools_folders(project_dir: Path) -> None:
    (project_dir / "pyproject.toml").write_text('[tool.specmaid]\nmarkdown = ["**/*.md"]\n')
    (project_dir / "node_modules" / "pkg").mkdir(parents=True)
    (project_dir / "specs" / "deep" / "er").mkdir(parents=True)
    project = find_project(project_dir)
    assert project is not None
    root = os.path.realpath(project_dir)
    names = {os.path.relpath(f, root) for f in watched_folders(project)}
    assert names == {".", "specs", "specs/deep", "specs/deep/er", "themes", "docs"}


# ------------------------------------------------------------------- polling, the fallback


def run_in_thread(target: Callable[[], object]) -> threading.Thread:
    thread = threading.Thread(target=target)
    thread.start()
    return thread


@pytest.mark.parametrize("why", ["--poll", "no notification", "watches refused"])
def test_polling_when_asked_or_when_notification_is_unavailable(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    import specmaid.apps.watch as watch

    if why == "no notification":
        monkeypatch.setattr(watch, "notification_problem", lambda root: "on a nfs file system")
    if why == "watches refused":

        def refuse(folders: list[str], settle: float) -> None:
            raise watch.NotificationUnavailable("OS file watch limit reached")

        monkeypatch.setattr(watch, "ChangeEvents", refuse)
    project = find_project(project_dir)
    assert project is not None
    lines: list[str] = []
    stop = threading.Event()
    thread = run_in_thread(
        lambda: watch.watch_project(
            project, echo=lines.append, poll=why == "--poll", interval=0.05, stop=stop
        )
    )
    try:
        wait_for(lambda: any("wrote out/a.mmd" in line for line in lines), "the first build")
        reason = {
            "--poll": "(--poll)",
            "no notification": "(on a nfs file system)",
            "watches refused": "the system will not watch the folders: OS file watch limit",
        }[why]
        assert lines[0].startswith("specmaid: polling every 0.05 s") and reason in lines[0]
        edit(project_dir / "specs" / "a.yaml", SPEC.replace("End", "Polled"))
        wait_for(lambda: "Polled" in (project_dir / "out" / "a.mmd").read_text(), "the rebuild")
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_notification_problem_names_network_file_systems(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import specmaid.apps.changes as changes

    assert changes.notification_problem(tmp_path) is None  # a local disk
    monkeypatch.setattr(changes, "_file_system", lambda path: "nfs4")
    assert "nfs4 file system" in (changes.notification_problem(tmp_path) or "")


def test_markdown_blocks_are_reused_until_what_they_read_changes(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A document embedding several specs: after an edit to one, the others' blocks come
    from the watcher's memory (no render-cache lookup), and an edit to a theme or fragment
    one of them reads redraws that block. The document is what a fresh build writes."""
    from specmaid.project.cache import BuildCache
    from specmaid.project.plan import plan_build

    specs = project_dir / "specs"
    (specs / "_shared.yaml").write_text("nodes: {Z: Shared}\n")
    (specs / "uses.yaml").write_text("include: _shared.yaml\n" + SPEC)
    (project_dir / "themes" / "t.yaml").write_text("config:\n  theme: forest\n")
    (specs / "themed.yaml").write_text("theme: t\n" + SPEC)
    document = project_dir / "docs" / "a.md"
    document.write_text(
        "".join(
            f"<!-- specmaid: specs/{name}.yaml -->\n<!-- /specmaid -->\n"
            for name in ("a", "uses", "themed")
        )
    )
    watcher, lines = make_watcher(project_dir)
    watcher.build()
    looked_up: list[str] = []
    lookup = BuildCache.lookup

    def counted(self: BuildCache, name: str, spec: Path) -> object:
        looked_up.append(name)
        return lookup(self, name, spec)

    monkeypatch.setattr(BuildCache, "lookup", counted)

    def fresh() -> str:
        project = find_project(project_dir)
        assert project is not None
        statuses = plan_build(project, use_cache=False).outputs
        return next(s.new_text for s in statuses if s.path == document) or ""

    edit(specs / "a.yaml", SPEC.replace("End", "Fin"))
    assert watcher.once() is not None
    assert lines[-1] == "[12:00:00] wrote out/a.mmd, docs/a.md"
    assert set(looked_up) == {"specs/a.yaml"}  # the other two blocks from memory
    assert "Fin" in document.read_text() and document.read_text() == fresh()

    edit(project_dir / "themes" / "t.yaml", "config:\n  theme: dark\n")
    assert watcher.once() is not None
    assert lines[-1] == "[12:00:00] wrote out/themed.mmd, docs/a.md"
    assert "dark" in document.read_text() and document.read_text() == fresh()

    edit(specs / "_shared.yaml", "nodes: {Z: Fragment}\n")
    assert watcher.once() is not None
    assert lines[-1] == "[12:00:00] wrote out/uses.mmd, docs/a.md"
    assert "Fragment" in document.read_text() and document.read_text() == fresh()
