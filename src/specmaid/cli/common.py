"""What every command shares: errors turned into messages and exit codes, the project of
the current folder, the `--target` option, and a progress bar for long jobs.

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

F = TypeVar("F", bound=Callable[..., Any])


EXIT_OK, EXIT_STALE, EXIT_ERROR = 0, 1, 2


def fail(lines: list[str]) -> None:
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
            fail(lines)
        except UsageError as exc:
            fail([f"specmaid: error: {exc}"])
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except OSError as exc:  # a file we were told to read or write (e.g. `-o` read-only)
            where = f"{exc.filename}: " if exc.filename else ""
            fail([f"{where}error: {exc.strerror or exc}", "specmaid: 1 error"])
        except Exception as exc:
            ctx = click.get_current_context(silent=True)
            if ctx is not None and ctx.find_root().params.get("debug"):
                raise
            fail(
                [
                    f"specmaid: internal error: {type(exc).__name__}: {exc}",
                    "This is a bug in specmaid; run again with --debug for the traceback.",
                ]
            )

    return wrapper  # type: ignore[return-value]


#: Builds with fewer specs to render than this finish before a progress bar is worth drawing.
PROGRESS_MIN_ITEMS = 20


@contextmanager
def progress_bar(
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


def current_project(required: bool = True) -> Any:
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


def with_target(project: Any, target: str | None) -> Any:
    import dataclasses

    return dataclasses.replace(project, target_override=target) if target else project


def project_node_modules(project: Any) -> Path | None:
    from specmaid.mermaid.bridge import find_node_modules

    return find_node_modules(project.root)
