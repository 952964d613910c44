"""The outputs a build owns in the out folder: the generated-file comment, or the manifest when
the project turns that comment off, tells them from files someone else put there; those
whose spec is gone are orphans a build removes.
"""

from __future__ import annotations

import os
from pathlib import Path

from specmaid.paths import is_inside
from specmaid.pipeline.compile import GENERATED_MARK
from specmaid.project.config import Project
from specmaid.project.files import SKIPPED_FOLDERS
from specmaid.project.output import read_bytes_or_none

#: Lists the files a build wrote, when they carry no generated-file comment (header = false).
MANIFEST_NAME = ".specmaid-manifest"


def manifest_text(project: Project, expected: set[Path]) -> str:
    names = sorted(
        p.relative_to(project.out_dir).as_posix() for p in expected if is_inside(project.out_dir, p)
    )
    lines = ["# Files specmaid wrote here (header = false); a build removes them when their spec"]
    lines.append("# is gone. Keep this file under version control with out/.")
    return "\n".join(lines + names) + "\n"


def _manifest_entries(project: Project) -> set[Path]:
    text = read_bytes_or_none(project.out_dir / MANIFEST_NAME)
    if text is None:
        return set()
    return {
        project.out_dir / line.strip()
        for line in text.decode("utf-8", "replace").splitlines()
        if line.strip() and not line.startswith("#")
    }


def orphaned_outputs(project: Project, expected: set[Path]) -> list[Path]:
    """Generated files in the out folder whose spec is gone. Files we did not write are left
    alone: only those carrying the generated-file comment count, or, when the project turns
    that comment off (``header = false``), those the last build listed in its manifest."""
    if not project.out_dir.is_dir():
        return []
    listed = set() if project.header else _manifest_entries(project)
    wanted = {str(p) for p in expected}
    candidates = []
    # os.walk on strings: this runs on every check, over every output.
    for folder, dirs, files in os.walk(str(project.out_dir)):
        dirs[:] = [d for d in dirs if d not in SKIPPED_FOLDERS]
        for name in files:
            full = os.path.join(folder, name)
            if name.endswith(".mmd") and full not in wanted and os.path.isfile(full):
                candidates.append(full)
    found = []
    for path in map(Path, sorted(candidates)):
        if not project.header:
            if path in listed:
                found.append(path)
            continue
        try:
            with path.open("rb") as handle:
                head = handle.read(64 * 1024)
        except OSError:
            continue
        if GENERATED_MARK.encode() in head:
            found.append(path)
    return found
