"""The command line. Thin on purpose: parse options, call the pipeline, print, exit.

Exit codes follow black/ruff: 0 clean, 1 something is stale (check mode), 2 an error in a
spec, the configuration or the command line.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from specmaid import __version__

F = TypeVar("F", bound=Callable[..., Any])

EXIT_OK, EXIT_STALE, EXIT_ERROR = 0, 1, 2


def _fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(EXIT_ERROR)


def handle_errors(func: F) -> F:
    """Turn specmaid's errors into messages and exit code 2; never a traceback for bad
    input. With --debug an internal error shows its traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from specmaid.errors import SpecErrors, UsageError

        try:
            return func(*args, **kwargs)
        except SpecErrors as exc:
            errors = [e for e in exc.errors if e.severity == "error"]
            lines = [str(e) for e in exc.errors]
            lines.append(f"specmaid: {len(errors)} error{'s' if len(errors) != 1 else ''}")
            _fail(lines)
        except UsageError as exc:
            _fail([f"specmaid: error: {exc}"])
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:  # a file we were told to read or write (e.g. `-o` read-only)
            where = f"{exc.filename}: " if exc.filename else ""
            _fail([f"{where}error: {exc.strerror or exc}", "specmaid: 1 error"])
        except Exception as exc:
            ctx = click.get_current_context(silent=True)
            if ctx is not None and ctx.find_root().params.get("debug"):
                raise
            _fail(
                [
                    f"specmaid: internal error: {type(exc).__name__}: {exc}",
                    "This is a bug in specmaid; run again with --debug for the traceback.",
                ]
            )

    return wrapper  # type: ignore[return-value]


#: Builds with fewer specs to render than this finish before a progress bar is worth drawing.
PROGRESS_MIN_ITEMS = 20


@contextmanager
def _progress(
    label: str, *, plain_lines: bool = True, min_items: int = 0
) -> Iterator[Callable[[int, int, str], None]]:
    """A ``step(done, total, item)`` callback for long jobs. On a terminal it draws a
    progress bar on stderr; elsewhere (CI, pipes) it prints one plain line per item when
    ``plain_lines`` is set, and nothing otherwise."""
    bar: Any = None
    tty = sys.stderr.isatty()

    def step(done: int, total: int, item: str) -> None:
        nonlocal bar
        if tty:
            if total < min_items:
                return
            if bar is None:
                bar = click.progressbar(length=total, label=label, file=sys.stderr)
                bar.__enter__()
            bar.update(done - bar.pos, item)
        elif plain_lines:
            click.echo(f"[{done}/{total}] {item}", err=True)

    try:
        yield step
    finally:
        if bar is not None:
            bar.__exit__(None, None, None)


def _project(required: bool = True) -> Any:
    from specmaid.errors import UsageError
    from specmaid.project.config import default_project, find_project

    project = find_project()
    if project is None:
        if required:
            raise UsageError(
                "no specmaid project here: add a [tool.specmaid] table to pyproject.toml"
                " or a specmaid.yaml file (searched from the current folder upwards)"
            )
        return default_project()
    return project


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="specmaid")
@click.option("--debug", is_flag=True, help="Show tracebacks of internal errors.")
def main(debug: bool) -> None:
    """specmaid: declarative YAML specs → Mermaid diagrams, kept in sync."""


def _target_callback(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    if value is not None:
        from specmaid.mermaid.features import parse_target

        if parse_target(value) is None:
            raise click.BadParameter(f"{value!r} is not a Mermaid version such as 10.9 or 11")
    return value


target_option = click.option(
    "--target",
    callback=_target_callback,
    help="The Mermaid version readers run (e.g. 10.9, 11); overrides the project's and the"
    " specs' (see `specmaid features`).",
)


def _with_target(project: Any, target: str | None) -> Any:
    import dataclasses

    return dataclasses.replace(project, target_override=target) if target else project


@main.command()
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

    project = find_project(spec.parent if spec.parent.is_dir() else None) or _project(False)
    project = _with_target(project, target)
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

    project = _with_target(_project(), target)
    specs, markdown = _split_paths(paths)
    with _progress("rendering", plain_lines=False, min_items=PROGRESS_MIN_ITEMS) as step:
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


@main.command()
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


@main.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--diff", is_flag=True, help="Print a unified diff of what is stale.")
@click.option("--no-cache", is_flag=True, help="Render every spec, ignoring the render cache.")
@target_option
@handle_errors
def check(files: tuple[Path, ...], diff: bool, no_cache: bool, target: str | None) -> None:
    """Exit 0 when every output and Markdown block is current, 1 when anything is stale,
    2 on errors (same as build --check). Writes no output (only its render cache)."""
    sys.exit(_run_build(True, diff, files, not no_cache, target))


@main.command()
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
        project = _project(required=bool(not specs))
    project = _with_target(project, target)
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
        rendered.append((project.relative(path), result.text))
    if with_mermaid and rendered:
        from specmaid.mermaid.bridge import MermaidUnavailable, parse_diagrams

        try:
            results = parse_diagrams(rendered, project_node_modules(project))
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


def project_node_modules(project: Any) -> Path | None:
    from specmaid.mermaid.bridge import find_node_modules

    return find_node_modules(project.root)


@main.command("import")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the spec here instead of stdout.",
)
@handle_errors
def import_(source: Path, output: Path | None) -> None:
    """Turn a Mermaid diagram (a .mmd file, or - for stdin) into a spec. Reads flowcharts,
    sequence, class, state, ER, gantt, pie, timeline, mind map, journey and sankey
    diagrams; needs Node and `specmaid setup`, like --mermaid."""
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


@main.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def adopt(document: Path) -> None:
    """Turn every ```mermaid block of a Markdown file into a spec under specs/ plus
    markers, so `specmaid check` passes right after and the document renders the same."""
    from specmaid.errors import UsageError
    from specmaid.importing.adopt import adopt_document
    from specmaid.mermaid.bridge import MermaidUnavailable

    project = _project()
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


@main.command()
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

    project = _project()
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


@main.command()
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

    server = PreviewServer(_project(), host=host, port=port, poll=poll)
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


@main.command()
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

    project = _project()
    paths = [p.resolve() for p in specs] or None
    options = ExportOptions(fmt=fmt, html_labels=not no_html_labels, jobs=jobs)
    with _progress("exporting") as step:
        written = export_specs(project, paths, output_dir, options, progress=step)
    n = len(written)
    click.echo(f"specmaid: exported {n} image{'s' if n != 1 else ''}.", err=True)


@main.command()
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

    report, code = run(_project(), specs, base, head, output_format)
    click.echo(report, nl=False)
    sys.exit(code)


@main.command()
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


@main.command()
@click.option(
    "--export",
    "with_export",
    is_flag=True,
    help="Also install mermaid-cli (with puppeteer-core) for `specmaid export`.",
)
@handle_errors
def setup(with_export: bool) -> None:
    """Install the pinned npm packages (Mermaid, jsdom, js-yaml; with --export also
    mermaid-cli) into your user cache folder with npm ci. Needs Node 20+ and, once, the
    npm registry; never writes into the project."""
    from specmaid.mermaid.nodesetup import install

    install("export" if with_export else "parse", lambda line: click.echo(line, err=True))


@main.command()
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


@main.command()
@click.option("--kind", "kind_name", help="Only this diagram kind (and what all kinds share).")
@handle_errors
def features(kind_name: str | None) -> None:
    """Print the Mermaid version each diagram kind and feature needs (what `target` checks)."""
    from specmaid.errors import UsageError
    from specmaid.kinds.registry import kind_names
    from specmaid.mermaid.features import CHECKED, PROFILES, show, table

    if kind_name is not None and kind_name not in kind_names():
        from specmaid.errors import did_you_mean

        raise UsageError(
            f"unknown kind {kind_name!r}; expected one of: {', '.join(kind_names())}."
            + did_you_mean(kind_name, kind_names())
        )
    rows = [("kind", "feature", "since", "note"), *table(kind_name)]
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    for row in rows:
        line = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:3]))
        click.echo(f"{line}  {row[3]}".rstrip())
    checked = ", ".join(show(v) for v in CHECKED)
    click.echo(f"\n(specmaid checks its output on Mermaid {checked}; `*` = every kind)")
    for name, (version, source) in PROFILES.items():
        click.echo(f"target {name}: Mermaid {show(version)} ({source})")


if __name__ == "__main__":  # pragma: no cover
    main()
