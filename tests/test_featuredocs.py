"""docs/mermaid-versions.md's features table and hosts list are generated: they cannot drift."""

from __future__ import annotations

from pathlib import Path

from specmaid.featuredocs import END, START, features_section
from specmaid.mermaid.features import table

REPO = Path(__file__).resolve().parents[1]
PAGE = REPO / "docs" / "mermaid-versions.md"


def test_the_features_table_is_current() -> None:
    text = PAGE.read_text("utf-8")
    section = text[text.index(START) : text.index(END) + len(END)]
    assert section == features_section(), (
        "run `python -m specmaid.featuredocs docs/mermaid-versions.md`"
    )


def test_the_table_has_every_row_and_the_12_column() -> None:
    section = features_section()
    header = section.splitlines()[2]
    assert header.startswith("| kind | feature | since | removed |") and "| 12.3 |" in header
    assert section.count("\n| ") >= len(table()) + 2  # every row, the hosts after them
    assert "| GitHub | unknown" in section and "| mkdocs-material |" in section
