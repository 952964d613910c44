"""Finding the project and reading its configuration.

A project is the nearest folder, walking up from the current directory (as ruff and black
do), that has a ``specmaid.yaml`` or a ``pyproject.toml`` with a ``[tool.specmaid]`` table.
Every path in the configuration is relative to that folder.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from specmaid.errors import SpecError, SpecErrors, did_you_mean
from specmaid.paths import is_inside

CONFIG_KEYS = {
    "specs": "folder of spec files (default: specs)",
    "out": "folder of generated .mmd files (default: out)",
    "themes": "folder of project themes (default: themes)",
    "templates": "folder of project templates that override the built-in ones (default: templates)",
    "markdown": "Markdown files or globs whose specmaid blocks are kept in sync",
    "config_style": "frontmatter, init or both",
    "header": "write the generated-file comment (default: true)",
    "target": "the Mermaid version readers run, e.g. '10.9' or '11' (default: the newest)",
}


@dataclass(frozen=True)
class Project:
    root: Path
    config_file: Path | None = None
    specs: str = "specs"
    out: str = "out"
    themes: str = "themes"
    templates: str = "templates"
    markdown: tuple[str, ...] = ()
    config_style: str | None = None
    header: bool = True
    extra: dict[str, Any] = field(default_factory=dict)
    target: str | None = None  # project-wide compatibility target (specmaid.mermaid.features)
    target_override: str | None = None  # --target: wins over specs and Markdown markers

    # Cached: a check asks for these for every spec, and building a Path is not free.
    @cached_property
    def specs_dir(self) -> Path:
        return self.root / self.specs

    @cached_property
    def out_dir(self) -> Path:
        return self.root / self.out

    @cached_property
    def themes_dir(self) -> Path:
        return self.root / self.themes

    @cached_property
    def templates_dir(self) -> Path:
        return self.root / self.templates

    def relative(self, path: Path) -> str:
        """``path`` relative to the project root, with forward slashes (for messages)."""
        if path.is_absolute():
            # The common case, as plain string work (a check calls this thousands of times).
            text, root = str(path), str(self.root)
            if text.startswith(root) and text[len(root) : len(root) + 1] == os.sep:
                return text[len(root) + 1 :].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)


def find_project(start: Path | None = None) -> Project | None:
    """The project containing ``start`` (default: the current directory), or None."""
    here = (start or Path.cwd()).resolve()
    if here.is_file():
        here = here.parent
    for folder in (here, *here.parents):
        standalone = folder / "specmaid.yaml"
        if standalone.is_file():
            return _from_yaml(standalone)
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            table = _tool_table(pyproject)
            if table is not None:
                return _make(folder, pyproject, table)
    return None


def _tool_table(pyproject: Path) -> dict[str, Any] | None:
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SpecErrors(
            [SpecError(f"cannot read pyproject.toml: {exc}", file=str(pyproject))]
        ) from None
    table = data.get("tool", {}).get("specmaid")
    return table if isinstance(table, dict) else None


def _from_yaml(path: Path) -> Project:
    from specmaid.pipeline.load import load_yaml
    from specmaid.pipeline.source import read_source

    source = read_source(path)
    if not source.text.strip():
        return _make(path.parent, path, {})
    data = load_yaml(source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SpecErrors([SpecError("expected a mapping of settings", file=str(path), line=1)])
    return _make(path.parent, path, data)


def _make(root: Path, config_file: Path, table: dict[str, Any]) -> Project:
    errors = []
    for key in table:
        if key not in CONFIG_KEYS:
            errors.append(
                SpecError(
                    f"unknown setting {key!r}; expected one of: {', '.join(CONFIG_KEYS)}."
                    + did_you_mean(key, CONFIG_KEYS),
                    path=(key,),
                    file=str(config_file),
                )
            )
    style = table.get("config_style")
    if style is not None and style not in ("frontmatter", "init", "both"):
        errors.append(
            SpecError(
                f"config_style is {style!r}; expected frontmatter, init or both",
                path=("config_style",),
                file=str(config_file),
            )
        )
    markdown = table.get("markdown", ())
    if isinstance(markdown, str):
        markdown = (markdown,)
    if not isinstance(markdown, list | tuple) or not all(isinstance(m, str) for m in markdown):
        errors.append(
            SpecError(
                "markdown must be a file or glob, or a list of them (e.g. ['README.md',"
                " 'docs/**/*.md'])",
                path=("markdown",),
                file=str(config_file),
            )
        )
        markdown = ()
    for pattern in markdown:
        if Path(pattern).is_absolute() or ".." in Path(pattern.replace("\\", "/")).parts:
            errors.append(
                SpecError(
                    f"markdown entry {pattern!r} must be relative to the project root and stay"
                    " inside it",
                    path=("markdown",),
                    file=str(config_file),
                )
            )
    header = table.get("header", True)
    if header not in (True, False, "true", "false", "True", "False", "yes", "no"):
        errors.append(
            SpecError(
                f"header is {header!r}; expected true or false",
                path=("header",),
                file=str(config_file),
            )
        )
    target = table.get("target")
    if target is not None:
        from specmaid.mermaid.features import parse_target

        if not isinstance(target, str | int | float) or parse_target(str(target)) is None:
            errors.append(
                SpecError(
                    f"target is {target!r}; expected a Mermaid version such as '10.9' or '11'",
                    path=("target",),
                    file=str(config_file),
                )
            )
    for key in ("specs", "out", "themes", "templates"):
        value = table.get(key)
        if value is not None and not isinstance(value, str):
            errors.append(
                SpecError(f"{key} must be a folder path", path=(key,), file=str(config_file))
            )
        elif value is not None and not is_inside(root, root / value):
            errors.append(
                SpecError(
                    f"{key} = {value!r} points outside the project root",
                    path=(key,),
                    file=str(config_file),
                )
            )
    if errors:
        raise SpecErrors(errors)
    return Project(
        root=root,
        config_file=config_file,
        specs=table.get("specs", "specs"),
        out=table.get("out", "out"),
        themes=table.get("themes", "themes"),
        templates=table.get("templates", "templates"),
        markdown=tuple(str(m) for m in markdown),
        config_style=style,
        header=header not in (False, "false", "False", "no"),
        target=str(target) if target is not None else None,
    )


def default_project(start: Path | None = None) -> Project:
    """A project rooted at ``start`` with default settings, for specs outside any project."""
    return Project(root=(start or Path.cwd()).resolve())
