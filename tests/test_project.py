"""Finding the project and reading its settings, as ruff and black do."""

from __future__ import annotations

from pathlib import Path

import pytest

from specmaid.errors import SpecErrors
from specmaid.project import find_project


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
