"""Atomic writes: a file is always either the old one or the new one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from specmaid.project.output import unified_diff, write_atomic


def test_write_creates_folders_and_keeps_mode(tmp_path: Path) -> None:
    target = tmp_path / "a" / "b.mmd"
    write_atomic(target, b"one\n")
    target.chmod(0o640)
    write_atomic(target, b"two\n")
    assert target.read_bytes() == b"two\n"
    assert target.stat().st_mode & 0o777 == 0o640


def test_failure_midway_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "b.mmd"
    target.write_bytes(b"old\n")

    def crash(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", crash)
    with pytest.raises(OSError):
        write_atomic(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["b.mmd"]


def test_diff_marks_a_missing_final_newline() -> None:
    diff = unified_diff("a\n", "a\nb", "x.mmd")
    assert diff.endswith("+b\n\\ No newline at end of file\n")
    assert diff.startswith("--- a/x.mmd\n+++ b/x.mmd\n")
