"""adopt keeps what it adopts checked: the document joins the project's `markdown` list."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from specmaid.cli.group import main

REPO = Path(__file__).resolve().parents[1]
DOC = "# Doc\n\n```mermaid\nflowchart LR\n    A[One] --> B[Two]\n```\n"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(REPO / "node_modules"))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "doc.md").write_text(DOC)
    return tmp_path


def test_adopt_adds_the_document_so_check_sees_a_stale_block(project: Path) -> None:
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.specmaid]\nout = "out"\n'
    )
    result = CliRunner().invoke(main, ["adopt", "docs/doc.md"])
    assert result.exit_code == 0, result.output
    assert "wrote pyproject.toml (markdown: docs/doc.md)" in result.stdout
    assert (project / "pyproject.toml").read_text() == (
        '[project]\nname = "x"\n\n[tool.specmaid]\nout = "out"\nmarkdown = ["docs/doc.md"]\n'
    )
    (spec,) = (project / "specs" / "doc").glob("*.yaml")
    modeline = spec.read_text().splitlines()[0]
    assert modeline == "# yaml-language-server: $schema=../../schema/spec.schema.json"
    assert (project / "schema" / "spec.schema.json").is_file()
    assert CliRunner().invoke(main, ["check"]).exit_code == 0
    spec.write_text(spec.read_text().replace("Two", "Three"))
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 1 and "docs/doc.md" in result.stdout


def test_a_document_a_pattern_covers_leaves_the_config_alone(project: Path) -> None:
    (project / "specmaid.yaml").write_text("markdown: ['docs/*.md']  # mine\n")
    result = CliRunner().invoke(main, ["adopt", "docs/doc.md"])
    assert result.exit_code == 0, result.output
    assert (project / "specmaid.yaml").read_text() == "markdown: ['docs/*.md']  # mine\n"


def test_a_config_it_cannot_edit_fails_first_with_the_line_to_add(project: Path) -> None:
    config = "markdown:  # docs\n  &list [README.md]\n"  # valid YAML, too clever to edit
    (project / "specmaid.yaml").write_text(config)
    result = CliRunner().invoke(main, ["adopt", "docs/doc.md"])
    assert result.exit_code == 2
    assert "add this line there by hand: markdown: [README.md, docs/doc.md]" in result.stderr
    assert sorted(p.name for p in project.rglob("*")) == ["doc.md", "docs", "specmaid.yaml"]
    assert (project / "docs" / "doc.md").read_text() == DOC
