"""What a changed file reaches: the specs and Markdown files a rebuild must render again."""

from __future__ import annotations

import os
from pathlib import Path

from specmaid.apps.changes import is_under, real_path
from specmaid.errors import SpecErrors
from specmaid.project.config import Project
from specmaid.project.quick import CONFIG_NAMES


class Reach:
    """What a changed file reaches, from the last clean build: the specs that read it (a
    spec reads itself, its theme chain and its fragments) and the Markdown files embedding
    those specs or being the file. Paths are real paths (symbolic links resolved).

    :meth:`plan` answers None, "rebuild everything", for what it cannot place: the
    configuration, a template, a file or folder that appeared or disappeared (a new spec,
    a deleted fragment, a rename), a Markdown file the `markdown` globs now take in."""

    def __init__(self, project: Project, reads: dict[Path, frozenset[str]]) -> None:
        from specmaid.project.files import markdown_files
        from specmaid.project.files import split_glob as _split_glob

        self.project = project
        self.root = real_path(project.root)
        self.templates = real_path(project.templates_dir)
        self.inputs = [real_path(project.specs_dir), real_path(project.themes_dir)]
        self.globs = [_split_glob(p)[0] for p in project.markdown]
        self.readers: dict[str, set[Path]] = {}  # file → the specs reading it
        self.configs = {os.path.join(self.root, name) for name in CONFIG_NAMES}
        if project.config_file is not None:
            self.configs.add(real_path(project.config_file))
        for spec, files in reads.items():
            for file in files:
                self.readers.setdefault(real_path(file), set()).add(Path(real_path(spec)))
        self.documents: dict[str, set[str]] = {}  # Markdown file → the specs it embeds
        for document in markdown_files(project):
            self.update_document(Path(real_path(document)))

    def update(self, reads: dict[Path, frozenset[str]]) -> None:
        """Take in what these specs read now (after they were rendered again)."""
        specs = {Path(real_path(spec)) for spec in reads}
        for readers in self.readers.values():
            readers -= specs
        for spec, files in reads.items():
            for file in files:
                self.readers.setdefault(real_path(file), set()).add(Path(real_path(spec)))

    def update_document(self, document: Path) -> None:
        from specmaid.project.markdown import find_blocks

        try:
            text = document.read_text("utf-8", errors="replace")
            blocks = find_blocks(text, str(document))
        except (OSError, SpecErrors):
            blocks = []
        # (normpath, not realpath: a realpath per marker costs more than the rebuild; a
        # marker through a symbolic link is matched by the spec's own path below)
        names = {os.path.normpath(os.path.join(self.root, b.spec)) for b in blocks}
        self.documents[str(document)] = names

    def _known(self, path: str) -> bool:
        return path in self.documents or bool(self.readers.get(path))

    def _is_markdown(self, path: str) -> bool:
        from specmaid.project.files import match_parts as _match_parts

        if not is_under(path, self.root) or path == self.root:
            return False
        parts = tuple(Path(os.path.relpath(path, self.root)).parts)
        return any(_match_parts(glob, parts) for glob in self.globs)

    def plan(self, changed: set[str]) -> tuple[list[Path], list[Path]] | None:
        """The specs and Markdown files to rebuild after ``changed`` (real paths), or None
        for everything. Files gone that nothing read (an editor's temporary file) and files
        no build reads (outside the watched folders) are left out."""
        specs: set[Path] = set()
        documents: set[str] = set()
        for path in changed:
            if path in self.configs:
                return None
            if is_under(path, self.templates):
                return None
            exists = os.path.lexists(path)
            if self._known(path):
                if not exists or os.path.isdir(path):
                    return None  # a spec, fragment, theme or document removed or renamed
                specs.update(self.readers.get(path, ()))
                if path in self.documents:
                    documents.add(path)
                continue
            if not exists:
                prefix = path.rstrip(os.sep) + os.sep
                if any(k.startswith(prefix) for k in (*self.readers, *self.documents)):
                    return None  # a folder holding specs removed or renamed
                continue  # a temporary file, created and removed within the burst
            if any(is_under(path, folder) for folder in self.inputs) or self._is_markdown(path):
                return None  # a new spec, fragment, theme, folder or Markdown file
        spec_names = {str(s) for s in specs}
        relative = {os.path.join(self.root, self.project.relative(s)) for s in specs}
        for document, embedded in self.documents.items():
            if embedded & spec_names or embedded & relative:
                documents.add(document)
        return sorted(specs), sorted(map(Path, documents))
