"""Git access for ``specmaid diff``: a revision's project files, and git's rename detection.

A revision is written out as files (``git ls-tree`` + ``git cat-file --batch``: the blobs as
committed, without ``git archive``'s export attributes) into a temporary folder, so the
whole pipeline (themes, fragments, views, templates, variables) reads that revision's
files exactly as it reads the working tree: nothing in the pipeline knows about git.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from specmaid.errors import UsageError


def git(
    args: list[str], cwd: Path, *, data: bytes | None = None, ok: tuple[int, ...] = (0,)
) -> bytes:
    """Run git; a failure is a UsageError carrying git's own message."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, input=data, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("`specmaid diff` needs git on the PATH") from None
    if done.returncode not in ok:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return done.stdout


def toplevel(folder: Path) -> Path:
    try:
        out = git(["rev-parse", "--show-toplevel"], folder)
    except UsageError:
        raise UsageError(
            f"{folder} is not inside a git repository; `specmaid diff` compares git revisions"
        ) from None
    return Path(out.decode().strip())


def commit_of(revision: str, repo: Path) -> str:
    """The commit a revision names; a clear error for a revision git does not know."""
    if revision.startswith("-"):
        raise UsageError(f"unknown revision {revision!r}")
    try:
        out = git(["rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"], repo)
    except UsageError:
        raise UsageError(
            f"unknown revision {revision!r} (a branch, tag or commit of this repository)"
        ) from None
    return out.decode().strip()


@contextmanager
def checkout(revision: str, project_root: Path) -> Iterator[Path]:
    """The project folder as it was at ``revision``, in a temporary folder (removed after)."""
    repo = toplevel(project_root)
    commit = commit_of(revision, repo)
    prefix = project_root.resolve().relative_to(repo.resolve()).as_posix()
    with tempfile.TemporaryDirectory(prefix="specmaid-diff-") as temp:
        top = Path(temp)
        write_tree(commit, repo, prefix if prefix != "." else "", top)
        root = top / prefix if prefix != "." else top
        root.mkdir(parents=True, exist_ok=True)
        yield root


def write_tree(commit: str, repo: Path, prefix: str, into: Path) -> None:
    """Write the files of ``commit`` under ``prefix`` into ``into`` (same relative paths)."""
    args = ["ls-tree", "-r", "-z", "--full-tree", commit]
    if prefix:
        args += ["--", prefix]
    entries = []
    for record in git(args, repo).split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, kind, sha = meta.split(b" ")
        if kind == b"blob":  # (submodules, `commit` entries, have no files here)
            entries.append((mode, sha, os.fsdecode(name)))
    if not entries:
        return
    batch = git(["cat-file", "--batch"], repo, data=b"".join(sha + b"\n" for _, sha, _ in entries))
    offset = 0
    for mode, _sha, name in entries:
        header_end = batch.index(b"\n", offset)
        size = int(batch[offset:header_end].split(b" ")[2])
        body = batch[header_end + 1 : header_end + 1 + size]
        offset = header_end + 1 + size + 1
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if mode == b"120000":  # a symbolic link: kept only when it stays inside the tree
            link = os.fsdecode(body)
            if not os.path.isabs(link) and ".." not in Path(link).parts:
                os.symlink(link, target)
            continue
        target.write_bytes(body)


def renames(base_folder: Path, head_folder: Path) -> list[tuple[str, str, int]]:
    """Files git's rename detection pairs between two folders: (old, new, similarity %),
    paths relative to each folder."""
    if not base_folder.is_dir() or not head_folder.is_dir():
        return []
    out = git(
        ["diff", "--no-index", "-M", "--name-status", "-z", "--",
         str(base_folder), str(head_folder)],
        base_folder,
        ok=(0, 1),
    )  # fmt: skip
    found: list[tuple[str, str, int]] = []
    fields = out.split(b"\0")
    i = 0
    while i < len(fields) and fields[i]:
        status = fields[i].decode()
        if status.startswith(("R", "C")):
            old, new = os.fsdecode(fields[i + 1]), os.fsdecode(fields[i + 2])
            if status.startswith("R"):
                found.append(
                    (_relative(old, base_folder), _relative(new, head_folder), int(status[1:]))
                )
            i += 3
        else:
            i += 2
    return found


def _relative(name: str, folder: Path) -> str:
    path = Path(name)
    if not path.is_absolute():
        path = folder / path
    try:
        return path.resolve().relative_to(folder.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
