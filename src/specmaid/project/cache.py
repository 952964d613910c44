"""A content-hash cache of rendered specs, so unchanged specs are neither parsed nor rendered.

An entry is keyed by the hash of everything that decides a spec's output: specmaid's own code,
the spec's bytes, every file it read (themes along `extends`, fragments, models), all
templates, and the project settings that shape output. A hit gives the rendered text without
reading YAML. The cache never decides whether an output is current: callers always compare
the expected text with the file on disk, so a stale output is found whatever the cache says.

The cache lives in ``.specmaid-cache/`` at the project root (with a ``.gitignore`` of its own,
as ruff and pytest do) and is written atomically; a damaged or foreign cache is ignored.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from specmaid import __version__
from specmaid.project.output import write_atomic

CACHE_DIR = ".specmaid-cache"
CACHE_FILE = "renders.json"
FORMAT = 1


@cache
def package_files() -> list[str]:
    """specmaid's own source files (code, templates when packaged, data)."""
    package = Path(__file__).parents[1]
    return sorted(
        str(path)
        for path in package.rglob("*")
        if path.suffix in (".py", ".j2", ".yaml", ".mjs") and path.is_file()
    )


@cache
def code_fingerprint() -> str:
    """specmaid's version and its own source, so a code change invalidates every entry."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).parents[1]
    for name in package_files():
        path = Path(name)
        digest.update(path.relative_to(package).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def templates_fingerprint(folders: list[Path]) -> str:
    digest = hashlib.sha256()
    for folder in folders:
        if folder.is_dir():
            for path in sorted(folder.rglob("*.j2")):
                digest.update(path.as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


@dataclass
class Entry:
    key: str
    deps: list[str]  # files read besides the spec, as absolute paths
    texts: dict[str, str]  # variant ("" or ".dark", or "md:<style>") → rendered text
    warnings: list[dict[str, Any]] = field(default_factory=list)
    stats: list[list[int]] = field(default_factory=list)  # [mtime_ns, size] per file read


#: See racy_stats: files changed this recently are hashed next time, not trusted by stat.
RACY_NS = 2_000_000_000


def _stats(paths: list[str]) -> list[list[int]] | None:
    out = []
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            return None
        out.append([st.st_mtime_ns, st.st_size])
    return out


def racy_stats(paths: list[str]) -> list[list[int]]:
    """Stats to record, or none when a file changed in the last two seconds: within one
    tick of the file system's clock it can change again without its time moving (git calls
    this "racily clean"), and then only its hash can tell."""
    stats = _stats(paths) or []
    now = time.time_ns()
    return [] if any(mtime >= now - RACY_NS for mtime, _ in stats) else stats


class BuildCache:
    """Load once, look up and record entries, save once."""

    def __init__(self, root: Path, salt: str, enabled: bool = True) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.salt = salt  # templates and settings: the same for every spec of a build
        self.enabled = enabled
        self.entries: dict[str, Entry] = {}
        self.changed = False
        if enabled:
            self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if (
            not isinstance(data, dict)
            or data.get("format") != FORMAT
            or data.get("code") != code_fingerprint()
            or data.get("salt") != self._salt_hash()
        ):
            return  # other templates or settings: every key differs, so nothing would hit
        for name, raw in (data.get("entries") or {}).items():
            try:
                self.entries[name] = Entry(
                    raw["key"],
                    list(raw["deps"]),
                    dict(raw["texts"]),
                    list(raw.get("warnings") or []),
                    [list(pair) for pair in raw.get("stats") or []],
                )
            except (KeyError, TypeError):
                continue

    def _salt_hash(self) -> str:
        # The stat shortcut in lookup() skips the key, so the entries are only taken when
        # they were made with the same templates and settings.
        return hashlib.sha256(self.salt.encode()).hexdigest()

    def key(self, spec: Path, deps: list[str]) -> str | None:
        """The key of ``spec`` with these dependencies, or None when one cannot be read."""
        digest = hashlib.sha256(self.salt.encode())
        for path in [str(spec), *deps]:
            file_hash = _file_hash(Path(path))
            if file_hash is None:
                return None
            digest.update(path.encode())
            digest.update(file_hash.encode())
        return digest.hexdigest()

    def lookup(self, name: str, spec: Path) -> Entry | None:
        """The entry of ``spec`` if nothing it depends on changed.

        Files whose modification time and size are those recorded are taken as unchanged
        (as ruff and mypy do); otherwise their contents are hashed, so a touched but equal
        file is still a hit.
        """
        if not self.enabled:
            return None
        entry = self.entries.get(name)
        if entry is None:
            return None
        if entry.stats and _stats([str(spec), *entry.deps]) == entry.stats:
            return entry
        if self.key(spec, entry.deps) != entry.key:
            return None
        entry.stats = racy_stats([str(spec), *entry.deps])
        self.changed = True
        return entry

    def store(
        self,
        name: str,
        spec: Path,
        deps: list[str],
        texts: dict[str, str],
        warnings: list[dict[str, Any]],
    ) -> None:
        if not self.enabled:
            return
        key = self.key(spec, deps)
        if key is None:
            return
        old = self.entries.get(name)
        if old is not None and old.key == key:
            self.changed = self.changed or any(old.texts.get(k) != v for k, v in texts.items())
            old.texts.update(texts)
            return
        self.entries[name] = Entry(key, deps, dict(texts), warnings, racy_stats([str(spec), *deps]))
        self.changed = True

    def save(self) -> None:
        if not self.enabled or not self.changed:
            return
        data = {
            "format": FORMAT,
            "code": code_fingerprint(),
            "salt": self._salt_hash(),
            "entries": {
                name: {
                    "key": e.key,
                    "deps": e.deps,
                    "texts": e.texts,
                    "warnings": e.warnings,
                    "stats": e.stats,
                }
                for name, e in sorted(self.entries.items())
            },
        }
        try:
            gitignore = self.path.parent / ".gitignore"
            if not gitignore.exists():
                write_atomic(gitignore, b"# created by specmaid: this folder is a cache\n*\n")
            write_atomic(
                self.path, json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
            )
        except OSError:
            pass  # a cache that cannot be written only costs speed
