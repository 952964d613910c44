"""Adopt: a Markdown file's hand-written ```mermaid blocks become specs kept in sync.

Every block of a kind import reads (:mod:`specmaid.importing.dispatch`, docs/import.md) is
imported into ``specs/<document>/<name>.yaml``; config shared by several blocks becomes one
theme (``themes/<document>.yaml``); the block is wrapped in specmaid markers; then a build
renders the blocks and ``out/`` so that ``specmaid check`` passes right away. Blocks that
cannot be imported (kinds import does not read) are left as they are and reported."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specmaid.errors import SpecError, SpecErrors
from specmaid.importing.dispatch import dump_spec, import_diagram
from specmaid.pipeline.textfile import decode_text
from specmaid.project.apply import apply_build
from specmaid.project.config import Project
from specmaid.project.markdown import FENCE_RE
from specmaid.project.output import write_atomic
from specmaid.project.plan import plan_build
from specmaid.project.status import SCHEMA_FOLDER


@dataclass
class AdoptReport:
    written: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[SpecError] = field(default_factory=list)


@dataclass
class _Fence:
    start: int  # index of the opening fence line
    end: int  # index of the closing fence line
    text: str


def find_mermaid_fences(lines: list[str]) -> list[_Fence]:
    """```mermaid fences outside other fences and outside specmaid markers."""
    from specmaid.project.markdown import CLOSE_RE, OPEN_RE

    fences = []
    inside_markers = False
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r\n")
        if OPEN_RE.match(line):
            inside_markers = True
        elif CLOSE_RE.match(line):
            inside_markers = False
        match = FENCE_RE.match(line)
        if match:
            fence = match.group("fence")
            j = i + 1
            while j < len(lines):
                closing = FENCE_RE.match(lines[j].rstrip("\r\n"))
                if (
                    closing
                    and closing.group("fence")[0] == fence[0]
                    and len(closing.group("fence")) >= len(fence)
                    and not closing.group("info").strip()
                ):
                    break
                j += 1
            if match.group("info").strip() == "mermaid" and not inside_markers and j < len(lines):
                fences.append(_Fence(i, j, "".join(lines[i + 1 : j])))
            i = j + 1
            continue
        i += 1
    return fences


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:40].strip("-") or "diagram"


def _common(configs: list[dict[str, Any]]) -> dict[str, Any]:
    """The deep part every config shares."""
    first, rest = configs[0], configs[1:]
    out: dict[str, Any] = {}
    for key, value in first.items():
        if all(key in other for other in rest):
            others = [other[key] for other in rest]
            if isinstance(value, dict) and all(isinstance(o, dict) for o in others):
                inner = _common([value, *others])
                if inner:
                    out[key] = inner
            elif all(o == value for o in others):
                out[key] = value
    return out


def _minus(config: dict[str, Any], common: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in config.items():
        if key not in common:
            out[key] = value
        elif isinstance(value, dict) and isinstance(common[key], dict):
            inner = _minus(value, common[key])
            if inner:
                out[key] = inner
        elif value != common[key]:
            out[key] = value
    return out


def _schema_modeline(project: Project, path: Path, schema: str) -> str:
    """The relative path from ``path``'s folder to the project's copy of ``schema``."""
    import os

    target = project.root / SCHEMA_FOLDER / schema
    return Path(os.path.relpath(target, path.parent)).as_posix()


def _markdown_edit(project: Project, name: str) -> str | None:
    """The config's new text with the document in `markdown`, or None when a pattern covers
    it already; ConfigEditError (with the line to add) when it cannot be edited."""
    from specmaid.importing.configedit import with_markdown_entry
    from specmaid.project.files import pattern_matches

    if Path(name).is_absolute():  # project.relative gives up outside the root
        raise SpecErrors(
            [SpecError(f"outside the project root ({project.root}); adopt only edits files in it")]
        )
    if any(pattern_matches(p, name) for p in project.markdown):
        return None
    if project.config_file is None:
        raise SpecErrors([SpecError("no project configuration to add the document to")])
    return with_markdown_entry(project.config_file, name)


def adopt_document(project: Project, document: Path) -> AdoptReport:
    """Adopt ``document``'s Mermaid blocks, and add it to the project's `markdown` list so
    that `check` keeps it checked (or fail, before writing anything, with the line to add)."""
    from specmaid.project.init import write_schemas

    report = AdoptReport()
    name = project.relative(document)
    config_text = _markdown_edit(project, name)
    data = document.read_bytes()
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    text = decode_text(data, name)
    lines = text.splitlines(keepends=True)
    fences = find_mermaid_fences(lines)
    stem = _slug(document.stem)
    imported: list[tuple[_Fence, dict[str, Any], str]] = []
    used: set[str] = set()
    for number, fence in enumerate(fences, 1):
        where = f"{name}:{fence.start + 1}"
        try:
            result = import_diagram(fence.text, name, first_line=fence.start + 2)
        except SpecErrors as exc:
            report.skipped.append(f"{where} ({exc.errors[0].message})")
            continue
        report.warnings.extend(result.warnings)
        base = (
            _slug(str(result.spec.get("title", "")))
            if result.spec.get("title")
            else f"diagram-{number}"
        )
        slug, n = base, 2
        while slug in used or (project.specs_dir / stem / f"{slug}.yaml").exists():
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        imported.append((fence, result.spec, slug))
    if not imported:
        return report

    # Config shared by blocks with the same Mermaid theme becomes one project theme.
    groups: dict[Any, list[dict[str, Any]]] = {}
    for _, spec, _ in imported:
        if spec.get("config"):
            groups.setdefault(spec["config"].get("theme"), []).append(spec)
    themes_written: list[str] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        common = _common([m["config"] for m in members])
        if not common:
            continue
        theme_name = stem if not themes_written else f"{stem}-{len(themes_written) + 1}"
        themes_written.append(theme_name)
        theme_path = project.themes_dir / f"{theme_name}.yaml"
        theme_text = (
            "# yaml-language-server: $schema="
            f"{_schema_modeline(project, theme_path, 'theme.schema.json')}\n"
            f"# Config shared by the diagrams of {name}, written once (specmaid adopt).\n"
            + dump_spec({"config": common})
        )
        write_atomic(theme_path, theme_text.encode("utf-8"))
        report.written.append(project.relative(theme_path))
        for spec in members:
            rest = _minus(spec["config"], common)
            ordered = {"diagram": spec["diagram"]}
            if "title" in spec:
                ordered["title"] = spec["title"]
            ordered["theme"] = theme_name
            if rest:
                ordered["config"] = rest
            ordered.update(
                {k: v for k, v in spec.items() if k not in ("diagram", "title", "config")}
            )
            spec.clear()
            spec.update(ordered)

    # Specs, then markers around each block (its content is rendered by the build below).
    spec_paths = []
    for _, spec, slug in imported:
        path = project.specs_dir / stem / f"{slug}.yaml"
        schema = _schema_modeline(project, path, "spec.schema.json")
        write_atomic(
            path, dump_spec(spec, f"adopted by specmaid from {name}", schema).encode("utf-8")
        )
        report.written.append(project.relative(path))
        spec_paths.append(path)
    # Markers follow the file's line endings (its first one), as the embedded block does.
    newline = next(
        (line[len(line.rstrip("\r\n")) :] for line in lines if line.endswith("\n")), "\n"
    )
    out = list(lines)
    for (fence, _, _), path in reversed(list(zip(imported, spec_paths, strict=True))):
        marker = f"<!-- specmaid: {project.relative(path)} -->{newline}"
        closing = out[fence.end]
        if not closing.endswith(("\n", "\r")):
            closing += newline
        out[fence.end] = closing + f"<!-- /specmaid -->{newline}"
        out.insert(fence.start, marker)
    write_atomic(document, (bom + "".join(out)).encode("utf-8"))
    report.written.append(name)
    # The modelines point at the project's schema/ (as `specmaid init` writes it).
    report.written.extend(write_schemas(project))
    if config_text is not None and project.config_file is not None:
        write_atomic(project.config_file, config_text.encode("utf-8"))
        report.written.append(f"{project.relative(project.config_file)} (markdown: {name})")
    result = plan_build(project, spec_paths, [document])
    if result.errors:
        raise SpecErrors(result.errors)
    apply_build(result)
    report.written.extend(s.name for s in result.written if s.name not in report.written)
    return report
