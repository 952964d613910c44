"""Adding a Markdown file to `markdown` edits the config as text: one entry, nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest

from specmaid.importing.configedit import ConfigEditError, with_markdown_entry

PYPROJECT_CASES = [
    # no markdown key: added after the table's last setting, before the next table
    (
        '[project]\nname = "x"\n\n[tool.specmaid]\nspecs = "specs"  # mine\n\n[tool.other]\na = 1\n',
        '[project]\nname = "x"\n\n[tool.specmaid]\nspecs = "specs"  # mine\nmarkdown = ["docs/a.md"]\n\n[tool.other]\na = 1\n',
    ),
    ("[tool.specmaid]\n", '[tool.specmaid]\nmarkdown = ["docs/a.md"]\n'),
    (
        '[tool.specmaid]\nmarkdown = ["README.md"]   # kept\n',
        '[tool.specmaid]\nmarkdown = ["README.md", "docs/a.md"]   # kept\n',
    ),
    ("[tool.specmaid]\nmarkdown = []\n", '[tool.specmaid]\nmarkdown = ["docs/a.md"]\n'),
    (
        "[tool.specmaid]\nmarkdown = 'README.md'\n",
        "[tool.specmaid]\nmarkdown = ['README.md', \"docs/a.md\"]\n",
    ),
    (
        '[tool.specmaid]\nmarkdown = [\n  "README.md",\n  "x/*.md"\n]\nout = "out"\n',
        '[tool.specmaid]\nmarkdown = [\n  "README.md",\n  "x/*.md",\n  "docs/a.md",\n]\nout = "out"\n',
    ),
]

YAML_CASES = [
    ("", "markdown:\n  - docs/a.md\n"),
    ("# my project\nout: out", "# my project\nout: out\nmarkdown:\n  - docs/a.md\n"),
    (
        "markdown:\n- README.md\n# end\nout: out\n",
        "markdown:\n- README.md\n- docs/a.md\n# end\nout: out\n",
    ),
    (
        "markdown:\n    - README.md   # kept\nout: out\n",
        "markdown:\n    - README.md   # kept\n    - docs/a.md\nout: out\n",
    ),
    ("markdown: [README.md]  # c\n", "markdown: [README.md, docs/a.md]  # c\n"),
    ("markdown: README.md\n", "markdown: [README.md, docs/a.md]\n"),
]


@pytest.mark.parametrize(("before", "after"), PYPROJECT_CASES)
def test_pyproject_gets_one_entry_and_keeps_the_rest(
    tmp_path: Path, before: str, after: str
) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text(before)
    assert with_markdown_entry(config, "docs/a.md") == after


@pytest.mark.parametrize(("before", "after"), YAML_CASES)
def test_specmaid_yaml_gets_one_entry_and_keeps_the_rest(
    tmp_path: Path, before: str, after: str
) -> None:
    config = tmp_path / "specmaid.yaml"
    config.write_text(before)
    assert with_markdown_entry(config, "docs/a.md") == after


def test_an_entry_already_listed_changes_nothing(tmp_path: Path) -> None:
    config = tmp_path / "specmaid.yaml"
    config.write_text("markdown: [docs/a.md]\n")
    assert with_markdown_entry(config, "docs/a.md") is None


def test_crlf_files_keep_their_line_endings(tmp_path: Path) -> None:
    config = tmp_path / "specmaid.yaml"
    config.write_bytes(b"out: out\r\n")
    new = with_markdown_entry(config, "a.md")
    assert new == "out: out\r\nmarkdown:\r\n  - a.md\r\n"


def test_what_cannot_be_edited_safely_names_the_line_to_add(tmp_path: Path) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.specmaid]\nmarkdown = [  # docs\n  "README.md"  # the readme\n]\n')
    with pytest.raises(ConfigEditError) as caught:
        with_markdown_entry(config, "docs/a.md")
    assert 'markdown = ["README.md", "docs/a.md"]   (in the [tool.specmaid] table)' in str(
        caught.value
    )
    config = tmp_path / "specmaid.yaml"
    config.write_text("markdown: {a: 1}\n")
    with pytest.raises(ConfigEditError, match=r"by hand: markdown: \[docs/a.md\]"):
        with_markdown_entry(config, "docs/a.md")
