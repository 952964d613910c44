"""The commands that run the pipeline over specs: render (one spec), build and check (the
project), validate (specs, optionally with Mermaid).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from specmaid.cli.common import (
    EXIT_OK,
    EXIT_STALE,
    PROGRESS_MIN_ITEMS,
    current_project,
    handle_errors,
    progress_bar,
    project_node_modules,
    target_option,
    with_target,
)


@click.command()
@click.argument("spec", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@click.option(
    "--config-style",
    type=click.Choice(["frontmatter", "init", "both"]),
    help="How to emit Mermaid config.",
)
@target_option
@handle_errors
def render(spec: Path, output: Path | None, config_style: str | None, target: str | None) -> None:
    """Print the Mermaid text of one SPEC (inside a project or anywhere)."""
    from specmaid.pipeline.compile import render_file
    from specmaid.project.config import find_project
    from specmaid.project.output import write_atomic

    project = find_project(spec.parent if spec.parent.is_dir() else None) or current_project(False)
    project = with_target(project, target)
    rendered = render_file(spec, project, config_style=config_style)
    for warning in rendered.warnings:
        click.echo(str(warning), err=True)
    if output is None:
        click.echo(rendered.text, nl=False)
    else:
        write_atomic(output, rendered.text.encode("utf-8"))


def _split_paths(paths: tuple[Path, ...]) -> tuple[list[Path] | None, list[Path] | None]:
    from specmaid.project.files import MARKDOWN_SUFFIXES

    if not paths:
        return None, None
    specs = [p.resolve() for p in paths if p.suffix not in MARKDOWN_SUFFIXES]
    markdown = [p.resolve() for p in paths if p.suffix in MARKDOWN_SUFFIXES]
    return specs, markdown


def _describe(status: Any) -> list[str]:
    if status.kind == "markdown":
        if status.blocks:
            return [f"{status.name}:{line}: stale Markdown block" for line in status.blocks]
        return [f"{status.name}: stale"]
    label = {"stale": "stale", "missing": "missing", "orphan": "orphaned (its spec is gone)"}
    return [f"{status.name}: {label[status.state]}"]


def _run_build(
    check: bool,
    diff: bool,
    paths: tuple[Path, ...],
    use_cache: bool = True,
    target: str | None = None,
) -> int:
    from specmaid.errors import SpecErrors
    from specmaid.project.apply import apply_build
    from specmaid.project.plan import plan_build

    project = with_target(current_project(), target)
    specs, markdown = _split_paths(paths)
    with progress_bar("rendering", plain_lines=False, min_items=PROGRESS_MIN_ITEMS) as step:
        result = plan_build(project, specs, markdown, use_cache=use_cache, progress=step)
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    if result.errors:
        raise SpecErrors(result.errors)
    changes = result.changes
    if check:
        for status in changes:
            for line in _describe(status):
                click.echo(line)
            if diff:
                click.echo(status.diff(), nl=False)
        if changes:
            n = len(changes)
            click.echo(
                f"specmaid: {n} file{'s' if n != 1 else ''} out of date;"
                " run `specmaid build` to update.",
                err=True,
            )
            return EXIT_STALE
        click.echo(f"specmaid: {len(result.outputs)} files up to date.", err=True)
        return EXIT_OK
    if diff:
        # Like black's --diff: show what would change and write nothing.
        for status in changes:
            click.echo(status.diff(), nl=False)
        n = len(changes)
        click.echo(f"specmaid: {n} file{'s' if n != 1 else ''} would change.", err=True)
        return EXIT_OK
    apply_build(result)
    for status in result.written:
        click.echo(f"wrote {status.name}")
    for status in result.removed:
        click.echo(f"removed {status.name} (its spec is gone)")
    if not result.written and not result.removed:
        click.echo(f"specmaid: {len(result.outputs)} files up to date; nothing written.", err=True)
    return EXIT_OK


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if anything is stale.")
@click.option(
    "--diff", is_flag=True, help="Print a unified diff of what would change; write nothing."
)
@click.option("--no-cache", is_flag=True, help="Render every spec, ignoring the render cache.")
@target_option
@handle_errors
def build(
    files: tuple[Path, ...], check: bool, diff: bool, no_cache: bool, target: str | None
) -> None:
    """Render every spec to out/ and update the Markdown blocks (or only FILES: specs and
    Markdown files)."""
    sys.exit(_run_build(check, diff, files, not no_cache, target))


@click.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--diff", is_flag=True, help="Print a unified diff of what is stale.")
@click.option("--no-cache", is_flag=True, help="Render every spec, ignoring the render cache.")
@target_option
@handle_errors
def check(files: tuple[Path, ...], diff: bool, no_cache: bool, target: str | None) -> None:
    """Exit 0 when every output and Markdown block is current, 1 when anything is stale,
    2 on errors (same as build --check). Writes no output (only its render cache)."""
    sys.exit(_run_build(True, diff, files, not no_cache, target))


@click.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--mermaid",
    "with_mermaid",
    is_flag=True,
    help="Also parse with real Mermaid (needs Node and `specmaid setup`).",
)
@target_option
@handle_errors
def validate(specs: tuple[Path, ...], with_mermaid: bool, target: str | None) -> None:
    """Lint specs (default: every spec of the project) without writing anything."""
    from specmaid.errors import SpecError, SpecErrors, UsageError
    from specmaid.pipeline.compile import render_file
    from specmaid.project.config import find_project
    from specmaid.project.files import spec_files

    project = find_project() if not specs else find_project(specs[0].resolve().parent)
    if project is None:
        project = current_project(required=bool(not specs))
    project = with_target(project, target)
    paths = [p.resolve() for p in specs] or spec_files(project)
    errors: list[SpecError] = []
    rendered = []
    for path in paths:
        try:
            result = render_file(path, project)
        except SpecErrors as exc:
            errors.extend(exc.errors)
            continue
        for warning in result.warnings:
            click.echo(str(warning), err=True)
        rendered.append((project.relative(path), result.text, result.target))
    if with_mermaid and rendered:
        from specmaid.mermaid.bridge import MermaidUnavailable, parse_for_targets

        try:
            results = parse_for_targets(rendered, project_node_modules(project))
        except MermaidUnavailable as exc:
            raise UsageError(f"--mermaid: {exc}") from None
        for result in results:
            if not result.ok:
                first = (result.error or "").splitlines()[0] if result.error else ""
                errors.append(
                    SpecError(f"Mermaid cannot parse the output: {first}", file=result.name)
                )
    if errors:
        raise SpecErrors(errors)
    checked = "checked with Mermaid" if with_mermaid else "valid"
    click.echo(f"specmaid: {len(paths)} spec{'s' if len(paths) != 1 else ''} {checked}.", err=True)
