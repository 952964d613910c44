"""`specmaid watch`: rebuild whenever a spec, theme, template, Markdown file or the project
configuration changes.

Polling file modification times (twice a second by default) needs no dependency and no OS
notification API, and a project holds tens to hundreds of small files, so one scan costs
well under a millisecond per file. :class:`Watcher` is the loop; :meth:`Watcher.once` is one
iteration, so tests drive it step by step without sleeping.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from specmaid.errors import SpecError, SpecErrors, UsageError
from specmaid.project import Project, find_project

#: A file's state as far as polling can tell: (modification time in ns, size).
Stamp = tuple[int, int]
Snapshot = dict[Path, Stamp]

#: Folders never scanned below the watched folders (editors' and tools' own files).
_SKIPPED = frozenset({".git", "__pycache__", ".specmaid-cache", "node_modules", ".venv"})


def _stamp(path: Path) -> Stamp | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size


def _tree(folder: Path) -> Iterable[Path]:
    if not folder.is_dir():
        return
    for path in folder.rglob("*"):
        if any(part in _SKIPPED for part in path.relative_to(folder).parts):
            continue
        if path.is_file():
            yield path


def watched_files(project: Project) -> list[Path]:
    """Every file whose change can change an output: specs and fragments, project themes and
    templates, the Markdown files the project keeps in sync, and the configuration file."""
    from specmaid.build import markdown_files

    found: set[Path] = set()
    for folder in (project.specs_dir, project.themes_dir, project.templates_dir):
        found.update(_tree(folder))
    found.update(markdown_files(project))
    if project.config_file is not None:
        found.add(project.config_file)
    return sorted(found)


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """The stamps of ``paths`` that exist now."""
    stamps: Snapshot = {}
    for path in paths:
        stamp = _stamp(path)
        if stamp is not None:
            stamps[path] = stamp
    return stamps


def changed_files(old: Snapshot, new: Snapshot) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


def unexpected_error(exc: Exception, root: Path) -> SpecError:
    """An error that is not a spec's: a Jinja2 error in a project template (with its line when
    Jinja2 knows it), or an internal error. Watching and serving report it and go on."""
    from jinja2 import TemplateError, TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or exc.name
        if where is not None:
            with contextlib.suppress(ValueError):
                where = Path(where).resolve().relative_to(root.resolve()).as_posix()
        return SpecError(f"template error: {exc.message}", file=where, line=exc.lineno)
    if isinstance(exc, TemplateError):
        return SpecError(f"template error: {type(exc).__name__}: {exc}")
    return SpecError(f"internal error: {type(exc).__name__}: {exc} (a bug in specmaid)")


@dataclass
class RebuildReport:
    """What one rebuild did: the files written and removed, or the errors that stopped it."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[SpecError] = field(default_factory=list)
    warnings: list[SpecError] = field(default_factory=list)
    outputs: int = 0

    def summary(self) -> str:
        """The one line printed per rebuild."""
        if self.errors:
            n = sum(1 for e in self.errors if e.severity == "error")
            return f"{n} error{'s' if n != 1 else ''}; nothing written, waiting for the next change"
        parts = []
        if self.written:
            parts.append("wrote " + ", ".join(self.written))
        if self.removed:
            parts.append("removed " + ", ".join(self.removed) + " (spec gone)")
        if not parts:
            return f"up to date ({self.outputs} file{'s' if self.outputs != 1 else ''})"
        return "; ".join(parts)


def rebuild(root: Path) -> tuple[RebuildReport, Project | None]:
    """One build of the project at ``root``, re-reading its configuration first. Never
    raises for bad input: errors are in the report."""
    from specmaid.build import apply_build, plan_build

    report = RebuildReport()
    try:
        project = find_project(root)
        if project is None:
            raise UsageError(f"no specmaid project at {root} any more")
        result = plan_build(project)
        report.warnings = list(result.warnings)
        report.outputs = len(result.outputs)
        if result.errors:
            report.errors = list(result.errors)
            return report, project
        apply_build(result)
    except SpecErrors as exc:
        report.errors = list(exc.errors)
        return report, None
    except UsageError as exc:
        report.errors = [SpecError(str(exc), file=str(root))]
        return report, None
    except OSError as exc:  # e.g. a file removed while it was being read
        report.errors = [SpecError(f"cannot read: {exc.strerror or exc}", file=exc.filename)]
        return report, None
    except Exception as exc:  # a broken project template, say: report it, keep watching
        report.errors = [unexpected_error(exc, root)]
        return report, None
    report.written = [s.name for s in result.written]
    report.removed = [s.name for s in result.removed]
    return report, project


@dataclass
class Watcher:
    """Polls the project's files and rebuilds when one changes.

    ``echo`` receives every line to print (errors included, already formatted); ``clock``
    gives the time stamp of a line. The project is looked up again on every rebuild, so an
    edit to its configuration (a new specs folder, say) takes effect at once."""

    project: Project
    echo: Callable[[str], None]
    clock: Callable[[], str] = field(default=lambda: time.strftime("%H:%M:%S"))
    #: Where error and warning lines go (default: ``echo``); the CLI sends them to stderr.
    echo_problem: Callable[[str], None] | None = None
    _stamps: Snapshot = field(default_factory=dict, init=False)
    rebuilds: int = field(default=0, init=False)

    def _files(self) -> list[Path]:
        return watched_files(self.project)

    def _report(self, report: RebuildReport) -> None:
        for problem in (*report.errors, *report.warnings):
            (self.echo_problem or self.echo)(str(problem))
        self.echo(f"[{self.clock()}] {report.summary()}")

    def build(self) -> RebuildReport:
        """Rebuild now and print the result; remember the files' state as of before the
        build (plus what the build itself wrote), so an edit made during it is not lost."""
        before = snapshot(self._files())
        report, project = rebuild(self.project.root)
        if project is not None:
            self.project = project
        self.rebuilds += 1
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
        if not changed_files(self._stamps, now):
            return None
        return self.build()

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
