"""What a build plans: each file it owns (an output, a Markdown file, a schema) compared with
what is on disk, and the result of planning a whole project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from specmaid.errors import SpecError
from specmaid.project.config import Project
from specmaid.project.output import read_bytes_or_none, unified_diff

if TYPE_CHECKING:
    from specmaid.project.cache import BuildCache


#: Where `specmaid init` writes the JSON Schemas the specs' modelines point at.
SCHEMA_FOLDER = "schema"


@dataclass
class OutputStatus:
    """One file the build owns (or one block of a Markdown file) and how it compares."""

    path: Path
    name: str  # relative to the project root
    state: str  # "current", "stale", "missing", "orphan"
    new_text: str | None = None
    old_text: str | None = None
    kind: str = "output"  # "output" (out/…​.mmd) or "markdown"
    blocks: list[int] = field(default_factory=list)  # stale block lines (Markdown)

    def diff(self) -> str:
        return unified_diff(self.old_text or "", self.new_text or "", self.name)


@dataclass
class BuildResult:
    outputs: list[OutputStatus] = field(default_factory=list)
    errors: list[SpecError] = field(default_factory=list)
    warnings: list[SpecError] = field(default_factory=list)
    written: list[OutputStatus] = field(default_factory=list)
    removed: list[OutputStatus] = field(default_factory=list)
    out_dir: Path | None = None  # emptied folders below it are removed with orphans
    #: Each spec rendered (or taken from the cache) and the files it read, itself included:
    #: what `specmaid watch` rebuilds when one of those files changes.
    reads: dict[Path, frozenset[str]] = field(default_factory=dict)
    cache: BuildCache | None = field(default=None, repr=False)  # the render cache used

    @property
    def changes(self) -> list[OutputStatus]:
        return [o for o in self.outputs if o.state != "current"]


def file_status(path: Path, name: str, new_text: str, kind: str = "output") -> OutputStatus:
    old = read_bytes_or_none(path)
    if old is None:
        state = "missing"
    elif old == new_text.encode("utf-8"):
        state = "current"
    else:
        state = "stale"
    old_text = old.decode("utf-8", errors="replace") if old is not None else None
    return OutputStatus(path, name, state, new_text, old_text, kind)


def schema_statuses(project: Project) -> list[OutputStatus]:
    """The JSON Schemas `specmaid init` put in the project's schema/ folder, compared with
    this specmaid's, so `build` keeps them current after an upgrade. Only files that are
    specmaid's schemas (by their title) are touched; a missing one is not written back."""
    from specmaid.paths import SCHEMA_NAMES, builtin_schema_dir

    folder = project.root / SCHEMA_FOLDER
    if not folder.is_dir():
        return []
    source = builtin_schema_dir()
    statuses = []
    for name in SCHEMA_NAMES:
        path = folder / name
        if path == source / name:  # specmaid's own repository: the source itself
            continue
        old = read_bytes_or_none(path)
        if old is None or b'"title": "specmaid ' not in old:
            continue
        new = (source / name).read_text("utf-8")
        statuses.append(file_status(path, project.relative(path), new))
    return statuses
