"""A clean `check`, answered from file stats alone.

Why: `specmaid check` runs on every commit and nearly always finds nothing stale. After a
check (or build) that found everything current, with no warning or error, the build records
here what that answer rested on: the stat (modification time and size) of every file it
read, and the modification time of every folder whose listing it used (a file added or
removed changes its folder's time). The next `specmaid check` stats those, and when every one
is unchanged, the answer is the same, so it is given without importing the pipeline,
reading YAML or the render cache. Anything changed, missing or unreadable sends the command
to the full check. This is the assumption ruff, mypy and make rely on: a file whose time and
size are unchanged has unchanged contents.

Only small standard modules (os, sys, json, contextlib) are imported here: that is the point.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import time

FORMAT = 1
CLEAN_FILE = "clean.json"
CACHE_DIR = ".specmaid-cache"  # (specmaid.project.cache.CACHE_DIR; not imported, to stay light)
CONFIG_NAMES = ("specmaid.yaml", "pyproject.toml")


#: Files changed this recently may change again within the file system's clock tick without
#: their time moving ("racy git"): a record resting on them is not written.
RACY_NS = 2_000_000_000


def _stat(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size]


def _project_root(start: str) -> str | None:
    """The nearest folder (walking up) holding a config file name: the project, if the
    record says so (a pyproject.toml without our table is the full check's business)."""
    folder = os.path.realpath(start)
    while True:
        if any(os.path.isfile(os.path.join(folder, n)) for n in CONFIG_NAMES):
            return folder
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def current_count(start: str | None = None) -> int | None:
    """How many files the last clean check found current, if nothing it rested on changed
    since; None when the full check has to answer."""
    root = _project_root(start or os.getcwd())
    if root is None:
        return None
    try:
        with open(os.path.join(root, CACHE_DIR, CLEAN_FILE), encoding="utf-8") as handle:
            record = json.load(handle)
        if record.get("format") != FORMAT or record.get("root") != root:
            return None
        if record.get("python") != sys.version:
            return None
        for path, stat in record["files"].items():
            if _stat(path) != stat:
                return None
        for path, mtime in record["folders"].items():
            try:
                if os.stat(path).st_mtime_ns != mtime:
                    return None
            except OSError:
                return None
        return int(record["count"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _walk_folders(top: str, skipped: frozenset[str] = frozenset()) -> list[str]:
    found = []
    for folder, dirs, _ in os.walk(top):
        found.append(folder)
        dirs[:] = [d for d in dirs if d not in skipped]
    return found


def clean_record_path(root: str) -> str:
    return os.path.join(root, CACHE_DIR, CLEAN_FILE)


def forget(root: str) -> None:
    """Drop the record (the project is not clean, or its state is unknown)."""
    with contextlib.suppress(OSError):
        os.unlink(clean_record_path(root))


def record_clean(
    root: str,
    count: int,
    files: set[str],
    folders: set[str],
    walked: list[tuple[str, frozenset[str]]],
    configs: set[str] = frozenset(),  # type: ignore[assignment]
) -> None:
    """Write the record of a clean check: ``files`` were read, ``folders`` listed, the trees
    in ``walked`` (top, folder names skipped) searched, and ``configs`` (files that may or
    may not exist) looked for."""
    all_folders = set(folders)
    for top, skipped in walked:
        if os.path.isdir(top):
            all_folders.update(_walk_folders(top, skipped))
        else:  # creating it (a first project template, say) changes its parent's time
            parent = os.path.dirname(top)
            while parent and not os.path.isdir(parent):
                parent = os.path.dirname(parent)
            if parent:
                all_folders.add(parent)
    stats: dict[str, list[int] | None] = {}
    for path in sorted(files):
        stat = _stat(path)
        if stat is None:
            return forget(root)  # it vanished meanwhile: nothing to rest on
        stats[path] = stat
    for path in sorted(configs):
        stats[path] = _stat(path)  # None: absent, and must stay so
    folder_times: dict[str, int] = {}
    for path in sorted(all_folders):
        try:
            folder_times[path] = os.stat(path).st_mtime_ns
        except OSError:
            return forget(root)
    now = time.time_ns()
    times = [st[0] for st in stats.values() if st is not None] + list(folder_times.values())
    if any(t >= now - RACY_NS for t in times):
        return forget(root)
    record = {
        "format": FORMAT,
        "root": root,
        "python": sys.version,
        "count": count,
        "files": stats,
        "folders": folder_times,
    }
    target = clean_record_path(root)
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        ignore = os.path.join(os.path.dirname(target), ".gitignore")
        if not os.path.exists(ignore):  # a cache folder, never committed (as in cache.py)
            with open(ignore, "w", encoding="utf-8") as handle:
                handle.write("# created by specmaid: this folder is a cache\n*\n")
        tmp = f"{target}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(record, handle)
        os.replace(tmp, target)
    except OSError:
        pass  # only costs speed
