"""`specmaid watch`: rebuild whenever a spec, theme, template, Markdown file or the project
configuration changes.

The operating system says when a file changes (inotify, FSEvents, ReadDirectoryChangesW,
through `watchfiles`, see :mod:`.changes`), so a save is seen within milliseconds and an
idle watch costs nothing. Polling modification times is the fallback (``--poll``, and
automatically where notification is unavailable: no `watchfiles`, a network file system, the
system's limit of watches reached). Editors save in bursts (a temporary file renamed over the
spec; truncate, then write): a burst is one change once the files have been quiet for
``settle`` seconds.

A rebuild after a change renders only what the changed files reach (:mod:`.reach`: a spec
itself, the specs that read a theme or fragment, the Markdown files embedding them), through
the render cache; a new, removed or renamed file, a template or the configuration rebuilds
everything, as does any change after a build with errors.

:class:`Watcher` is the loop; :meth:`Watcher.once` is one poll and :meth:`Watcher.build` one
rebuild (:mod:`.rebuild`), so tests drive it step by step without sleeping.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from specmaid.apps.changes import (
    QUIET,
    ChangeEvents,
    NotificationUnavailable,
    Snapshot,
    Stamp,
    changed_files,
    file_stamp,
    notification_problem,
    real_path,
    snapshot,
    watched_files,
    watched_folders,
)
from specmaid.apps.reach import Reach
from specmaid.apps.rebuild import RebuildReport, rebuild
from specmaid.errors import SpecErrors
from specmaid.project.config import Project, find_project
from specmaid.project.renderer import MarkdownMemo

if TYPE_CHECKING:
    from specmaid.project.cache import BuildCache


@dataclass
class Watcher:
    """Rebuilds the project when its files change: :meth:`run_events` on the system's change
    notifications, :meth:`run` by polling.

    ``echo`` receives every line to print (errors included, already formatted); ``clock``
    gives the time stamp of a line. After a change to the configuration the project is
    looked up again, so an edit to it (a new specs folder, say) takes effect at once."""

    project: Project
    echo: Callable[[str], None]
    clock: Callable[[], str] = field(default=lambda: time.strftime("%H:%M:%S"))
    #: Where error and warning lines go (default: ``echo``); the CLI sends them to stderr.
    echo_problem: Callable[[str], None] | None = None
    #: Seconds without a new event that end a burst of changes (event mode).
    settle: float = 0.015
    #: Called with each report after it is printed (benchmarks and the preview listen).
    on_rebuild: Callable[[RebuildReport], None] | None = None
    _stamps: Snapshot = field(default_factory=dict, init=False)
    _reach: Reach | None = field(default=None, init=False)
    _outputs: int = field(default=0, init=False)  # the project's outputs, last full build
    _own: dict[str, Stamp | None] = field(default_factory=dict, init=False)
    #: The render cache of the last full build, kept in memory for the rebuilds after it
    #: and saved when the files have been quiet a moment (:meth:`save_cache`).
    _cache: BuildCache | None = field(default=None, init=False)
    #: The Markdown blocks rendered since the last full build (see MarkdownMemo).
    _memo: MarkdownMemo = field(default_factory=MarkdownMemo, init=False)
    rebuilds: int = field(default=0, init=False)

    def _files(self) -> list[Path]:
        return watched_files(self.project)

    def _report(self, report: RebuildReport) -> None:
        for problem in (*report.errors, *report.warnings):
            (self.echo_problem or self.echo)(str(problem))
        self.echo(f"[{self.clock()}] {report.summary()}")
        if self.on_rebuild is not None:
            self.on_rebuild(report)

    def _plan(self, changed: set[str] | None) -> tuple[list[Path], list[Path]] | None:
        """What to rebuild after ``changed`` (real paths; None: anything): the specs and
        Markdown files it reaches, or None for everything."""
        if self._reach is None or not changed:
            return None
        return self._reach.plan(changed)

    def _rebuild(
        self, only: tuple[list[Path], list[Path]] | None, changed: set[str] | None = None
    ) -> RebuildReport:
        """Rebuild everything, or ``only`` these specs and Markdown files, and keep what the
        next change needs: the project, its reach, the stamps of the files written."""
        cache = self._cache if only is not None else None
        if only is None or changed is None:
            self._memo = MarkdownMemo()
        else:
            self._memo.forget(changed | {real_path(spec) for spec in only[0]})
        report, project = rebuild(self.project.root, only, self.project, cache, self._memo)
        if project is not None:
            self.project = project
        if only is None:  # a full build: the reach starts again from what it read
            self._outputs = report.outputs
            clean = not report.errors and project is not None
            self._reach = Reach(self.project, report.reads) if clean else None
            self._cache = report.cache  # (saved by the build)
        else:
            report.partial = True
            report.outputs = self._outputs
            if report.errors:
                self._reach = None  # the next change rebuilds everything, as `build` would
            elif self._reach is not None:
                self._reach.update(report.reads)
                for document in only[1]:  # (its markers change only when it was edited)
                    if changed is None or str(document) in changed:
                        self._reach.update_document(document)
        self._own = {real_path(p): file_stamp(p) for p in report.files}
        self.rebuilds += 1
        return report

    def build(self, changed: set[str] | None = None) -> RebuildReport | None:
        """Rebuild (everything, or what ``changed`` reaches) and print the result; remember
        the files' state as of before the build (plus what the build itself wrote), so an
        edit made during it is not lost. None when the change reaches no output."""
        only = self._plan(changed)
        if only is not None and not only[0] and not only[1]:
            return None
        before = snapshot(self._files())
        report = self._rebuild(only, changed)
        files = self._files()
        after = snapshot(files)
        ours = {self.project.root / name for name in report.written}
        self._stamps = {p: (after[p] if p in ours and p in after else s) for p, s in before.items()}
        for path in files:  # files the build read that were not watched before it (a
            if path not in before and path in after:  # new `markdown` glob, say)
                self._stamps[path] = after[path]
        self._report(report)
        return report

    def once(self) -> RebuildReport | None:
        """One poll: rebuild (and print one line) when any watched file changed since the
        last build, else do nothing and return None."""
        now = snapshot(self._files())
        changed = changed_files(self._stamps, now)
        if not changed:
            if self._cache is not None and self._cache.changed:
                self.save_cache()
            return None
        return self.build({real_path(p) for p in changed}) or None

    def run(
        self,
        interval: float = 0.5,
        *,
        sleep: Callable[[float], None] = time.sleep,
        stop: Callable[[], bool] = lambda: False,
    ) -> None:
        """Build once, then poll every ``interval`` seconds until ``stop()`` is true (or
        Ctrl-C, which the caller handles)."""
        self.build()
        while not stop():
            sleep(interval)
            self.once()

    def save_cache(self) -> None:
        """Write the render cache the rebuilds updated (a later `check` finds them)."""
        if self._cache is not None:
            self._cache.save()
            self._cache.changed = False

    def _theirs(self, path: str) -> bool:
        """Not a file the last rebuild wrote itself (still as it wrote it)."""
        return path not in self._own or file_stamp(Path(path)) != self._own[path]

    def run_events(self, stop: threading.Event | None = None) -> None:
        """Build once, then rebuild on the system's change notifications until ``stop`` is
        set (or Ctrl-C, which the caller handles). Raises NotificationUnavailable, before
        the first build, when the system will not watch the folders."""
        events = ChangeEvents(watched_folders(self.project), self.settle)
        try:
            self._report(self._rebuild(None))
            while stop is None or not stop.is_set():
                changed = events.wait(stop, QUIET)
                if changed is None:
                    self.save_cache()  # quiet for a while (or stopping)
                    continue
                changed = {p for p in changed if self._theirs(p)}
                only = self._plan(changed) if changed else ([], [])
                if only is not None and not only[0] and not only[1]:
                    continue  # the files the last rebuild wrote, or files no build reads
                if only is None:
                    # Maybe a new folder or another configuration: watch what the build
                    # will read before it reads it, so no edit falls in between.
                    folders = self._folders_now()
                    if folders != events.folders:
                        events.close()
                        events = ChangeEvents(folders, self.settle)
                self._report(self._rebuild(only, changed))
        finally:
            events.close()
            self.save_cache()

    def _folders_now(self) -> list[str]:
        try:
            project = find_project(self.project.root)
        except SpecErrors:  # a broken configuration: the build reports it
            project = None
        return watched_folders(project or self.project)


def watch_project(
    project: Project,
    *,
    echo: Callable[[str], None],
    echo_problem: Callable[[str], None] | None = None,
    poll: bool = False,
    interval: float = 0.5,
    stop: threading.Event | None = None,
) -> Watcher:
    """`specmaid watch`: on the system's change notifications, or by polling every
    ``interval`` seconds when asked to (``poll``) or when notification is unavailable
    (one line on ``echo_problem`` says why). Returns when ``stop`` is set."""
    watcher = Watcher(project, echo=echo, echo_problem=echo_problem)
    reason = "--poll" if poll else notification_problem(project.root)
    if reason is None:
        try:
            watcher.run_events(stop)
            return watcher
        except NotificationUnavailable as exc:
            reason = f"the system will not watch the folders: {exc}"
    (echo_problem or echo)(f"specmaid: polling every {interval:g} s ({reason})")
    stop = stop or threading.Event()
    watcher.run(interval, sleep=stop.wait, stop=stop.is_set)
    return watcher
