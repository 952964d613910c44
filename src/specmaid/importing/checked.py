"""An import never writes a spec that ``render`` refuses (whatever the kind's importer made).

Mermaid and browsers tolerate things a spec refuses on purpose (``stroke:#none``, ids a kind
cannot write, two tasks with one id…). Rather than every importer knowing every rule of its
kind, the spec it made goes through the same pipeline ``render`` runs (validation and the
kind's build); each place an error points at is dropped and reported with the line of the
Mermaid source it came from, and the rest is tried again, so what is left renders.
"""

from __future__ import annotations

import copy
import dataclasses
import tempfile
from pathlib import Path
from typing import Any

from specmaid.errors import SpecError, SpecErrors, SpecPath, format_path
from specmaid.importing.helpers import line_of

#: Enough for a removal that makes its neighbours invalid in turn (a node, then its edges).
MAX_ROUNDS = 8
#: Spec keys that name a part of the spec rather than something the author wrote.
_STRUCTURE_KEYS = frozenset(
    {"nodes", "edges", "subgraphs", "classes", "style", "class", "label", "entities", "states"}
    | {"relations", "transitions", "sections", "tasks", "periods", "events", "steps", "members"}
    | {"attributes", "notes", "children", "root", "participants", "messages", "items", "links"}
)


def renderable(
    spec: dict[str, Any], text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    """``spec`` without what ``render`` refuses in it, and one warning per dropped part.

    Raises SpecErrors when the refusal is about the spec as a whole (nothing to drop)."""
    from specmaid.importing.spec_yaml import dump_spec
    from specmaid.pipeline.compile import render_source
    from specmaid.pipeline.source import SourceText
    from specmaid.project.config import Project, find_project

    current = copy.deepcopy(spec)
    # (path, why render refused it) per dropped part; a part dropped because dropping one of
    # its own parts left it incomplete (a required key) is one warning, with the first reason.
    dropped: list[tuple[SpecPath, SpecError]] = []
    with tempfile.TemporaryDirectory(prefix="specmaid-import-") as root:
        # The project the import runs in, when there is one: its template overrides, themes
        # and target are what the imported spec will be rendered with.
        try:
            here = find_project()
        except SpecErrors:
            here = None
        project = (
            dataclasses.replace(here, header=False)
            if here is not None
            else Project(root=Path(root), header=False)
        )
        for _ in range(MAX_ROUNDS):
            try:
                render_source(SourceText("imported.yaml", dump_spec(current)), project)
            except SpecErrors as refused:
                errors = [e for e in refused.errors if e.severity == "error"]
            else:
                warnings = [
                    _dropped(path, reason, spec_value, text, name, first_line)
                    for path, reason, spec_value in _with_values(dropped, spec)
                ]
                # In the order of the source, as a reader goes through it.
                warnings.sort(key=lambda w: w.line if w.line is not None else first_line - 1)
                return current, warnings
            paths = _outermost({e.path for e in errors})
            if not paths or any(len(p) < 1 or p[0] == "diagram" for p in paths):
                raise SpecErrors([_whole(e, name) for e in errors]) from None
            for error in errors:
                if error.path not in paths:
                    continue
                inner = [d for d in dropped if d[0][: len(error.path)] == error.path]
                reason = inner[0][1] if inner else error
                dropped = [d for d in dropped if d not in inner]
                dropped.append((error.path, reason))
            # Deepest and last first, so removing a list item does not move the next one.
            for path in sorted(paths, key=_removal_order, reverse=True):
                _remove(current, path)
    raise SpecErrors(
        [SpecError(f"import made a spec that still does not render after {MAX_ROUNDS} rounds"
                   " of dropping what render refused", file=name)]
    )  # fmt: skip


def _outermost(paths: set[SpecPath]) -> set[SpecPath]:
    """The paths no other path contains (dropping `nodes.A` drops `nodes.A.style` too)."""
    return {p for p in paths if not any(q != p and p[: len(q)] == q for q in paths)}


def _removal_order(path: SpecPath) -> tuple[Any, ...]:
    return tuple((0, part) if isinstance(part, int) else (1, str(part)) for part in path)


def _at(document: Any, path: SpecPath) -> Any:
    for part in path:
        try:
            document = document[part]
        except (KeyError, IndexError, TypeError):
            return None
    return document


def _remove(document: Any, path: SpecPath) -> None:
    parent = _at(document, path[:-1])
    last = path[-1]
    present = (isinstance(parent, dict) and last in parent) or (
        isinstance(parent, list) and isinstance(last, int) and 0 <= last < len(parent)
    )
    if present:
        del parent[last]
    elif isinstance(parent, dict | list):
        return
    else:
        # A scalar where a mapping or list was expected (`nodes.A: "text"` with an error
        # under it): the whole scalar goes.
        _remove(document, path[:-1])


def _needles(path: SpecPath, value: Any) -> list[str]:
    """Texts to look for in the Mermaid source, most telling first."""
    found: list[str] = []
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        found.append(str(value))
    elif isinstance(value, dict):
        found.extend(str(v) for v in value.values() if isinstance(v, str))
    found.extend(str(p) for p in reversed(path) if isinstance(p, str) and p not in _STRUCTURE_KEYS)
    return [n for n in found if n.strip()]


def _source_line(path: SpecPath, value: Any, text: str, first_line: int) -> int | None:
    for needle in _needles(path, value):
        for candidate in (needle, needle.split("\n")[0]):
            line = line_of(text, candidate, first_line)
            if line is not None:
                return line
    return None


def _shown(value: Any) -> str:
    shown = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    return shown if len(shown) <= 60 else shown[:57] + "…"


def _with_values(
    dropped: list[tuple[SpecPath, SpecError]], spec: dict[str, Any]
) -> list[tuple[SpecPath, SpecError, Any]]:
    """Each dropped part with its value in the importer's spec (paths of later rounds point
    into a spec with parts removed, which only list items renumber: rare, and only the
    value shown and the line searched for would differ)."""
    return [(path, reason, _at(spec, path)) for path, reason in dropped]


def _dropped(
    path: SpecPath, reason: SpecError, value: Any, text: str, name: str, first_line: int
) -> SpecError:
    why = reason.message
    if reason.path != path:
        why = f"{format_path(reason.path)}: {why}"
    return SpecError(
        f"dropped {format_path(path)} ({_shown(value)}): render would refuse it: {why}",
        file=name,
        line=_source_line(path, value, text, first_line),
        severity="warning",
    )


def _whole(error: SpecError, name: str) -> SpecError:
    where = f"{format_path(error.path)}: " if error.path else ""
    return SpecError(f"the imported spec does not render: {where}{error.message}", file=name)
