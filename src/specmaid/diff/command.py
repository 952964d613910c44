"""The body of ``specmaid diff`` (the CLI only parses options and exits with our code)."""

from __future__ import annotations

from pathlib import Path

from specmaid.project.config import Project

EXIT_SAME, EXIT_CHANGED = 0, 1
FORMATS = ("text", "json", "markdown")


def run(
    project: Project, specs: tuple[Path, ...], base: str, head: str | None, output_format: str
) -> tuple[str, int]:
    """The report and the exit code: 0 when no diagram changed, 1 when one did."""
    from specmaid.diff import formats
    from specmaid.diff.run import diff

    only = [project.relative(p.absolute()) for p in specs] if specs else None
    result = diff(project, base, head, only)
    if output_format == "json":
        report = formats.as_json(result)
    elif output_format == "markdown":
        report = formats.markdown(result)
    else:
        report = formats.text(result)
    return report, EXIT_CHANGED if result.changed else EXIT_SAME
