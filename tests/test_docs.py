"""The docs cannot drift from the code."""

from __future__ import annotations

from pathlib import Path

from specmaid.kinddocs import END, START, kinds_section
from specmaid.kinds.registry import kind_names

REPO = Path(__file__).resolve().parents[1]


def test_kinds_section_is_current() -> None:
    text = (REPO / "docs" / "spec-format.md").read_text("utf-8")
    section = text[text.index(START) : text.index(END) + len(END)]
    assert section == kinds_section(), "run `python -m specmaid.kinddocs docs/spec-format.md`"


def test_every_kind_is_documented_and_in_the_gallery() -> None:
    spec_format = (REPO / "docs" / "spec-format.md").read_text("utf-8")
    gallery = (REPO / "docs" / "gallery.md").read_text("utf-8")
    for name in kind_names():
        if name != "flowchart":
            assert f"### `diagram: {name}`" in spec_format
    assert gallery.count("<!-- specmaid: specs/gallery/") >= len(kind_names()) - 1
