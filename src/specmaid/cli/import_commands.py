"""The commands that read Mermaid into specs: import (one diagram) and adopt (a Markdown
file's blocks).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from specmaid.cli.common import (
    current_project,
    handle_errors,
)


class ImportCommand(click.Command):
    """`specmaid import`, whose help names the kinds it reads, from the registry (the kinds
    that declare an importer), when the help is shown: listing them at start-up would
    import every kind, and a list written by hand would miss the next kind's importer."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        import inspect

        from specmaid.kinds.registry import importable_kinds

        kinds = ", ".join(["flowchart", *importable_kinds()])
        base = self.help
        self.help = f"{inspect.cleandoc(base or '')}\n\nReads these kinds: {kinds}."
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = base


@click.command("import", cls=ImportCommand)
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the spec here instead of stdout.",
)
@handle_errors
def import_(source: Path, output: Path | None) -> None:
    """Turn a Mermaid diagram (a .mmd file, or - for stdin) into a spec. Needs Node and
    `specmaid setup`, like --mermaid."""
    from specmaid.errors import UsageError
    from specmaid.importing.dispatch import import_diagram
    from specmaid.mermaid.bridge import MermaidUnavailable
    from specmaid.pipeline.source import read_source
    from specmaid.project.output import write_atomic

    if str(source) == "-":
        from specmaid.pipeline.textfile import decode_text

        name = "<stdin>"
        # bytes: decode_text owns the decoding errors
        text = decode_text(sys.stdin.buffer.read(), name)
    else:
        name = str(source)
        text = read_source(source, name).text
    try:
        result = import_diagram(text, name)
    except MermaidUnavailable as exc:
        raise UsageError(f"import reads Mermaid with Mermaid itself: {exc}") from None
    for warning in result.warnings:
        click.echo(str(warning), err=True)
    spec_text = result.yaml(
        f"imported by specmaid from {'stdin' if name == '<stdin>' else source.name}"
    )
    if output is None:
        click.echo(spec_text, nl=False)
    else:
        write_atomic(output, spec_text.encode("utf-8"))
        click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def adopt(document: Path) -> None:
    """Turn every ```mermaid block of a Markdown file into a spec under specs/ plus
    markers, so `specmaid check` passes right after and the document renders the same."""
    from specmaid.errors import UsageError
    from specmaid.importing.adopt import adopt_document
    from specmaid.mermaid.bridge import MermaidUnavailable

    project = current_project()
    try:
        report = adopt_document(project, document.resolve())
    except MermaidUnavailable as exc:
        raise UsageError(f"adopt reads Mermaid with Mermaid itself: {exc}") from None
    for warning in report.warnings:
        click.echo(str(warning), err=True)
    for line in report.written:
        click.echo(f"wrote {line}")
    for line in report.skipped:
        click.echo(f"kept as it is: {line}", err=True)
