"""What changed in a project: the watched files and folders, polling snapshots, and the
operating system's change notifications (through `watchfiles`) where they can be had.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

from specmaid.project.config import Project

#: A file's state as far as polling can tell: (modification time in ns, size).
Stamp = tuple[int, int]
Snapshot = dict[Path, Stamp]

#: Folders never scanned below the watched folders (editors' and tools' own files).
_SKIPPED = frozenset({".git", "__pycache__", ".specmaid-cache", "node_modules", ".venv"})


def file_stamp(path: Path) -> Stamp | None:
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
        stamp = file_stamp(path)
        if stamp is not None:
            stamps[path] = stamp
    return stamps


def changed_files(old: Snapshot, new: Snapshot) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return sorted(p for p in old.keys() | new.keys() if old.get(p) != new.get(p))


def real_path(path: Path | str) -> str:
    return os.path.realpath(path)


def is_under(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def watched_folders(project: Project) -> list[str]:
    """The folders whose listings hold every watched file (see :func:`watched_files`), as
    real paths: each folder under the specs, themes and templates folders, the folders the
    `markdown` globs search, and the project root (its configuration). Each is watched on
    its own, not recursively, so a `markdown` glob from the root never watches node_modules;
    a new folder makes the watch start again with it."""
    from specmaid.project.files import SKIPPED_FOLDERS
    from specmaid.project.files import glob_base as _glob_base

    found: set[str] = {real_path(project.root)}
    if project.config_file is not None:
        found.add(real_path(project.config_file.parent))

    def walk(top: Path, skipped: frozenset[str]) -> None:
        if not top.is_dir():
            return
        for folder, dirs, _files in os.walk(top):
            dirs[:] = [d for d in dirs if d not in skipped]
            found.add(real_path(folder))

    for folder in (project.specs_dir, project.themes_dir, project.templates_dir):
        walk(folder, _SKIPPED)
        if not folder.is_dir():  # watched from the nearest folder that exists (its creation)
            parent = folder.parent
            while not parent.is_dir() and parent != parent.parent:
                parent = parent.parent
            found.add(real_path(parent))
    for pattern in project.markdown:
        base, named = _glob_base(project.root, pattern)
        if "**" in pattern:
            walk(base, SKIPPED_FOLDERS - named)
        elif base.is_dir():
            # A pattern such as docs/*/x.md: the folders matching its folder part.
            from specmaid.project.files import glob_files

            found.add(real_path(base))
            found.update(real_path(p.parent) for p in glob_files(project.root, pattern))
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
        if is_under(path, point) and len(point) >= len(best):
            best, kind = point, fs
    return kind


def notification_problem(root: Path) -> str | None:
    """Why change notification cannot be used for the project at ``root``, or None."""
    try:
        import watchfiles  # noqa: F401
    except ImportError:
        return "watchfiles is not installed"
    kind = _file_system(real_path(root))
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
