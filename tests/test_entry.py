"""The `specmaid` command's way out (specmaid.cli.entry.leave): it skips the interpreter's
teardown, so everything printed must still arrive, with the CLI's exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from specmaid.cli.group import main as cli_main

SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"


def command(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "specmaid", *args], cwd=root, capture_output=True, text=True
    )


def project(root: Path, count: int) -> Path:
    (root / "pyproject.toml").write_text("[tool.specmaid]\n")
    (root / "specs").mkdir()
    for n in range(count):
        (root / "specs" / f"s{n:03}.yaml").write_text(SPEC.replace("Start", f"Start {n}"))
    return root


def test_long_output_through_a_pipe_arrives_whole(tmp_path: Path) -> None:
    root = project(tmp_path, 60)  # enough specs for the parallel path, and a long diff
    result = command(root, "check", "--diff")
    assert result.returncode == 1  # every output missing
    assert result.stdout.count("+++ b/out/s0") == 60 and result.stdout.endswith("\n")
    assert command(root, "build").returncode == 0
    quick = command(root, "check", "--no-cache")  # the entry's own answer, without click
    assert (quick.returncode, quick.stdout, quick.stderr) == (
        0,
        "",
        "specmaid: 60 files up to date.\n",
    )


def test_help_and_error_codes_are_the_clis(tmp_path: Path) -> None:
    root = project(tmp_path, 1)
    expected = CliRunner().invoke(cli_main, ["--help"], prog_name="specmaid").output
    shown = command(root, "--help")
    assert shown.returncode == 0

    def commands(text: str) -> list[str]:  # (line widths depend on the terminal)
        return [line.split()[0] for line in text.split("Commands:")[1].splitlines() if line]

    assert commands(shown.stdout) == commands(expected) and shown.stdout.endswith("\n")
    (root / "specs" / "s000.yaml").write_text("diagram: flowchart\nnodes: {A: {shape: blob}}\n")
    broken = command(root, "check")
    assert broken.returncode == 2 and "specs/s000.yaml:2:" in broken.stderr
    assert command(root, "no-such-command").returncode == 2
