"""`specmaid watch`: rebuild whenever a spec, theme, template, Markdown file or the project
configuration changes.

The operating system says when a file changes (inotify, FSEvents, ReadDirectoryChangesW,
through `watchfiles`, see :class:`ChangeEvents`), so a save is seen within milliseconds and an
idle watch costs nothing. Polling modification times is the fallback (``--poll``, and
automatically where notification is unavailable: no `watchfiles`, a network file system, the
system's limit of watches reached). Editors save in bursts (a temporary file renamed over the
spec; truncate, then write): a burst is one change once the files have been quiet for
``settle`` seconds.

A rebuild after a change renders only what the changed files reach (:class:`Reach`: a spec
itself, the specs that read a theme or fragment, the Markdown files embedding them), through
the render cache; a new, removed or renamed file, a template or the configuration rebuilds
everything, as does any change after a build with errors.

:class:`Watcher` is the loop; :meth:`Watcher.once` is one poll and :meth:`Watcher.build` one
rebuild, so tests drive it step by step without sleeping.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from specmaid.errors import SpecError, SpecErrors, UsageError
from specmaid.project.config import Project, find_project
from specmaid.project.quick import CONFIG_NAMES
from specmaid.project.renderer import MarkdownMemo

if TYPE_CHECKING:
    from specmaid.project.cache import BuildCache

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
    from specmaid.project.files import markdown_files

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
    #: Each spec rendered and the files it read (see :class:`Reach`).
    reads: dict[Path, frozenset[str]] = field(default_factory=dict, repr=False)
    files: list[Path] = field(default_factory=list, repr=False)  # the files written
    cache: BuildCache | None = field(default=None, repr=False)  # the render cache used
    #: True when only what a change reaches was rebuilt (not the whole project).
    partial: bool = False

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


def rebuild(
    root: Path,
    only: tuple[list[Path], list[Path]] | None = None,
    project: Project | None = None,
    cache: BuildCache | None = None,
    memo: MarkdownMemo | None = None,
) -> tuple[RebuildReport, Project | None]:
    """One build of the project at ``root``, re-reading its configuration first; or, with
    ``only`` (specs, Markdown files) and the ``project`` as it is, just those, through the
    render ``cache`` of an earlier build when given (saving it is then the caller's job),
    and the Markdown blocks ``memo`` (filled by this build, see MarkdownMemo). Never raises
    for bad input: errors are in the report."""
    from specmaid.project.apply import apply_build
    from specmaid.project.plan import plan_build

    report = RebuildReport()
    try:
        if only is None or project is None:
            project = find_project(root)
        if project is None:
            raise UsageError(f"no specmaid project at {root} any more")
        if only is None:
            result = plan_build(project, memo=memo)
        else:
            result = plan_build(project, only=only[0], markdown=only[1], cache=cache, memo=memo)
        report.cache = result.cache
        report.warnings = list(result.warnings)
        report.outputs = len(result.outputs)
        report.reads = result.reads
        report.files = [s.path for s in result.written]
        if result.errors:
            report.errors = list(result.errors)
            return report, project
        apply_build(result)
        report.files = [s.path for s in result.written]
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


def _real(path: Path | str) -> str:
    return os.path.realpath(path)


def _under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


class Reach:
    """What a changed file reaches, from the last clean build: the specs that read it (a
    spec reads itself, its theme chain and its fragments) and the Markdown files embedding
    those specs or being the file. Paths are real paths (symbolic links resolved).

    :meth:`plan` answers None, "rebuild everything", for what it cannot place: the
    configuration, a template, a file or folder that appeared or disappeared (a new spec,
    a deleted fragment, a rename), a Markdown file the `markdown` globs now take in."""

    def __init__(self, project: Project, reads: dict[Path, frozenset[str]]) -> None:
        from specmaid.project.files import markdown_files
        from specmaid.project.files import split_glob as _split_glob

        self.project = project
        self.root = _real(project.root)
        self.templates = _real(project.templates_dir)
        self.inputs = [_real(project.specs_dir), _real(project.themes_dir)]
        self.globs = [_split_glob(p)[0] for p in project.markdown]
        self.readers: dict[str, set[Path]] = {}  # file → the specs reading it
        self.configs = {os.path.join(self.root, name) for name in CONFIG_NAMES}
        if project.config_file is not None:
            self.configs.add(_real(project.config_file))
        for spec, files in reads.items():
            for file in files:
                self.readers.setdefault(_real(file), set()).add(Path(_real(spec)))
        self.documents: dict[str, set[str]] = {}  # Markdown file → the specs it embeds
        for document in markdown_files(project):
            self.update_document(Path(_real(document)))

    def update(self, reads: dict[Path, frozenset[str]]) -> None:
        """Take in what these specs read now (after they were rendered again)."""
        specs = {Path(_real(spec)) for spec in reads}
        for readers in self.readers.values():
            readers -= specs
        for spec, files in reads.items():
            for file in files:
                self.readers.setdefault(_real(file), set()).add(Path(_real(spec)))

    def update_document(self, document: Path) -> None:
        from specmaid.project.markdown import find_blocks

        try:
            text = document.read_text("utf-8", errors="replace")
            blocks = find_blocks(text, str(document))
        except (OSError, SpecErrors):
            blocks = []
        # (normpath, not realpath: a realpath per marker costs more than the rebuild; a
        # marker through a symbolic link is matched by the spec's own path below)
        names = {os.path.normpath(os.path.join(self.root, b.spec)) for b in blocks}
        self.documents[str(document)] = names

    def _known(self, path: str) -> bool:
        return path in self.documents or bool(self.readers.get(path))

    def _is_markdown(self, path: str) -> bool:
        from specmaid.project.files import match_parts as _match_parts

        if not _under(path, self.root) or path == self.root:
            return False
        parts = tuple(Path(os.path.relpath(path, self.root)).parts)
        return any(_match_parts(glob, parts) for glob in self.globs)

    def plan(self, changed: set[str]) -> tuple[list[Path], list[Path]] | None:
        """The specs and Markdown files to rebuild after ``changed`` (real paths), or None
        for everything. Files gone that nothing read (an editor's temporary file) and files
        no build reads (outside the watched folders) are left out."""
        specs: set[Path] = set()
        documents: set[str] = set()
        for path in changed:
            if path in self.configs:
                return None
            if _under(path, self.templates):
                return None
            exists = os.path.lexists(path)
            if self._known(path):
                if not exists or os.path.isdir(path):
                    return None  # a spec, fragment, theme or document removed or renamed
                specs.update(self.readers.get(path, ()))
                if path in self.documents:
                    documents.add(path)
                continue
            if not exists:
                prefix = path.rstrip(os.sep) + os.sep
                if any(k.startswith(prefix) for k in (*self.readers, *self.documents)):
                    return None  # a folder holding specs removed or renamed
                continue  # a temporary file, created and removed within the burst
            if any(_under(path, folder) for folder in self.inputs) or self._is_markdown(path):
                return None  # a new spec, fragment, theme, folder or Markdown file
        spec_names = {str(s) for s in specs}
        relative = {os.path.join(self.root, self.project.relative(s)) for s in specs}
        for document, embedded in self.documents.items():
            if embedded & spec_names or embedded & relative:
                documents.add(document)
        return sorted(specs), sorted(map(Path, documents))


def watched_folders(project: Project) -> list[str]:
    """The folders whose listings hold every watched file (see :func:`watched_files`), as
    real paths: each folder under the specs, themes and templates folders, the folders the
    `markdown` globs search, and the project root (its configuration). Each is watched on
    its own, not recursively, so a `markdown` glob from the root never watches node_modules;
    a new folder makes the watch start again with it."""
    from specmaid.project.files import SKIPPED_FOLDERS
    from specmaid.project.files import glob_base as _glob_base

    found: set[str] = {_real(project.root)}
    if project.config_file is not None:
        found.add(_real(project.config_file.parent))

    def walk(top: Path, skipped: frozenset[str]) -> None:
        if not top.is_dir():
            return
        for folder, dirs, _files in os.walk(top):
            dirs[:] = [d for d in dirs if d not in skipped]
            found.add(_real(folder))

    for folder in (project.specs_dir, project.themes_dir, project.templates_dir):
        walk(folder, _SKIPPED)
        if not folder.is_dir():  # watched from the nearest folder that exists (its creation)
            parent = folder.parent
            while not parent.is_dir() and parent != parent.parent:
                parent = parent.parent
            found.add(_real(parent))
    for pattern in project.markdown:
        base, named = _glob_base(project.root, pattern)
        if "**" in pattern:
            walk(base, SKIPPED_FOLDERS - named)
        elif base.is_dir():
            # A pattern such as docs/*/x.md: the folders matching its folder part.
            from specmaid.project.files import glob_files

            found.add(_real(base))
            found.update(_real(p.parent) for p in glob_files(project.root, pattern))
    return sorted(found)


#: File systems whose changes are not announced to this machine (another machine, or a
#: virtual machine's host, writes them): notification would never fire, so watch polls.
NETWORK_FILE_SYSTEMS = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs", "ceph", "glusterfs"}
)


def _file_system(path: str) -> str | None:
    """The type of the file system holding ``path`` (Linux: /proc/self/mounts)."""
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
            table = [line.split()[1:3] for line in mounts if len(line.split()) > 2]
    except OSError:
        return None
    best, kind = "", None
    for point, fs in table:
        point = point.replace("\\040", " ")
        if _under(path, point) and len(point) >= len(best):
            best, kind = point, fs
    return kind


def notification_problem(root: Path) -> str | None:
    """Why change notification cannot be used for the project at ``root``, or None."""
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return "watchfiles is not installed"
    kind = _file_system(_real(root))
    if kind in NETWORK_FILE_SYSTEMS:
        return f"{root} is on a {kind} file system, which does not announce changes"
    return None


#: Seconds without a change after which the watch saves its render cache.
QUIET = 2.0


class NotificationUnavailable(Exception):
    """The system would not watch the folders (e.g. its limit of watches is reached)."""


class ChangeEvents:
    """The operating system's change notifications for a list of folders, through
    `watchfiles` (the Rust `notify` crate that uvicorn and others rely on).

    :meth:`wait` returns the paths changed in one burst: it returns once no new event came
    for ``settle`` seconds, so a write to a temporary file and its rename over the spec, or
    a truncation and the write after it, are one change."""

    def __init__(self, folders: list[str], settle: float) -> None:
        from watchfiles._rust_notify import RustNotify  # (watchfiles.watch's own engine)

        self.folders = folders
        self.settle_ms = max(1, round(settle * 1000))
        try:
            self._notify = RustNotify(folders, False, False, 0, False, True)
        except (OSError, RuntimeError) as exc:
            raise NotificationUnavailable(str(exc)) from None

    def wait(self, stop: threading.Event | None, timeout: float = 5.0) -> set[str] | None:
        """The paths changed in the next burst; None when ``stop`` is set or ``timeout``
        passes first. Ctrl-C raises KeyboardInterrupt as usual. (Without ``stop`` an idle
        wait costs less: the wait looks at it every ``settle`` seconds.)"""
        try:
            raw = self._notify.watch(1_600, self.settle_ms, round(timeout * 1000), stop)
        except (OSError, RuntimeError) as exc:
            raise NotificationUnavailable(str(exc)) from None
        if raw == "signal":
            raise KeyboardInterrupt
        if isinstance(raw, str):  # "stop" or "timeout"
            return None
        return {path for _change, path in raw}

    def close(self) -> None:
        self._notify.close()


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
            self._memo.forget(changed | {_real(spec) for spec in only[0]})
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
        self._own = {_real(p): _stamp(p) for p in report.files}
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
        return self.build({_real(p) for p in changed}) or None

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
        return path not in self._own or _stamp(Path(path)) != self._own[path]

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
