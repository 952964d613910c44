"""Where specmaid's own files are, and whether a path is inside a root (a light module:
imported by fast paths too)."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def builtin_templates_dir() -> Path:
    """Templates ship inside the wheel (``specmaid/templates``); in a source checkout they
    live in the top-level ``templates/`` folder."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


#: The JSON Schemas editors use, as `specmaid init` writes them into a project's schema/.
SCHEMA_NAMES = ("spec.schema.json", "theme.schema.json", "fragment.schema.json")


def builtin_schema_dir() -> Path:
    """The published JSON Schemas: inside the wheel (``specmaid/schema``), or the committed
    top-level ``schema/`` of a source checkout (checked against the code by the tests)."""
    packaged = Path(__file__).parent / "schema"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "schema"


def user_cache_dir() -> str | None:
    """specmaid's per-user cache folder: ``$SPECMAID_CACHE_DIR`` (empty: none), else
    ``$XDG_CACHE_HOME/specmaid`` or ``~/.cache/specmaid`` (``%LOCALAPPDATA%\\specmaid`` on
    Windows). Compiled templates and the npm packages of ``specmaid setup`` live there."""
    folder = os.environ.get("SPECMAID_CACHE_DIR")
    if folder is None:
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA") or os.path.expanduser("~")
        else:
            home_cache = os.path.join(os.path.expanduser("~"), ".cache")
            base = os.environ.get("XDG_CACHE_HOME") or home_cache
        folder = os.path.join(base, "specmaid")
    return folder or None


def is_inside(root: Path, path: Path) -> bool:
    """``path`` is ``root`` or lies below it, symbolic links and ``..`` resolved: the one
    containment check for everything specmaid reads or writes on a project's behalf
    (includes, Markdown files and markers, outputs, served files, config paths)."""
    try:
        path.resolve().relative_to(root.resolve())
    except (ValueError, OSError):
        return False
    return True


class Containment:
    """:func:`is_inside` for many paths below one root: each folder is resolved once, and
    only the file itself is checked for being a link (a check asks this of every output)."""

    def __init__(self, root: Path) -> None:
        self.root = os.path.realpath(root)
        self.folders: dict[str, str] = {}

    def __call__(self, path: Path) -> bool:
        text = str(path)
        if os.path.islink(text):
            return is_inside(Path(self.root), path)
        folder, name = os.path.split(text)
        real = self.folders.get(folder)
        if real is None:
            real = self.folders[folder] = os.path.realpath(folder)
        full = os.path.join(real, name)
        return full == self.root or full.startswith(self.root.rstrip(os.sep) + os.sep)
