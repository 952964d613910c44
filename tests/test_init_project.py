"""`specmaid init`, the schemas `build` keeps current, and Markdown nothing checks."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from specmaid.cli.group import main
from specmaid.paths import SCHEMA_NAMES, builtin_schema_dir


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".specmaid-cache" not in p.parts
    }


def test_init_in_an_empty_folder_then_build_and_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0, result.output
    assert set(files(tmp_path)) == {
        ".gitignore",
        "specmaid.yaml",
        "specs/example.yaml",
        *(f"schema/{name}" for name in SCHEMA_NAMES),
    }
    assert ".specmaid-cache/" in (tmp_path / ".gitignore").read_text()
    assert "repo: local" in result.stderr and "entry: specmaid check --diff" in result.stderr
    for name in SCHEMA_NAMES:
        assert (tmp_path / "schema" / name).read_bytes() == (
            builtin_schema_dir() / name
        ).read_bytes()
    assert run("build").exit_code == 0
    assert (tmp_path / "out" / "example.mmd").is_file()
    assert run("check").exit_code == 0
    # Again: nothing changes.
    before = files(tmp_path)
    result = run("init")
    assert result.exit_code == 0 and "wrote" not in result.stdout
    assert files(tmp_path) == before


def test_init_adds_a_table_to_an_existing_pyproject_and_keeps_users_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    pyproject = '[project]\nname = "mine"  # keep me\n'
    (tmp_path / "pyproject.toml").write_text(pyproject)
    (tmp_path / ".gitignore").write_text("dist\n.specmaid-cache\n")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "mine.yaml").write_text("diagram: pie\nslices: {a: 1}\n")
    result = run("init", "--markdown", "README.md", "--markdown", "docs/**/*.md")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith(pyproject)
    assert 'markdown = ["README.md", "docs/**/*.md"]' in text
    assert (tmp_path / ".gitignore").read_text() == "dist\n.specmaid-cache\n"
    assert not (tmp_path / "specs" / "example.yaml").exists()
    # A new --markdown entry later is added to the list, once.
    assert run("init", "--markdown", "CHANGES.md").exit_code == 0
    assert run("init", "--markdown", "CHANGES.md").exit_code == 0
    assert (
        'markdown = ["README.md", "docs/**/*.md", "CHANGES.md"]'
        in (tmp_path / "pyproject.toml").read_text()
    )


def test_init_inside_another_project_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "specmaid.yaml").write_text("")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    result = run("init")
    assert result.exit_code == 2 and "is inside the specmaid project at" in result.stderr
    assert run("init", "--markdown", "/abs.md").exit_code == 2


def test_build_refreshes_stale_schemas_but_never_a_users_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("init").exit_code == 0
    assert run("build").exit_code == 0
    spec_schema = tmp_path / "schema" / "spec.schema.json"
    old = json.loads(spec_schema.read_text())
    old["description"] = "from an older specmaid"
    spec_schema.write_text(json.dumps(old))
    (tmp_path / "schema" / "theme.schema.json").write_text('{"title": "my own theme schema"}\n')
    result = run("check")
    assert result.exit_code == 1 and "schema/spec.schema.json: stale" in result.stdout
    assert run("build").exit_code == 0
    assert spec_schema.read_bytes() == (builtin_schema_dir() / "spec.schema.json").read_bytes()
    assert (tmp_path / "schema" / "theme.schema.json").read_text() == (
        '{"title": "my own theme schema"}\n'
    )
    assert run("check").exit_code == 0


def test_markdown_with_markers_that_nothing_covers_is_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    assert run("init", "--markdown", "docs/*.md").exit_code == 0
    marker = "<!-- specmaid: specs/example.yaml -->\n<!-- /specmaid -->\n"
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.md").write_text(marker)
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "b.md").write_text("# b\n" + marker)
    (tmp_path / "notes" / "plain.md").write_text("# nothing of ours\n")
    (tmp_path / "ignored.md").write_text(marker)
    (tmp_path / ".gitignore").write_text((tmp_path / ".gitignore").read_text() + "ignored.md\n")
    result = run("build")
    assert result.exit_code == 0
    assert (
        "notes/b.md: warning: has specmaid markers but no `markdown` pattern covers it, so"
        ' build and check ignore it; add "notes/b.md" to `markdown` in specmaid.yaml'
    ) in result.stderr
    assert "docs/a.md: warning" not in result.stderr and "ignored.md" not in result.stderr
    assert "plain.md" not in result.stderr
