"""Atomic writes, comparisons and diffs of generated files."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` so that ``path`` is always either the old file or the new one.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    temporary file is renamed over the target (atomic on POSIX and Windows). A symbolic link
    is followed (its target is rewritten, the link stays a link); a file nobody may write
    (no ``w`` permission bit) is refused with PermissionError rather than replaced.
    """
    if path.is_symlink():
        path = Path(os.path.realpath(path))
    mode = None
    with contextlib.suppress(FileNotFoundError, NotADirectoryError):
        st = path.stat()
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError(errno.EISDIR, "is a folder", str(path))
        mode = st.st_mode & 0o7777
        if not mode & 0o222:
            raise PermissionError(errno.EACCES, "the file is read-only", str(path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next(p for p in (path.parent, *path.parent.parents) if p.exists())
        raise NotADirectoryError(
            errno.ENOTDIR, f"{blocker.name} is a file, not a folder", str(blocker)
        ) from None
    import tempfile  # only when writing: a clean check never needs it

    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def read_bytes_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None


def unified_diff(old: str, new: str, name: str) -> str:
    import difflib  # only when a diff is shown

    lines = difflib.unified_diff(
        old.splitlines(keepends=True),
        new.splitlines(keepends=True),
        fromfile=f"a/{name}",
        tofile=f"b/{name}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
