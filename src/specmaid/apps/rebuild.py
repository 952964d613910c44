"""One rebuild for `specmaid watch` and `serve`: what it wrote and what went wrong."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from specmaid.errors import SpecError, SpecErrors, UsageError
from specmaid.project.config import Project, find_project
from specmaid.project.renderer import MarkdownMemo

if TYPE_CHECKING:
    from specmaid.project.cache import BuildCache


def unexpected_error(exc: Exception, root: Path) -> SpecError:
    """An error that is not a spec's: a Jinja2 error in a project template (with its line when
    Jinja2 knows it), or an internal error. Watching and serving report it and go on."""
    from jinja2 import TemplateError, TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError):
        where = exc.filename or exc.name
        if where is not None:
            with contextlib.suppress(ValueError):
                where = Path(where).resolve().relative_to(root.resolve()).as_posix()
        return SpecError(f"template error: {exc.message}", file=where, line=exc.lineno)
    if isinstance(exc, TemplateError):
        return SpecError(f"template error: {type(exc).__name__}: {exc}")
    return SpecError(f"internal error: {type(exc).__name__}: {exc} (a bug in specmaid)")


@dataclass
class RebuildReport:
    """What one rebuild did: the files written and removed, or the errors that stopped it."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    errors: list[SpecError] = field(default_factory=list)
    warnings: list[SpecError] = field(default_factory=list)
    outputs: int = 0
    #: Each spec rendered and the files it read (see :class:`Reach`).
    reads: dict[Path, frozenset[str]] = field(default_factory=dict, repr=False)
    files: list[Path] = field(default_factory=list, repr=False)  # the files written
    cache: BuildCache | None = field(default=None, repr=False)  # the render cache used
    #: True when only what a change reaches was rebuilt (not the whole project).
    partial: bool = False

    def summary(self) -> str:
        """The one line printed per rebuild."""
        if self.errors:
            n = sum(1 for e in self.errors if e.severity == "error")
            return f"{n} error{'s' if n != 1 else ''}; nothing written, waiting for the next change"
        parts = []
        if self.written:
            parts.append("wrote " + ", ".join(self.written))
        if self.removed:
            parts.append("removed " + ", ".join(self.removed) + " (spec gone)")
        if not parts:
            return f"up to date ({self.outputs} file{'s' if self.outputs != 1 else ''})"
        return "; ".join(parts)


def rebuild(
    root: Path,
    only: tuple[list[Path], list[Path]] | None = None,
    project: Project | None = None,
    cache: BuildCache | None = None,
    memo: MarkdownMemo | None = None,
) -> tuple[RebuildReport, Project | None]:
    """One build of the project at ``root``, re-reading its configuration first; or, with
    ``only`` (specs, Markdown files) and the ``project`` as it is, just those, through the
    render ``cache`` of an earlier build when given (saving it is then the caller's job),
    and the Markdown blocks ``memo`` (filled by this build, see MarkdownMemo). Never raises
    for bad input: errors are in the report."""
    from specmaid.project.apply import apply_build
    from specmaid.project.plan import plan_build

    report = RebuildReport()
    try:
        if only is None or project is None:
            project = find_project(root)
        if project is None:
            raise UsageError(f"no specmaid project at {root} any more")
        if only is None:
            result = plan_build(project, memo=memo)
        else:
            result = plan_build(project, only=only[0], markdown=only[1], cache=cache, memo=memo)
        report.cache = result.cache
        report.warnings = list(result.warnings)
        report.outputs = len(result.outputs)
        report.reads = result.reads
        report.files = [s.path for s in result.written]
        if result.errors:
            report.errors = list(result.errors)
            return report, project
        apply_build(result)
        report.files = [s.path for s in result.written]
    except SpecErrors as exc:
        report.errors = list(exc.errors)
        return report, None
    except UsageError as exc:
        report.errors = [SpecError(str(exc), file=str(root))]
        return report, None
    except OSError as exc:  # e.g. a file removed while it was being read
        report.errors = [SpecError(f"cannot read: {exc.strerror or exc}", file=exc.filename)]
        return report, None
    except Exception as exc:  # a broken project template, say: report it, keep watching
        report.errors = [unexpected_error(exc, root)]
        return report, None
    report.written = [s.name for s in result.written]
    report.removed = [s.name for s in result.removed]
    return report, project
