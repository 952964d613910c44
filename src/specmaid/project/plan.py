"""Planning a build or check of a whole project: every spec's outputs and every Markdown
block rendered and compared with what is on disk (nothing is written here; see
:mod:`specmaid.project.apply`), and the record that lets the next clean check be quick.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from specmaid.errors import SpecError, SpecErrors
from specmaid.paths import Containment, is_inside
from specmaid.project.config import Project
from specmaid.project.files import (
    SKIPPED_FOLDERS,
    glob_base,
    markdown_files,
    missing_markdown,
    output_path,
    spec_files,
    uncovered_markdown,
)
from specmaid.project.manifest import MANIFEST_NAME, manifest_text, orphaned_outputs
from specmaid.project.renderer import MarkdownMemo, Renderer
from specmaid.project.status import BuildResult, OutputStatus, file_status, schema_statuses

if TYPE_CHECKING:
    from specmaid.project.cache import BuildCache
    from specmaid.project.markdown import MarkdownBlock


def plan_build(
    project: Project,
    only: list[Path] | None = None,
    markdown: list[Path] | None = None,
    *,
    use_cache: bool = True,
    progress: Callable[[int, int, str], None] | None = None,
    cache: BuildCache | None = None,
    memo: MarkdownMemo | None = None,
) -> BuildResult:
    """Render every spec (or ``only`` these) and every Markdown block, and compare with what
    is on disk; writes no output. With ``only``/``markdown`` given, just those files. The
    render cache (see :mod:`specmaid.project.cache`) is used and updated unless ``use_cache``
    is off.
    ``progress(number, total, spec_name)`` is called as each spec is taken up. A ``cache``
    given (made for this project's templates and settings) is used and left to the caller
    to save; `specmaid watch` keeps one between rebuilds, as reading and writing it costs
    more than rendering one spec, and a ``memo`` of the Markdown blocks (see MarkdownMemo)."""
    result = BuildResult(out_dir=project.out_dir)
    renderer = Renderer(project, use_cache, cache, memo)
    named = only is not None or markdown is not None
    specs = spec_files(project) if not named else list(only or [])
    expected: set[Path] = set()
    # Files found under the specs folder are inside it by construction; named ones are checked.
    outside = [s for s in specs if named and not is_inside(project.specs_dir, s)]
    for spec in outside:
        result.errors.append(
            SpecError(
                f"not a spec of this project: specs live in {project.specs}/ (under"
                f" {project.root})",
                file=project.relative(spec),
            )
        )
    specs = [s for s in specs if s not in outside]
    renderer.prefetch(specs)
    inside_root = Containment(project.root)
    for number, spec in enumerate(specs, 1):
        if progress is not None:
            progress(number, len(specs), project.relative(spec))
        try:
            texts, warnings = renderer.outputs(spec)
        except SpecErrors as exc:
            result.errors.extend(exc.errors)
            continue
        result.warnings.extend(warnings)
        for suffix, text in texts.items():
            target = output_path(project, spec, suffix)
            expected.add(target)
            if not inside_root(target):  # e.g. a symlinked folder in out/
                result.errors.append(
                    SpecError(
                        "its output would be written outside the project root (through a"
                        " symbolic link?); refusing to write there",
                        file=project.relative(target),
                    )
                )
                continue
            name = project.relative(target)
            if renderer.on_disk(spec, suffix):
                result.outputs.append(OutputStatus(target, name, "current", text, text))
            else:
                result.outputs.append(file_status(target, name, text))
    if named:
        documents = list(markdown or [])
    else:
        documents = markdown_files(project)
        for entry in missing_markdown(project):
            result.warnings.append(
                SpecError(
                    f"{entry!r} does not exist (paths are relative to the project root)",
                    path=("markdown",),
                    file=project.relative(project.config_file) if project.config_file else None,
                    severity="warning",
                )
            )
    for md in documents:
        if not is_inside(project.root, md):
            result.errors.append(
                SpecError(
                    f"outside the project root ({project.root}); specmaid only edits files"
                    " inside it",
                    file=project.relative(md),
                )
            )
            continue
        try:
            status = plan_markdown(project, md, renderer)
        except SpecErrors as exc:
            result.errors.extend(exc.errors)
            continue
        if status is not None:
            result.outputs.append(status)
    if not named and not project.header:
        # Without the generated-file comment, the manifest is how a later build tells the
        # files it wrote from files someone else put in out/.
        manifest = project.out_dir / MANIFEST_NAME
        result.outputs.append(
            file_status(manifest, project.relative(manifest), manifest_text(project, expected))
        )
    if not named:
        result.outputs.extend(schema_statuses(project))
        result.warnings.extend(uncovered_markdown(project, documents))
        for orphan in orphaned_outputs(project, expected):
            text = orphan.read_text(encoding="utf-8", errors="replace")
            result.outputs.append(
                OutputStatus(orphan, project.relative(orphan), "orphan", None, text)
            )
    if cache is None:
        renderer.cache.save()
    result.reads = renderer.reads
    result.cache = renderer.cache
    # A spec with errors is reported once, though both out/ and a Markdown block render it.
    result.errors = list(dict.fromkeys(result.errors))
    if not named and use_cache:
        _record_for_quick_check(project, result, renderer, documents, expected)
    return result


def _record_for_quick_check(
    project: Project,
    result: BuildResult,
    renderer: Renderer,
    documents: list[Path],
    expected: set[Path],
) -> None:
    """After a clean check, write what it rested on for :mod:`specmaid.project.quick`; after any
    other, drop that record."""
    from specmaid.paths import builtin_templates_dir
    from specmaid.project import quick
    from specmaid.project.cache import package_files

    root = os.path.realpath(project.root)
    if result.errors or result.warnings or result.changes:
        quick.forget(root)
        return
    files = set(renderer.read_files)
    files.update(str(p) for p in expected)
    files.update(str(p) for p in documents)
    files.update(str(o.path) for o in result.outputs if o.kind == "output")  # schemas too
    files.update(package_files())
    if project.out_dir.is_dir():  # hand-written .mmd files there too (orphans are read)
        files.update(str(p) for p in project.out_dir.rglob("*") if p.is_file())
    template_dirs = [builtin_templates_dir(), project.templates_dir]
    for folder in template_dirs:
        if folder.is_dir():
            files.update(str(p) for p in folder.rglob("*") if p.is_file())
    walked: list[tuple[str, frozenset[str]]] = [
        (str(project.specs_dir), frozenset()),
        (str(project.out_dir), SKIPPED_FOLDERS),
        (str(project.themes_dir), frozenset()),
        *((str(folder), frozenset()) for folder in template_dirs),
        (os.path.dirname(package_files()[0]) if package_files() else root, frozenset()),
    ]
    for pattern in project.markdown:
        base, named = glob_base(project.root, pattern)
        walked.append((str(base), SKIPPED_FOLDERS - named))
    # The project's own config files decide where the project is and what it holds.
    configs = {os.path.join(root, name) for name in quick.CONFIG_NAMES}
    quick.record_clean(root, len(result.outputs), files, set(), walked, configs)


def _marker_spec(project: Project, block: MarkdownBlock, document: Path) -> Path:
    """The spec a marker names: relative to the project root, never outside it."""
    spec = (project.root / block.spec).resolve()
    inside = not Path(block.spec).is_absolute() and is_inside(project.root, spec)
    if inside and spec.is_file():
        return spec
    beside = (document.parent / block.spec).resolve()
    if not Path(block.spec).is_absolute() and beside.is_file() and is_inside(project.root, beside):
        message = (
            f"unknown spec {block.spec!r}: marker paths are relative to the project root, not"
            f" to the Markdown file; write {project.relative(beside)!r}"
        )
    elif not inside:
        message = (
            f"{block.spec!r} points outside the project root; marker paths are relative to"
            " the project root and stay inside it"
        )
    else:
        names: dict[str, list[str]] = {}
        for path in spec_files(project):
            names.setdefault(path.name, []).append(project.relative(path))
        from difflib import get_close_matches  # (here: only a missing spec needs it)

        close = get_close_matches(Path(block.spec).name, list(names), n=2, cutoff=0.6)
        suggestions = [name for base in close for name in names[base]]
        if suggestions:
            hint = " Did you mean " + " or ".join(repr(n) for n in suggestions[:3]) + "?"
        elif is_inside(project.specs_dir, spec):
            hint = " There is no such file (was the spec moved or deleted?)."
        else:
            hint = f" Marker paths are relative to the project root, e.g. {project.specs}/x.yaml."
        message = f"unknown spec {block.spec!r}.{hint}"
    raise SpecErrors([SpecError(message, file=block.file, line=block.open_line, column=1)])


def plan_markdown(
    project: Project, path: Path, renderer: Renderer | None = None
) -> OutputStatus | None:
    """The Markdown file with its blocks rendered; None when it has no markers. Raises
    SpecErrors (``file:line``) for broken markers or specs; the file is never touched here."""
    from specmaid.pipeline.textfile import decode_text
    from specmaid.project.markdown import block_is_current, parse_markdown, replace_blocks

    name = project.relative(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SpecErrors([SpecError("Markdown file not found", file=name)]) from None
    except IsADirectoryError:
        raise SpecErrors([SpecError("is a folder, not a Markdown file", file=name)]) from None
    except OSError as exc:
        raise SpecErrors([SpecError(f"cannot read file: {exc.strerror}", file=name)]) from None
    text = decode_text(data, name)
    bom = "\ufeff" if data.startswith(b"\xef\xbb\xbf") else ""
    doc = parse_markdown(text, name)
    if not doc.blocks:
        return None
    rendered: dict[int, str] = {}
    errors: list[SpecError] = []
    renderer = renderer or Renderer(project, use_cache=False)
    done: dict[tuple[Path, str | None, str | None], str] = {}
    for block in doc.blocks:
        try:
            memo = renderer.memo
            if memo is not None and (path, block.spec) in memo.markers:
                spec = memo.markers[path, block.spec]
            else:
                spec = _marker_spec(project, block, path)
                if memo is not None:
                    memo.markers[path, block.spec] = spec
            key = (spec, block.options.get("config_style"), block.options.get("target"))
            if key not in done:
                done[key] = renderer.block(spec, key[1], key[2])
        except SpecErrors as exc:
            errors.extend(e for e in exc.errors if e not in errors)
            continue
        rendered[block.open_line] = done[key]
    if errors:
        raise SpecErrors(errors)
    status = file_status(path, name, bom + replace_blocks(doc, rendered), kind="markdown")
    status.blocks = [
        b.open_line for b in doc.blocks if not block_is_current(b, rendered[b.open_line])
    ]
    return status
