"""The commands that start an application on the project: watch, serve, export and diff."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from specmaid.cli.common import (
    EXIT_OK,
    current_project,
    handle_errors,
    progress_bar,
)


@click.command()
@click.option(
    "--interval",
    type=click.FloatRange(min=0.05),
    default=0.5,
    show_default=True,
    help="Seconds between two looks at the files when polling.",
)
@click.option(
    "--poll",
    is_flag=True,
    help="Look at the files every --interval seconds instead of being told of changes by the"
    " system (automatic on network file systems).",
)
@handle_errors
def watch(interval: float, poll: bool) -> None:
    """Build, then rebuild on every change to a spec, theme, template, Markdown file or the
    project configuration; one line per rebuild. A bad edit prints its errors and waits for
    the next change. Ctrl-C stops (exit 0)."""
    from specmaid.apps.watch import watch_project

    project = current_project()
    click.echo(f"specmaid: watching {project.root} (Ctrl-C to stop)", err=True)
    try:
        watch_project(
            project,
            echo=click.echo,
            echo_problem=lambda line: click.echo(line, err=True),
            poll=poll,
            interval=interval,
        )
    except KeyboardInterrupt:
        click.echo("specmaid: stopped watching.", err=True)
    sys.exit(EXIT_OK)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="Port to listen on (0: any free port).",
)
@click.option(
    "--poll",
    is_flag=True,
    help="Look at the files every 0.3 s instead of being told of changes by the system.",
)
@handle_errors
def serve(host: str, port: int, poll: bool) -> None:
    """A live preview: a local web page drawing every diagram of the project with Mermaid,
    redrawn when a spec changes, showing a spec's errors in place of its diagram. Needs
    `specmaid setup` (Mermaid's browser script comes from it). Ctrl-C stops (exit 0)."""
    from specmaid.apps.serve import PreviewServer

    server = PreviewServer(current_project(), host=host, port=port, poll=poll)
    server.start()
    click.echo(f"specmaid: serving {server.url} (Ctrl-C to stop)")
    if server.polling is not None:
        click.echo(f"specmaid: polling every {server.interval:g} s ({server.polling})", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(
            f"specmaid: warning: listening on {host}: anyone who can reach it sees your diagrams",
            err=True,
        )
    try:
        server.wait()
    except KeyboardInterrupt:
        click.echo("specmaid: stopped serving.", err=True)
    finally:
        server.stop()
    sys.exit(EXIT_OK)


@click.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["svg", "png", "pdf"]),
    default="svg",
    show_default=True,
    help="Image format.",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the images (default: the project's out folder), same layout as specs/.",
)
@click.option(
    "--no-html-labels",
    is_flag=True,
    help="Draw labels as SVG text, not HTML (for SVGs opened in Inkscape or Office).",
)
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Diagrams drawn at once  [default: one per core]; the images are the same.",
)
@handle_errors
def export(
    specs: tuple[Path, ...],
    fmt: str,
    output_dir: Path | None,
    no_html_labels: bool,
    jobs: int | None,
) -> None:
    """Draw SPECS (default: every spec) as SVG, PNG or PDF images with mermaid-cli and the
    system Chromium (needs Node, `specmaid setup --export` and Chromium)."""
    from specmaid.apps.export import ExportOptions, export_specs

    project = current_project()
    paths = [p.resolve() for p in specs] or None
    options = ExportOptions(fmt=fmt, html_labels=not no_html_labels, jobs=jobs)
    with progress_bar("exporting") as step:
        written = export_specs(project, paths, output_dir, options, progress=step)
    n = len(written)
    click.echo(f"specmaid: exported {n} image{'s' if n != 1 else ''}.", err=True)


@click.command()
@click.argument("specs", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--base", default="HEAD", show_default=True, help="The revision to compare with.")
@click.option(
    "--head", default=None, help="Compare with this revision instead of the working tree."
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    show_default=True,
    help="text (a summary per diagram, then the changes), json, or markdown (a PR comment).",
)
@handle_errors
def diff(specs: tuple[Path, ...], base: str, head: str | None, output_format: str) -> None:
    """What changed in each diagram between a git revision (--base, default HEAD) and the
    working tree (or --head REV): elements added, removed, changed or moved, compared on
    the model, not the text. Exit 0 when no diagram changed, 1 when one did, 2 on errors."""
    from specmaid.diff.command import run

    report, code = run(current_project(), specs, base, head, output_format)
    click.echo(report, nl=False)
    sys.exit(code)
