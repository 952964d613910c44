"""The pre-commit hooks, run by the real `pre-commit try-repo` in a scratch git repository:
a stale diagram fails the check hook with its diff; after a build it passes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_check_hook_through_try_repo(tmp_path: Path) -> None:
    user = tmp_path / "user"
    (user / "specs").mkdir(parents=True)
    (user / "pyproject.toml").write_text("[tool.specmaid]\n")
    (user / "specs" / "d.yaml").write_text(SPEC)
    specmaid = [sys.executable, "-m", "specmaid"]
    subprocess.run([*specmaid, "build"], cwd=user, check=True, capture_output=True)
    git(user, "init", "-q")
    git(user, "-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".")
    git(user, "-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init")

    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}
    pre_commit = [
        sys.executable,
        "-m",
        "pre_commit",
        "try-repo",
        str(REPO),
        "specmaid-check",
        "--all-files",
    ]

    (user / "specs" / "d.yaml").write_text(SPEC.replace("End", "Finish"))
    stale = subprocess.run(pre_commit, cwd=user, env=env, capture_output=True, text=True)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "out/d.mmd: stale" in stale.stdout
    assert '+    B["Finish"]' in stale.stdout

    subprocess.run([*specmaid, "build"], cwd=user, check=True, capture_output=True)
    fixed = subprocess.run(pre_commit, cwd=user, env=env, capture_output=True, text=True)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
