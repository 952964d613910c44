"""Rendering a project's specs for one build or check: through the render cache, in parallel
for many specs, and Markdown blocks remembered between rebuilds of `specmaid watch`.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from specmaid.errors import SpecError, SpecErrors
from specmaid.pipeline.compile import render_file
from specmaid.project.config import Project
from specmaid.project.files import output_file

if TYPE_CHECKING:
    from specmaid.project.cache import BuildCache


#: Below this many specs to render, a process pool costs more than it saves.
PARALLEL_MIN_SPECS = 32


def _error_dict(error: SpecError) -> dict[str, Any]:
    data = asdict(error)
    data["path"] = list(error.path)
    return data


def _error_from(data: dict[str, Any]) -> SpecError:
    return SpecError(**{**data, "path": tuple(data["path"])})


#: A spec's rendering as plain data: texts by variant, warnings, files read, errors.
Rendered = tuple[dict[str, str], list[dict[str, Any]], list[str], list[dict[str, Any]]]


def render_variants(spec: Path, project: Project) -> Rendered:
    """A spec's outputs (the plain one and its dark variant): texts, warnings, the files it
    read, errors. Plain data, so it can run in a worker process."""
    try:
        rendered = render_file(spec, project)
        texts = {"": rendered.text}
        warnings = [_error_dict(w) for w in rendered.warnings]
        if rendered.dark_theme:
            dark = render_file(spec, project, theme_override=rendered.dark_theme)
            texts[".dark"] = dark.text
            warnings += [_error_dict(w) for w in dark.warnings]
        files = sorted({str(p.resolve()) for p in rendered.files})
        return texts, warnings, files, []
    except SpecErrors as exc:
        return {}, [], [], [_error_dict(e) for e in exc.errors]


def _render_ahead(spec: Path, project: Project) -> tuple[Rendered, list[str]]:
    """:func:`render_variants`, and which variants' files already hold their text."""
    rendered = render_variants(spec, project)
    on_disk = []
    for suffix, text in rendered[0].items():
        try:
            with open(output_file(project, spec, suffix), "rb") as file:
                if file.read() == text.encode("utf-8"):
                    on_disk.append(suffix)
        except OSError:  # missing or unreadable: the parent looks at it again
            pass
    return rendered, on_disk


@dataclass
class MarkdownMemo:
    """Markdown blocks rendered by earlier rebuilds of `specmaid watch`, kept in memory: a
    document embedding 36 diagrams is re-planned after an edit to one of them, and looking
    the other 35 up in the render cache (hashing each spec and what it reads) costs more
    than the whole rest of the rebuild. The watcher drops what a change reaches
    (:meth:`forget`) and starts a new memo on every full build (a file created or removed,
    say), so a reused text is always the one a fresh render would give."""

    #: (spec, config_style, target) → the block's text and the real paths it read.
    blocks: dict[tuple[Path, str | None, str | None], tuple[str, frozenset[str]]] = field(
        default_factory=dict
    )
    #: (Markdown file, marker's spec path as written) → the spec it names.
    markers: dict[tuple[Path, str], Path] = field(default_factory=dict)

    def forget(self, changed: set[str]) -> None:
        """Drop the blocks that read any of ``changed`` (real paths)."""
        self.blocks = {k: v for k, v in self.blocks.items() if not v[1] & changed}


class Renderer:
    """Renders specs for one build or check, through the cache and, for many specs, in
    parallel (:mod:`specmaid.project.parallel`); the texts are the same either way."""

    def __init__(
        self,
        project: Project,
        use_cache: bool = True,
        cache: BuildCache | None = None,
        memo: MarkdownMemo | None = None,
    ) -> None:
        from specmaid.paths import builtin_templates_dir
        from specmaid.project.cache import BuildCache, templates_fingerprint

        self.project = project
        self.memo = memo
        if cache is not None:  # kept in memory by `specmaid watch` between rebuilds
            self.cache = cache
            self._start()
            return

        settings = json.dumps(
            [
                project.config_style,
                project.header,
                str(project.themes_dir),
                str(project.root),
                project.target,
                project.target_override,
            ]
        )
        salt = ""  # (a cache that is off is never read: skip hashing every template)
        if use_cache:
            salt = templates_fingerprint([builtin_templates_dir(), project.templates_dir])
            salt += settings
        self.cache = BuildCache(project.root, salt, enabled=use_cache)
        self._start()

    def _start(self) -> None:
        self._fresh: dict[Path, Rendered] = {}  # rendered ahead by prefetch()
        # Per prefetched spec, the variants whose file on disk already holds the text (the
        # workers read them, so the parent does not read them again).
        self._on_disk: dict[Path, list[str]] = {}
        self._hits: dict[Path, Any] = {}  # spec → its cache entry (or None), looked up once
        self.read_files: set[str] = set()  # every spec and file they read (for quick.py)
        self.reads: dict[Path, frozenset[str]] = {}  # per spec (BuildResult.reads)

    def _name(self, spec: Path) -> str:
        return self.project.relative(spec)

    def _lookup(self, spec: Path) -> Any:
        if not self.cache.enabled:
            return None
        if spec not in self._hits:
            self._hits[spec] = self.cache.lookup(self._name(spec), spec)
        return self._hits[spec]

    def prefetch(self, specs: list[Path], workers: int | None = None) -> None:
        """Render the cache misses among ``specs``, in parallel when there are many (see
        :mod:`specmaid.project.parallel`); ``workers`` defaults to one per core."""
        from specmaid.project import parallel

        misses = [s for s in specs if self._lookup(s) is None]
        workers = parallel.default_workers() if workers is None else workers
        if len(misses) < PARALLEL_MIN_SPECS or workers < 2:
            return
        project = self.project
        if parallel.can_fork():
            results = parallel.fork_map(lambda spec: _render_ahead(spec, project), misses, workers)
        else:  # no fork (Windows, macOS): a pool of fresh interpreters
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=workers) as pool:
                results = list(
                    pool.map(_render_ahead, misses, [project] * len(misses), chunksize=16)
                )
        for spec, (rendered, on_disk) in zip(misses, results, strict=True):
            self._fresh[spec] = rendered
            self._on_disk[spec] = on_disk

    def on_disk(self, spec: Path, suffix: str) -> bool:
        """Whether a worker found this output's file already holding its text."""
        return suffix in self._on_disk.get(spec, ())

    def outputs(self, spec: Path) -> tuple[dict[str, str], list[SpecError]]:
        """The spec's output texts by variant suffix, and its warnings; raises SpecErrors."""
        entry = self._lookup(spec)
        self.read_files.add(str(spec))
        if entry is not None and "" in entry.texts:
            texts = {k: v for k, v in entry.texts.items() if not k.startswith("md:")}
            self.read_files.update(entry.deps)
            self.reads[spec] = frozenset([str(spec), *entry.deps])
            return texts, [_error_from(w) for w in entry.warnings]
        texts, warnings, files, errors = self._fresh.pop(spec, None) or render_variants(
            spec, self.project
        )
        if errors:
            raise SpecErrors([_error_from(e) for e in errors])
        self.read_files.update(files)
        self.reads[spec] = frozenset([str(spec), *files])
        if self.cache.enabled:
            self.cache.store(self._name(spec), spec, files, texts, warnings)
        return texts, [_error_from(w) for w in warnings]

    def block(self, spec: Path, style: str | None, target: str | None = None) -> str:
        """The text of a Markdown block for ``spec`` (no generated-file comment)."""
        if self.memo is not None and (spec, style, target) in self.memo.blocks:
            text, deps = self.memo.blocks[spec, style, target]
            self.read_files.update(deps)
            return text
        name = self._name(spec)
        key = f"md:{style or ''}" + (f"@{target}" if target else "")
        entry = self.cache.lookup(name, spec)
        self.read_files.add(str(spec))
        if entry is not None and key in entry.texts:
            self.read_files.update(entry.deps)
            text, deps = entry.texts[key], entry.deps
        else:
            rendered = render_file(
                spec, self.project, config_style=style, header=False, target=target
            )
            files = sorted({str(p.resolve()) for p in rendered.files})
            self.read_files.update(files)
            if entry is not None:
                self.cache.store(name, spec, entry.deps, {key: rendered.text}, entry.warnings)
            else:
                self.cache.store(name, spec, files, {key: rendered.text}, [])
            text, deps = rendered.text, files
        if self.memo is not None:
            real = {os.path.realpath(spec), *(os.path.realpath(d) for d in deps)}
            self.memo.blocks[spec, style, target] = (text, frozenset(real))
        return text
