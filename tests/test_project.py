"""Finding the project and reading its settings, as ruff and black do."""

from __future__ import annotations

from pathlib import Path

import pytest

from specmaid.errors import SpecErrors
from specmaid.project.config import find_project


def test_pyproject_table_found_from_a_subfolder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.specmaid]\nspecs = "diagrams"\nout = "gen"\nmarkdown = "README.md"\n'
    )
    (tmp_path / "diagrams" / "deep").mkdir(parents=True)
    project = find_project(tmp_path / "diagrams" / "deep")
    assert project is not None and project.root == tmp_path.resolve()
    assert project.specs_dir == tmp_path.resolve() / "diagrams"
    assert project.out_dir == tmp_path.resolve() / "gen"
    assert project.markdown == ("README.md",)


def test_pyproject_without_our_table_is_passed_over(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    project = find_project(tmp_path / "sub")
    assert project is not None and project.root == tmp_path.resolve()


def test_standalone_specmaid_yaml(tmp_path: Path) -> None:
    (tmp_path / "specmaid.yaml").write_text("specs: s\nconfig_style: init\nheader: false\n")
    project = find_project(tmp_path)
    assert project is not None
    assert (project.specs, project.config_style, project.header) == ("s", "init", False)


def test_bad_settings_are_clear_errors(tmp_path: Path) -> None:
    (tmp_path / "specmaid.yaml").write_text("spec: s\nout: ../elsewhere\nconfig_style: yaml\n")
    with pytest.raises(SpecErrors) as info:
        find_project(tmp_path)
    messages = [e.message for e in info.value.errors]
    assert any("unknown setting 'spec'" in m and "Did you mean 'specs'?" in m for m in messages)
    assert any("points outside the project root" in m for m in messages)
    assert any("config_style is 'yaml'" in m for m in messages)


def test_no_project(tmp_path: Path) -> None:
    assert find_project(tmp_path) is None


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ("markdown: {a: b}\n", "markdown must be a file or glob, or a list of them"),
        ("markdown: [README.md, {a: b}]\n", "markdown must be a file or glob"),
        ("markdown: [/etc/*.md]\n", "must be relative to the project root"),
        ("markdown: ['../other/*.md']\n", "must be relative to the project root"),
        ("header: maybe\n", "header is 'maybe'; expected true or false"),
        ("specs: [a, b]\n", "specs must be a folder path"),
        ("templates: /usr/share\n", "points outside the project root"),
    ],
)
def test_setting_values_are_checked(tmp_path: Path, settings: str, message: str) -> None:
    (tmp_path / "specmaid.yaml").write_text(settings)
    with pytest.raises(SpecErrors) as info:
        find_project(tmp_path)
    assert any(message in e.message for e in info.value.errors), info.value


def test_every_setting_is_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        "[tool.specmaid]\n"
        'specs = "d/specs"\nout = "d/out"\nthemes = "d/themes"\ntemplates = "d/tpl"\n'
        'markdown = ["README.md", "docs/**/*.md"]\nconfig_style = "both"\nheader = false\n'
    )
    project = find_project(tmp_path)
    assert project is not None
    root = tmp_path.resolve()
    assert (project.specs_dir, project.out_dir) == (root / "d/specs", root / "d/out")
    assert (project.themes_dir, project.templates_dir) == (root / "d/themes", root / "d/tpl")
    assert project.markdown == ("README.md", "docs/**/*.md")
    assert (project.config_style, project.header) == ("both", False)
    assert project.config_file == root / "pyproject.toml"


def test_nearest_config_wins(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "specmaid.yaml").write_text("")  # an empty file is a project too
    project = find_project(tmp_path / "docs")
    assert project is not None and project.root == (tmp_path / "docs").resolve()
    assert project.specs == "specs"


def test_broken_pyproject_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid\n")
    with pytest.raises(SpecErrors) as info:
        find_project(tmp_path)
    assert "cannot read pyproject.toml" in str(info.value)


def test_start_may_be_a_file(tmp_path: Path) -> None:
    (tmp_path / "specmaid.yaml").write_text("out: generated\n")
    (tmp_path / "x.yaml").write_text("")
    project = find_project(tmp_path / "x.yaml")
    assert project is not None and project.out == "generated"
