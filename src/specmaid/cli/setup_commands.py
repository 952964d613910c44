"""The commands that set things up or describe them: init, setup, schema and features."""

from __future__ import annotations

from pathlib import Path

import click

from specmaid.cli.common import (
    handle_errors,
)


@click.command()
@click.option(
    "--markdown",
    "markdown",
    multiple=True,
    metavar="GLOB",
    help="A Markdown file or glob whose specmaid blocks build and check keep in sync"
    " (repeatable; added to the project's `markdown` list).",
)
@handle_errors
def init(markdown: tuple[str, ...]) -> None:
    """Make the current folder a specmaid project: the configuration ([tool.specmaid] in
    pyproject.toml, else specmaid.yaml), specs/ with an example, schema/ for editors and
    .gitignore entries. Writes only what is missing; never overwrites a file."""
    from specmaid.errors import UsageError
    from specmaid.project.init import PRE_COMMIT, init_project

    for pattern in markdown:
        if Path(pattern).is_absolute() or ".." in Path(pattern.replace("\\", "/")).parts:
            raise UsageError(f"--markdown {pattern!r}: give a path inside this folder")
    report = init_project(Path.cwd().resolve(), list(markdown))
    for line in report.written:
        click.echo(f"wrote {line}")
    for line in report.kept:
        click.echo(f"kept {line}", err=True)
    click.echo(
        "\nNext: `specmaid build` writes out/; `specmaid setup` installs the pinned Mermaid that"
        " validate --mermaid, import, adopt and serve use (`specmaid setup --export` for"
        f" export).\nTo check diagrams on every commit (pre-commit):\n\n{PRE_COMMIT}",
        err=True,
    )


@click.command()
@click.option(
    "--export",
    "with_export",
    is_flag=True,
    help="Also install mermaid-cli (with puppeteer-core) for `specmaid export`.",
)
@click.option(
    "--mermaid-12",
    "with_mermaid_12",
    is_flag=True,
    help="Also install Mermaid 12, which `validate --mermaid` parses target-12 output with.",
)
@handle_errors
def setup(with_export: bool, with_mermaid_12: bool) -> None:
    """Install the pinned npm packages (Mermaid, jsdom, js-yaml; with --export also
    mermaid-cli) into your user cache folder with npm ci. Needs Node 20+ and, once, the
    npm registry; never writes into the project."""
    from specmaid.mermaid.nodesetup import install

    install("export" if with_export else "parse", lambda line: click.echo(line, err=True))
    if with_mermaid_12:
        install("mermaid-12", lambda line: click.echo(line, err=True))


@click.command()
@click.option("--kind", "what", flag_value="spec", default=True, help="The spec schema (default).")
@click.option("--theme", "what", flag_value="theme", help="The theme schema.")
@click.option("--fragment", "what", flag_value="fragment", help="The include-fragment schema.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write here instead of stdout.",
)
@handle_errors
def schema(what: str, output: Path | None) -> None:
    """Print the JSON Schema for specs (or themes, or fragments), for editors."""
    from specmaid.pipeline.schema import SCHEMAS, dumps
    from specmaid.project.output import write_atomic

    text = dumps(SCHEMAS[f"{what}.schema.json"]())
    if output is None:
        click.echo(text, nl=False)
    else:
        write_atomic(output, text.encode("utf-8"))


@click.command()
@click.option("--kind", "kind_name", help="Only this diagram kind (and what all kinds share).")
@handle_errors
def features(kind_name: str | None) -> None:
    """Print the Mermaid version each diagram kind and feature needs (what `target` checks)."""
    from specmaid.errors import UsageError
    from specmaid.kinds.registry import kind_names
    from specmaid.mermaid.features import CHECKED, PROFILES, show, table, table_header

    if kind_name is not None and kind_name not in kind_names():
        from specmaid.errors import did_you_mean

        raise UsageError(
            f"unknown kind {kind_name!r}; expected one of: {', '.join(kind_names())}."
            + did_you_mean(kind_name, kind_names())
        )
    rows = [table_header(), *table(kind_name)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    for row in rows:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:-1]))
        click.echo(f"{line}  {row[-1]}".rstrip())
    checked = ", ".join(show(v) for v in CHECKED)
    click.echo(f"\n(specmaid checks its output on Mermaid {checked}; `*` = every kind)")
    for name, (version, source) in PROFILES.items():
        click.echo(f"target {name}: Mermaid {show(version)} ({source})")
    from specmaid.mermaid.hosts import host_lines

    click.echo("\nWhich Mermaid hosts run, by their own material (README, 'Mermaid 12'):")
    for line in host_lines():
        click.echo(f"  {line}")
