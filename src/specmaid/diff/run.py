"""One ``specmaid diff`` run: pair the specs of two revisions, render both sides, compare.

The head side is the working tree (or ``--head REV``), the base side a revision (default
``HEAD``); a revision's project is written out by :mod:`specmaid.diff.gitrev`, so each side
is resolved with its own themes, fragments, templates and configuration.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specmaid.diff.engine import Change, Matched, match
from specmaid.diff.extract import DiffInput, project
from specmaid.diff.projection import Projection
from specmaid.errors import SpecError, SpecErrors
from specmaid.pipeline.compile import RenderedSpec, render_source
from specmaid.project.config import Project, find_project
from specmaid.project.files import spec_files

WORKING_TREE = "working tree"


@dataclass
class Side:
    """One revision of the project (or the working tree) and how to name it."""

    name: str  # "HEAD", a revision as given, or WORKING_TREE
    project: Project
    revision: str | None  # None for the working tree

    def shown(self, relative: str) -> str:
        return relative if self.revision is None else f"{self.revision}:{relative}"


@dataclass
class Loaded:
    rendered: RenderedSpec
    projection: Projection
    theme: Any  # specmaid.pipeline.themes.Theme | None


@dataclass
class SpecDiff:
    status: str  # "modified", "added", "deleted", "renamed"
    path: str  # the head path (the base path for a deleted spec)
    old_path: str | None
    kind: str
    changes: list[Change] = field(default_factory=list)
    head: Loaded | None = None
    base: Loaded | None = None
    similarity: int | None = None
    keymap: dict[str, str] = field(default_factory=dict)
    kind_changed_from: str | None = None

    @property
    def changed(self) -> bool:
        return self.status != "modified" or bool(self.changes)


@dataclass
class DiffResult:
    base: str
    head: str
    diagrams: list[SpecDiff]

    @property
    def changed(self) -> list[SpecDiff]:
        return [d for d in self.diagrams if d.changed]


def _side_project(root: Path, like: Project) -> Project:
    """The project of a written-out revision: its own configuration file, if it had one."""
    if like.config_file is not None:
        relative = like.config_file.resolve().relative_to(like.root.resolve())
        if (root / relative).is_file():
            found = find_project(root)
            if found is not None and found.root.resolve() == root.resolve():
                return found
    return Project(root=root)


@contextmanager
def sides(project: Project, base: str, head: str | None) -> Iterator[tuple[Side, Side]]:
    from specmaid.diff.gitrev import checkout

    with ExitStack() as stack:
        base_root = stack.enter_context(checkout(base, project.root))
        base_side = Side(base, _side_project(base_root, project), base)
        if head is None:
            head_side = Side(WORKING_TREE, project, None)
        else:
            head_root = stack.enter_context(checkout(head, project.root))
            head_side = Side(head, _side_project(head_root, project), head)
        yield base_side, head_side


def load(side: Side, path: Path) -> Loaded:
    """Render one spec of a side and project its model; raises SpecErrors."""
    from specmaid.pipeline.source import read_source
    from specmaid.pipeline.themes import deep_merge, load_theme

    relative = side.project.relative(path)
    source = read_source(path, side.shown(relative))
    rendered = render_source(source, side.project, header_name=None, spec_path=path)
    doc = rendered.spec
    theme = None
    if doc.get("theme") is not None:
        theme = load_theme(str(doc["theme"]), side.project.themes_dir, side.project.root)
    config: dict[str, Any] = deep_merge(theme.config if theme else {}, doc.get("config") or {})
    if rendered.kind.spec_config is not None:
        config = deep_merge(rendered.kind.spec_config(doc), config)
    inp = DiffInput(doc, theme.classes if theme else {}, config)
    return Loaded(rendered, project(rendered.kind.name, inp), theme)


def _specs(side: Side) -> dict[str, Path]:
    return {side.project.relative(p): p for p in spec_files(side.project)}


def diff(
    project: Project, base: str = "HEAD", head: str | None = None, only: list[str] | None = None
) -> DiffResult:
    """Compare every spec (or those named in ``only``, project-relative) between the sides."""
    from specmaid.diff.gitrev import renames

    with sides(project, base, head) as (base_side, head_side):
        before, after = _specs(base_side), _specs(head_side)
        pairs: list[tuple[str | None, str | None, int | None]] = []
        for name in after:
            if name in before:
                pairs.append((name, name, None))
        gone = [n for n in before if n not in after]
        new = [n for n in after if n not in before]
        if gone and new:
            base_specs = base_side.project.specs_dir
            head_specs = head_side.project.specs_dir
            prefix_base = base_side.project.relative(base_specs)
            prefix_head = head_side.project.relative(head_specs)
            for old, renamed, similarity in renames(base_specs, head_specs):
                old_name, new_name = f"{prefix_base}/{old}", f"{prefix_head}/{renamed}"
                if old_name in gone and new_name in new:
                    gone.remove(old_name)
                    new.remove(new_name)
                    pairs.append((old_name, new_name, similarity))
        pairs += [(n, None, None) for n in gone]
        pairs += [(None, n, None) for n in new]
        if only is not None:
            wanted = set(only)
            pairs = [p for p in pairs if p[0] in wanted or p[1] in wanted]
            missing = wanted - {n for p in pairs for n in p[:2] if n}
            if missing:
                from specmaid.errors import UsageError

                raise UsageError(
                    "not a spec of this project at either revision: " + ", ".join(sorted(missing))
                )
        errors: list[SpecError] = []
        diagrams: list[SpecDiff] = []
        for old, name, similarity in sorted(pairs, key=lambda p: p[1] or p[0] or ""):
            try:
                base_loaded = load(base_side, before[old]) if old else None
            except SpecErrors as exc:
                errors += exc.errors
                base_loaded = None
            try:
                head_loaded = load(head_side, after[name]) if name else None
            except SpecErrors as exc:
                errors += exc.errors
                head_loaded = None
            if errors:
                continue
            diagrams.append(_compare(old, name, similarity, base_loaded, head_loaded))
        if errors:
            raise SpecErrors([e for e in errors if e.severity == "error"])
        return DiffResult(base_side.name, head_side.name, diagrams)


def _compare(
    old: str | None,
    name: str | None,
    similarity: int | None,
    base: Loaded | None,
    head: Loaded | None,
) -> SpecDiff:
    if base is None:
        assert head is not None and name is not None
        added = match(Projection(), head.projection).changes
        return SpecDiff("added", name, None, head.rendered.kind.name, added, head)
    if head is None:
        assert old is not None
        removed = match(base.projection, Projection()).changes
        return SpecDiff("deleted", old, None, base.rendered.kind.name, removed, None, base)
    assert old is not None and name is not None
    status = "modified" if old == name else "renamed"
    old_path = old if status == "renamed" else None
    kind, old_kind = head.rendered.kind.name, base.rendered.kind.name
    if kind != old_kind:  # another kind of diagram: everything is new
        changes = (
            match(base.projection, Projection()).changes
            + match(Projection(), head.projection).changes
        )
        return SpecDiff(
            status, name, old_path, kind, changes, head, base, similarity,
            kind_changed_from=old_kind,
        )  # fmt: skip
    outcome: Matched = match(base.projection, head.projection)
    return SpecDiff(
        status, name, old_path, kind, outcome.changes, head, base, similarity, outcome.keymap
    )
