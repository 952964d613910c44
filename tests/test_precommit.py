"""The pre-commit hooks, run by the real `pre-commit try-repo` in a scratch git repository.

specmaid's sources (this working tree, uncommitted changes included) are copied into a
temporary git repository with the hook file committed, as `try-repo` needs; pre-commit then
installs specmaid from it with pip into its own virtualenv (PRE_COMMIT_HOME is temporary, so
nothing outside the test's folders is touched; pip needs PyPI for the dependencies).

A stale diagram fails the check hook with its diff and changes nothing; the build hook fixes
it (and fails, as pre-commit hooks that modify files do); then both pass.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"
DOC = "# Doc\r\n\r\n<!-- specmaid: specs/d.yaml -->\r\n<!-- /specmaid -->\r\nKeep me.\r\n"

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="needs git"),
    pytest.mark.skipif(
        shutil.which("pre-commit") is None
        and subprocess.run(
            [sys.executable, "-m", "pre_commit", "--version"], capture_output=True
        ).returncode
        != 0,
        reason="needs pre-commit (pip install -e '.[test]')",
    ),
]


def _env(home: Path) -> dict[str, str]:
    # Run as in CI even when the tests themselves run inside a git hook (GIT_INDEX_FILE…).
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env.update(
        PRE_COMMIT_HOME=str(home),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
        GIT_CONFIG_NOSYSTEM="1",
    )
    return env


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "core.autocrlf=false", *args],
        cwd=cwd,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """specmaid's installable sources in a fresh git repository, committed."""
    base = tmp_path_factory.mktemp("precommit")
    env = _env(base / "pre-commit-home")
    source = base / "specmaid-src"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    for folder in ("src", "templates", "schema"):
        shutil.copytree(REPO / folder, source / folder, ignore=ignore)
    for name in ("pyproject.toml", "README.md", "LICENSE", ".pre-commit-hooks.yaml"):
        shutil.copy2(REPO / name, source / name)
    git(source, env, "init", "-q")
    git(source, env, "add", "-A")
    git(source, env, "commit", "-qm", "specmaid")
    return source, env


@pytest.fixture
def user_repo(tmp_path: Path, hooks_repo: tuple[Path, dict[str, str]]) -> Path:
    """A user's project with current outputs, committed."""
    _, env = hooks_repo
    user = tmp_path / "user"
    (user / "specs").mkdir(parents=True)
    (user / "pyproject.toml").write_text('[tool.specmaid]\nmarkdown = ["*.md"]\n')
    (user / "specs" / "d.yaml").write_text(SPEC)
    (user / "doc.md").write_bytes(DOC.encode())
    subprocess.run(
        [sys.executable, "-m", "specmaid", "build"], cwd=user, check=True, capture_output=True
    )
    git(user, env, "init", "-q")
    git(user, env, "add", "-A")
    git(user, env, "commit", "-qm", "init")
    return user


def try_repo(
    user: Path, hooks_repo: tuple[Path, dict[str, str]], hook: str, *args: str
) -> subprocess.CompletedProcess[str]:
    source, env = hooks_repo
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(source), hook, *args]
    return subprocess.run(command, cwd=user, env=env, capture_output=True, text=True)


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.parts and ".specmaid-cache" not in p.parts
    }


def test_check_hook_fails_with_the_diff_then_passes(
    user_repo: Path, hooks_repo: tuple[Path, dict[str, str]]
) -> None:
    _, env = hooks_repo
    (user_repo / "specs" / "d.yaml").write_text(SPEC.replace("End", "Finish"))
    git(user_repo, env, "add", "specs/d.yaml")  # staged: the hook's `files` pattern runs it
    before = files(user_repo)

    stale = try_repo(user_repo, hooks_repo, "specmaid-check")
    output = stale.stdout + stale.stderr
    assert stale.returncode == 1, output
    assert "out/d.mmd: stale" in output
    assert "doc.md:3: stale Markdown block" in output
    assert '-    B["End"]\n+    B["Finish"]' in output.replace("\r\n", "\n")
    assert "run `specmaid build` to update" in output
    assert files(user_repo) == before, "the check hook writes nothing"

    subprocess.run(
        [sys.executable, "-m", "specmaid", "build"], cwd=user_repo, check=True, capture_output=True
    )
    git(user_repo, env, "add", "-A")
    fixed = try_repo(user_repo, hooks_repo, "specmaid-check")
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
    assert (user_repo / "doc.md").read_bytes().endswith(b"<!-- /specmaid -->\r\nKeep me.\r\n")


def test_build_hook_regenerates_then_passes(
    user_repo: Path, hooks_repo: tuple[Path, dict[str, str]]
) -> None:
    _, env = hooks_repo
    (user_repo / "specs" / "d.yaml").write_text(SPEC.replace("End", "Finish"))
    git(user_repo, env, "add", "-A")

    first = try_repo(user_repo, hooks_repo, "specmaid-build")
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    assert 'B["Finish"]' in (user_repo / "out" / "d.mmd").read_text()
    assert 'B["Finish"]' in (user_repo / "doc.md").read_text()

    git(user_repo, env, "add", "-A")
    again = try_repo(user_repo, hooks_repo, "specmaid-build")
    assert again.returncode == 0, again.stdout + again.stderr
    check = try_repo(user_repo, hooks_repo, "specmaid-check", "--all-files")
    assert check.returncode == 0, check.stdout + check.stderr


def test_a_broken_spec_fails_the_hook_with_its_location(
    user_repo: Path, hooks_repo: tuple[Path, dict[str, str]]
) -> None:
    _, env = hooks_repo
    (user_repo / "specs" / "d.yaml").write_text(SPEC.replace("to: B", "to: Q"))
    git(user_repo, env, "add", "-A")
    result = try_repo(user_repo, hooks_repo, "specmaid-check")
    assert result.returncode != 0
    assert "specs/d.yaml:3:23: error: edges[0].to: unknown node 'Q'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_hook_file_matches_the_documented_hooks() -> None:
    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["specmaid-check"]["entry"] == "specmaid check --diff"
    assert hooks["specmaid-build"]["entry"] == "specmaid build"
    for hook in hooks.values():
        assert hook["language"] == "python" and hook["pass_filenames"] is False
    readme = (REPO / "README.md").read_text("utf-8")
    assert "id: specmaid-check" in readme and "id: specmaid-build" in readme
