"""The diagrams `specmaid serve` shows: rendered in memory (no file written), again for
what a change reaches, with a version number the page's event stream waits on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specmaid.apps.changes import (
    Snapshot,
    changed_files,
    snapshot,
    watched_files,
)
from specmaid.apps.reach import Reach
from specmaid.apps.rebuild import unexpected_error
from specmaid.errors import SpecErrors
from specmaid.project.config import Project, find_project


@dataclass
class Diagram:
    name: str  # the spec, relative to the project root
    title: str | None
    text: str | None  # the Mermaid text, or None when the spec has errors
    errors: list[str] = field(default_factory=list)  # `file:line:col: error: …` lines

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "text": self.text, "errors": self.errors}


class Preview:
    """The rendered diagrams of the project at ``root``, and a version number that goes up
    whenever they change. Thread-safe; :meth:`refresh` is the only writer."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.version = 0
        self.diagrams: list[Diagram] = []
        self.errors: list[str] = []  # problems with the project itself (its configuration)
        self._stamps: Snapshot | None = None
        self._files: list[Path] = []
        self._changed = threading.Condition()
        self.project: Project | None = None
        #: What a change reaches (see specmaid.apps.reach.Reach); None: render everything.
        self._reach: Reach | None = None
        self.renders = 0  # specs rendered so far (the tests count them)
        self.last_full = True  # whether the last render was of every spec

    def _render_one(self, spec: Path, project: Project) -> tuple[Diagram, frozenset[str]]:
        """A spec's diagram (or errors), and the files it read."""
        from specmaid.pipeline.compile import render_file

        name = project.relative(spec)
        self.renders += 1
        try:
            rendered = render_file(spec, project)
        except SpecErrors as exc:
            return Diagram(name, None, None, [str(e) for e in exc.errors]), frozenset()
        except OSError as exc:  # removed while we read it: the next change says so
            return Diagram(name, None, None, [f"{name}: error: {exc.strerror}"]), frozenset()
        except Exception as exc:  # a broken project template, say: shown, not fatal
            error = unexpected_error(exc, project.root)
            return Diagram(name, None, None, [str(error)]), frozenset()
        title = rendered.spec.get("title")
        files = frozenset([str(spec), *(str(p.resolve()) for p in rendered.files)])
        diagram = Diagram(name, str(title) if title is not None else None, rendered.text)
        return diagram, files

    def _render(self) -> tuple[list[Diagram], list[str], list[Path]]:
        from specmaid.project.files import spec_files

        self._reach = None
        try:
            project = find_project(self.root)
        except SpecErrors as exc:
            return [], [str(e) for e in exc.errors], [self.root / "pyproject.toml"]
        if project is None:
            return [], [f"no specmaid project at {self.root} any more"], []
        self.project = project
        diagrams = []
        reads: dict[Path, frozenset[str]] = {}
        for spec in spec_files(project):
            diagram, reads[spec] = self._render_one(spec, project)
            diagrams.append(diagram)
        if not any(d.errors for d in diagrams):
            self._reach = Reach(project, reads)
        return diagrams, [], watched_files(project)

    def render_all(self) -> bool:
        """Render every spec again, whatever the files' stamps say."""
        self._stamps = None
        return self.refresh()

    def update(self, changed: set[str]) -> bool:
        """Render again what the files ``changed`` (real paths, from the system's change
        notifications) reach; True when what the page shows changed."""
        plan = self._reach.plan(changed) if self._reach is not None else None
        if plan is None or self.project is None:
            return self.render_all()
        self.last_full = False
        specs = plan[0]
        if not specs:
            return False
        fresh: dict[str, Diagram] = {}
        reads: dict[Path, frozenset[str]] = {}
        for spec in specs:
            diagram, reads[spec] = self._render_one(spec, self.project)
            fresh[diagram.name] = diagram
        if any(d.errors for d in fresh.values()):
            self._reach = None  # while a spec is broken, every change renders everything
        else:
            self._reach.update(reads)
        diagrams = [fresh.get(d.name, d) for d in self.diagrams]
        return self._publish(diagrams, self.errors)

    def _current_files(self) -> list[Path]:
        try:
            project = find_project(self.root)
        except SpecErrors:
            project = None
        return watched_files(project) if project is not None else self._files

    def refresh(self) -> bool:
        """Render again if any watched file changed since the last refresh (always the first
        time); True when what the page shows changed."""
        if self._stamps is not None and not changed_files(
            self._stamps, snapshot(self._current_files())
        ):
            return False
        before = snapshot(self._current_files())
        diagrams, errors, files = self._render()
        self.last_full = True
        after = snapshot(files)
        # The stamps from before rendering, so an edit made while rendering is seen at the
        # next poll.
        self._stamps = {p: before.get(p, s) for p, s in after.items()}
        self._files = files
        return self._publish(diagrams, errors)

    def _publish(self, diagrams: list[Diagram], errors: list[str]) -> bool:
        """Show these diagrams and project errors; a new version when they differ."""
        changed = (
            [d.as_json() for d in diagrams] != [d.as_json() for d in self.diagrams]
            or errors != self.errors
            or self.version == 0
        )
        with self._changed:
            self.diagrams, self.errors = diagrams, errors
            if changed:
                self.version += 1
                self._changed.notify_all()
        return changed

    def payload(self) -> dict[str, Any]:
        with self._changed:
            return {
                "version": self.version,
                "root": self.root.name,
                "errors": list(self.errors),
                "diagrams": [d.as_json() for d in self.diagrams],
            }

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Block until the version is past ``seen`` (or ``timeout`` passes); the version."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def wake(self) -> None:
        with self._changed:
            self._changed.notify_all()
