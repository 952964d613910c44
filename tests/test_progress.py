"""Progress output: a bar on a terminal, plain lines (or nothing) elsewhere."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from specmaid.cli import common as cli
from specmaid.cli.group import main
from specmaid.project.config import find_project
from specmaid.project.plan import plan_build


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_a_progress_bar(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    with cli.progress_bar("exporting") as step:
        for done in range(1, 4):
            step(done, 3, f"out/{done}.svg")
    text = stream.getvalue()
    assert "exporting" in text
    assert "100%" in text
    assert "[1/3]" not in text  # no plain lines on a terminal


def test_a_terminal_bar_waits_for_enough_items(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = Terminal()
    monkeypatch.setattr(sys, "stderr", stream)
    with cli.progress_bar("rendering", plain_lines=False, min_items=20) as step:
        for done in range(1, 4):
            step(done, 3, "specs/x.yaml")
    assert stream.getvalue() == ""  # three specs finish before a bar is worth drawing


def test_plain_lines_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    with cli.progress_bar("exporting") as step:
        step(1, 2, "out/a.svg")
        step(2, 2, "out/b.svg")
    assert stream.getvalue() == "[1/2] out/a.svg\n[2/2] out/b.svg\n"
    stream.truncate(0)
    stream.seek(0)
    with cli.progress_bar("rendering", plain_lines=False) as step:
        step(1, 1, "specs/a.yaml")
    assert stream.getvalue() == ""  # build keeps its own `wrote …` lines in CI


def test_plan_build_reports_each_spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    (tmp_path / "specs").mkdir()
    for name in ("a", "b", "c"):
        (tmp_path / "specs" / f"{name}.yaml").write_text("diagram: flowchart\nnodes: {A: x}\n")
    project = find_project(tmp_path)
    assert project is not None
    calls: list[tuple[int, int, str]] = []
    plan_build(project, progress=lambda *args: calls.append(args))
    assert calls == [(1, 3, "specs/a.yaml"), (2, 3, "specs/b.yaml"), (3, 3, "specs/c.yaml")]

    # Through the command line (not a terminal here): the usual lines, no bar.
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["wrote out/a.mmd", "wrote out/b.mmd", "wrote out/c.mmd"]
