"""The files a project holds: its specs (the specs folder), its Markdown files (the `markdown`
globs), and where each spec's output goes (the out folder, mirroring the specs folder).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from specmaid.errors import SpecError
from specmaid.paths import is_inside
from specmaid.project.config import Project
from specmaid.project.output import read_bytes_or_none

SPEC_SUFFIXES = (".yaml", ".yml")


MARKDOWN_SUFFIXES = (".md", ".markdown")


def spec_files(project: Project) -> list[Path]:
    """Every spec under the specs folder, sorted; files and folders starting with `_` or `.`
    are fragments (for includes), not diagrams."""
    root = project.specs_dir
    if not root.is_dir():
        return []
    found: list[tuple[str, str]] = []  # (relative posix name for sorting, full path)
    # os.scandir on strings: a check lists every spec each run, and pathlib (or a stat per
    # file) costs 10x here; an entry knows whether it is a file from the folder listing.
    folders = [(str(root), "")]
    while folders:
        folder, prefix = folders.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            if name.startswith(("_", ".")):
                continue
            try:
                if entry.is_dir(follow_symlinks=False):  # (like rglob: links not entered)
                    folders.append((entry.path, prefix + name + "/"))
                elif name.endswith(SPEC_SUFFIXES) and entry.is_file():
                    found.append((prefix + name, entry.path))
            except OSError:
                continue
    found.sort()
    return [Path(full) for _, full in found]


#: Folders never searched by `markdown` globs unless a pattern names them literally
#: (tools' own folders, virtualenvs, dependencies), as black and ruff skip them.
SKIPPED_FOLDERS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "node_modules",
        "__pycache__",
        "site-packages",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".specmaid-cache",
        "build",
        "dist",
    }
)


GLOB_CHARS = frozenset("*?[")


def match_parts(pattern: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    """``parts`` (a relative path) matches ``pattern``; ``**`` spans any number of folders."""
    from fnmatch import fnmatchcase

    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        return any(match_parts(rest, parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], head) and match_parts(rest, parts[1:])


def split_glob(pattern: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A relative glob's parts, and its leading parts without wildcards."""
    parts = tuple(p for p in pattern.replace("\\", "/").split("/") if p not in ("", "."))
    literal: list[str] = []
    for part in parts:
        if GLOB_CHARS & set(part):
            break
        literal.append(part)
    return parts, tuple(literal)


def glob_base(root: Path, pattern: str) -> tuple[Path, frozenset[str]]:
    """The folder a glob searches from (its literal start) and the folder names it names."""
    parts, literal = split_glob(pattern)
    if len(literal) == len(parts):  # one file: its folder's listing is what matters
        return root.joinpath(*parts[:-1]), frozenset()
    return root.joinpath(*literal), frozenset(p for p in parts if not GLOB_CHARS & set(p))


def glob_files(root: Path, pattern: str) -> list[Path]:
    """Files under ``root`` matching the relative glob ``pattern`` (``*``, ``?``, ``[…]``,
    ``**``), without descending into :data:`SKIPPED_FOLDERS` the pattern does not name."""
    parts, literal = split_glob(pattern)
    if len(literal) == len(parts):  # no wildcard: one file
        path = root.joinpath(*parts)
        return [path] if parts and path.is_file() else []
    named = {p for p in parts if not GLOB_CHARS & set(p)}
    base = root.joinpath(*literal)
    rest = parts[len(literal) :]
    found = []
    for folder, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS or d in named)
        rel = Path(folder).relative_to(base).parts
        for name in files:
            if match_parts(rest, (*rel, name)):
                found.append(Path(folder, name))
    return found


def markdown_files(project: Project) -> list[Path]:
    """The Markdown files the project keeps in sync (config `markdown`: files or globs
    relative to the root; files outside the root are never included)."""
    found: set[Path] = set()
    for pattern in project.markdown:
        for path in glob_files(project.root, pattern):
            if is_inside(project.root, path):
                found.add(path)
    return sorted(found, key=lambda p: project.relative(p))


def pattern_matches(pattern: str, relative: str) -> bool:
    """The `markdown` glob ``pattern`` selects the file at ``relative`` (to the root), as
    :func:`glob_files` would find it (skipped folders only when the pattern names them)."""
    parts, _ = split_glob(pattern)
    path = tuple(p for p in relative.replace("\\", "/").split("/") if p not in ("", "."))
    named = {p for p in parts if not GLOB_CHARS & set(p)}
    if any(folder in SKIPPED_FOLDERS and folder not in named for folder in path[:-1]):
        return False
    return match_parts(parts, path)


def missing_markdown(project: Project) -> list[str]:
    """Entries of `markdown` that name one file (no wildcard) that does not exist."""
    return [
        p for p in project.markdown if not GLOB_CHARS & set(p) and not (project.root / p).is_file()
    ]


#: A specmaid marker anywhere in a file (embed.OPEN_RE, without reading it line by line).
_MARKER_BYTES = re.compile(rb"^ {0,3}<!--\s*specmaid:", re.MULTILINE)


def _in_git_repository(root: Path) -> bool:
    return any((folder / ".git").exists() for folder in (root, *root.parents))


def uncovered_markdown(project: Project, covered: list[Path]) -> list[SpecError]:
    """Warnings for Markdown files with specmaid markers that no `markdown` pattern covers:
    `check` would pass while their blocks go stale.

    Only files git knows of (tracked, or new and not ignored) are looked at: one `git
    ls-files` instead of a walk of the whole tree, and nothing in .venv or node_modules.
    Outside a git repository there is no such warning."""
    import subprocess

    if not _in_git_repository(project.root):
        return []
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"]
            + [f"*{suffix}" for suffix in MARKDOWN_SUFFIXES],
            cwd=project.root,
            capture_output=True,
            check=False,
        )
    except OSError:  # no git
        return []
    if listed.returncode != 0:
        return []
    known = {os.path.normcase(str(p)) for p in covered}
    config = project.relative(project.config_file) if project.config_file else "the config"
    warnings = []
    for name in sorted(set(listed.stdout.decode("utf-8", "surrogateescape").split("\0"))):
        if not name:
            continue
        path = project.root / name
        if os.path.normcase(str(path)) in known:
            continue
        data = read_bytes_or_none(path)
        if data is None or not _MARKER_BYTES.search(data):
            continue
        warnings.append(
            SpecError(
                "has specmaid markers but no `markdown` pattern covers it, so build and check"
                f" ignore it; add {json.dumps(name)} to `markdown` in {config}",
                file=name,
                severity="warning",
            )
        )
    return warnings


def output_path(project: Project, spec: Path, variant: str = "") -> Path:
    return Path(output_file(project, spec, variant))


def output_file(project: Project, spec: Path, variant: str = "") -> str:
    """:func:`output_path` as text (string work: a check asks for it for every spec)."""
    text, top = str(spec), str(project.specs_dir)
    if text.startswith(top) and text[len(top) : len(top) + 1] == os.sep:
        stem, _ = os.path.splitext(text[len(top) + 1 :])
        return os.path.join(str(project.out_dir), f"{stem}{variant}.mmd")
    try:
        rel = spec.relative_to(project.specs_dir)
    except ValueError:
        rel = spec.resolve().relative_to(project.specs_dir.resolve())
    return str(project.out_dir / rel.with_suffix(f"{variant}.mmd"))
