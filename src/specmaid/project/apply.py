"""Writing what a plan found stale or missing and removing orphans, all or nothing."""

from __future__ import annotations

import errno
from pathlib import Path

from specmaid.errors import SpecError, SpecErrors
from specmaid.paths import is_inside
from specmaid.project.output import write_atomic
from specmaid.project.status import BuildResult, OutputStatus


def _write_error(status: OutputStatus, exc: OSError) -> SpecErrors:
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError) and exc.errno == errno.EACCES and "read-only" not in reason:
        reason += " (is the file or its folder read-only?)"
    return SpecErrors([SpecError(f"cannot write: {reason}", file=status.name)])


def apply_build(result: BuildResult) -> None:
    """Write stale and missing outputs, remove orphans. Nothing is written when any spec
    has an error, so a failing build changes nothing. Each write is atomic (a temporary file
    renamed over the target), so every file is always either the old one or the new one."""
    if result.errors:
        return
    for status in result.outputs:
        if status.state in ("stale", "missing") and status.new_text is not None:
            try:
                write_atomic(status.path, status.new_text.encode("utf-8"))
            except OSError as exc:
                raise _write_error(status, exc) from None
            result.written.append(status)
        elif status.state == "orphan":
            try:
                status.path.unlink(missing_ok=True)
            except OSError as exc:
                raise _write_error(status, exc) from None
            if result.out_dir is not None:
                _remove_empty_folders(status.path.parent, result.out_dir)
            result.removed.append(status)


def _remove_empty_folders(folder: Path, top: Path) -> None:
    """Remove ``folder`` and its parents while they are empty, below ``top`` (kept)."""
    top = top.resolve()
    folder = folder.resolve()
    while folder != top and is_inside(top, folder):
        try:
            folder.rmdir()  # fails unless empty
        except OSError:
            return
        folder = folder.parent
