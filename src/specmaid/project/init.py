"""`specmaid init`: a project in the current folder, ready for `specmaid build`.

It writes what is missing and never changes a file the user wrote: the configuration
(``[tool.specmaid]`` appended to an existing pyproject.toml, else a ``specmaid.yaml``), one
example spec when the specs folder has none, the JSON Schemas the specs' first line points
editors at (``schema/``; `build` keeps them current after an upgrade), and ``.gitignore``
entries for specmaid's cache. Run again, it changes nothing (``--markdown`` entries already
listed are not added twice).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from specmaid.errors import UsageError
from specmaid.paths import SCHEMA_NAMES, builtin_schema_dir
from specmaid.project.cache import CACHE_DIR
from specmaid.project.config import Project, find_project
from specmaid.project.files import spec_files
from specmaid.project.output import write_atomic
from specmaid.project.status import SCHEMA_FOLDER

EXAMPLE_NAME = "example.yaml"
EXAMPLE = """\
# yaml-language-server: $schema={schema}
# An example spec: `specmaid build` writes its Mermaid to {output}.
# The first line lets editors with the YAML language server complete and check specs.
diagram: flowchart
title: From spec to diagram
direction: LR
nodes:
  spec: {{label: YAML spec, shape: doc}}
  specmaid: {{label: specmaid build, shape: rounded}}
  mermaid: {{label: Mermaid in out/ and your Markdown, shape: stadium}}
edges:
  - {{from: spec, to: specmaid}}
  - {{from: specmaid, to: mermaid, label: check in CI}}
"""

YAML_CONFIG = """\
# specmaid settings; every key is optional.
specs: specs      # spec files (*.yaml); names starting with _ are fragments
out: out          # the generated .mmd files (commit them)
themes: themes    # project themes
"""
YAML_NO_MARKDOWN = """\
# markdown:       # Markdown files (globs) whose specmaid blocks build and check keep in sync
#   - README.md
"""

#: Lines `specmaid init` wants in .gitignore (specmaid's cache folder has its own too).
GITIGNORE_LINES = (f"{CACHE_DIR}/",)

PRE_COMMIT = """\
# .pre-commit-config.yaml: fail a commit whose diagrams are stale (uses this specmaid)
repos:
  - repo: local
    hooks:
      - id: specmaid-check
        name: specmaid check
        entry: specmaid check --diff
        language: system
        pass_filenames: false
        files: \\.(ya?ml|md|markdown|mmd|j2|jinja2?|toml|json)$
"""


@dataclass
class InitReport:
    written: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def write_schemas(project: Project) -> list[str]:
    """Write the JSON Schemas missing from the project's schema/ folder (existing files are
    never overwritten here; `build` refreshes specmaid's own after an upgrade)."""
    written = []
    source = builtin_schema_dir()
    for name in SCHEMA_NAMES:
        target = project.root / SCHEMA_FOLDER / name
        if not target.exists():
            write_atomic(target, (source / name).read_bytes())
            written.append(project.relative(target))
    return written


def _pyproject_table(markdown: list[str]) -> str:
    import json

    lines = [
        "",
        "[tool.specmaid]  # specmaid's settings; every key is optional",
        'specs = "specs"  # spec files (*.yaml)',
        'out = "out"      # the generated .mmd files (commit them)',
    ]
    if markdown:
        lines.append("markdown = [" + ", ".join(json.dumps(m) for m in markdown) + "]")
    return "\n".join(lines) + "\n"


def _yaml_config(markdown: list[str]) -> str:
    from specmaid.importing.configedit import yaml_scalar

    if not markdown:
        return YAML_CONFIG + YAML_NO_MARKDOWN
    items = "".join(f"  - {yaml_scalar(m)}\n" for m in markdown)
    return YAML_CONFIG + "markdown:         # Markdown files (globs) kept in sync\n" + items


def _write_config(root: Path, markdown: list[str], report: InitReport) -> Project:
    """The project at ``root``, its configuration written first when there is none."""
    project = find_project(root)
    if project is not None and project.root != root:
        raise UsageError(
            f"{root} is inside the specmaid project at {project.root}"
            f" ({project.relative(project.config_file) if project.config_file else ''});"
            " run `specmaid init` there, or move this folder out of it"
        )
    if project is None:
        pyproject = root / "pyproject.toml"
        if pyproject.is_file():
            text = pyproject.read_bytes().decode("utf-8")
            newline = "\r\n" if "\r\n" in text else "\n"
            if text and not text.endswith("\n"):
                text += newline
            table = _pyproject_table(markdown).replace("\n", newline)
            write_atomic(pyproject, (text + table).encode("utf-8"))
            report.written.append("pyproject.toml ([tool.specmaid])")
        else:
            write_atomic(root / "specmaid.yaml", _yaml_config(markdown).encode("utf-8"))
            report.written.append("specmaid.yaml")
        project = find_project(root)
        assert project is not None
        return project
    assert project.config_file is not None
    config = project.relative(project.config_file)
    added = []
    from specmaid.importing.configedit import with_markdown_entry

    for pattern in markdown:
        text = with_markdown_entry(project.config_file, pattern)
        if text is not None:
            write_atomic(project.config_file, text.encode("utf-8"))
            added.append(pattern)
    if added:
        report.written.append(f"{config} (markdown: {', '.join(added)})")
        project = find_project(root)
        assert project is not None
    else:
        report.kept.append(config)
    return project


def _write_example(project: Project, report: InitReport) -> None:
    if spec_files(project):
        report.kept.append(f"{project.specs}/ (has specs)")
        return
    path = project.specs_dir / EXAMPLE_NAME
    if path.exists():  # a fragment-only folder, say: the user's
        report.kept.append(project.relative(path))
        return
    schema = project.root / SCHEMA_FOLDER / "spec.schema.json"
    text = EXAMPLE.format(
        schema=Path(os.path.relpath(schema, path.parent)).as_posix(),
        output=f"{project.out}/{EXAMPLE_NAME.removesuffix('.yaml')}.mmd",
    )
    write_atomic(path, text.encode("utf-8"))
    report.written.append(project.relative(path))


def _write_gitignore(root: Path, report: InitReport) -> None:
    path = root / ".gitignore"
    text = path.read_bytes().decode("utf-8") if path.is_file() else ""
    present = {line.strip() for line in text.splitlines()}
    missing = [
        line for line in GITIGNORE_LINES if line not in present and line.rstrip("/") not in present
    ]
    if not missing:
        report.kept.append(".gitignore")
        return
    newline = "\r\n" if "\r\n" in text else "\n"
    if text and not text.endswith("\n"):
        text += newline
    text += f"# specmaid's cache{newline}" + "".join(m + newline for m in missing)
    write_atomic(path, text.encode("utf-8"))
    report.written.append(".gitignore")


def init_project(root: Path, markdown: list[str]) -> InitReport:
    report = InitReport()
    project = _write_config(root, markdown, report)
    _write_example(project, report)
    written = write_schemas(project)
    report.written.extend(written)
    if not written:
        report.kept.append(f"{SCHEMA_FOLDER}/")
    _write_gitignore(project.root, report)
    return report
