"""Shared by the tests of long-running commands (watch, serve): start `specmaid ...` in the
background with its output collected line by line, and poll for a condition."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30) -> None:
    """Poll ``condition`` until it holds, failing after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout}s")
        time.sleep(0.05)


def start_specmaid(
    *args: str, cwd: Path
) -> tuple[subprocess.Popen[str], list[str], threading.Thread]:
    """``specmaid ARGS`` running in ``cwd``; the list fills with its output lines, read by
    the thread (join it after the process ends to have them all)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "specmaid", *args],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []

    def reader() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            lines.append(line.rstrip("\n"))

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    return process, lines, thread
