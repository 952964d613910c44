"""Real Mermaid is the oracle: every generated diagram, snapshot and output must parse.

Under both oracle releases, the pinned 11.17.2 and 12.3.0 (tests/oracle.py): all diagrams
go to one Node process per release, each running that `mermaid` package under jsdom. A
diagram of a kind Mermaid 12 introduced parses under 12 and is refused by 11.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from oracle import NEWEST, PINNED, Results, check_everywhere, parse_everywhere, semantic

from specmaid.pipeline.compile import render_file
from specmaid.project.config import find_project
from specmaid.project.files import spec_files

REPO = Path(__file__).resolve().parents[1]
PROJECT = find_project(REPO)
assert PROJECT is not None


def _files() -> list[Path]:
    found = sorted((REPO / "out").rglob("*.mmd"))
    found += sorted((REPO / "tests" / "__snapshots__").rglob("*.mmd"))
    return found


FILES = _files()
SPECS = spec_files(PROJECT)


def _markdown_blocks() -> list[tuple[str, str]]:
    """Every ```mermaid block that specmaid writes into the repo's Markdown."""
    import re

    from specmaid.project.markdown import parse_markdown

    found = []
    for path in sorted((REPO / "docs").glob("*.md")):
        doc = parse_markdown(path.read_text("utf-8"), path.name)
        for block in doc.blocks:
            match = re.search(r"^(`{3,})mermaid\n(.*?)^\1$", block.content, re.S | re.M)
            assert match, f"{path.name}:{block.open_line} has no mermaid fence"
            found.append((f"{path.name}:{block.open_line}", match.group(2)))
    return found


BLOCKS = _markdown_blocks()


@cache
def _results() -> Results:
    diagrams = [(f"file:{p.relative_to(REPO).as_posix()}", p.read_text("utf-8")) for p in FILES]
    diagrams += [
        (f"spec:{p.relative_to(REPO).as_posix()}", render_file(p, PROJECT).text) for p in SPECS
    ]
    diagrams += [(f"md:{name}", text) for name, text in BLOCKS]
    return parse_everywhere(diagrams)


@pytest.mark.parametrize("path", FILES, ids=[p.relative_to(REPO).as_posix() for p in FILES])
def test_file_parses_in_mermaid(path: Path) -> None:
    check_everywhere(_results(), f"file:{path.relative_to(REPO).as_posix()}")


@pytest.mark.parametrize("spec", SPECS, ids=[p.relative_to(REPO).as_posix() for p in SPECS])
def test_example_parses_as_its_kind(spec: Path) -> None:
    rendered = render_file(spec, PROJECT)
    result = check_everywhere(_results(), f"spec:{spec.relative_to(REPO).as_posix()}")
    assert result.diagram_type in rendered.kind.mermaid_types


@pytest.mark.parametrize("spec", SPECS, ids=[p.relative_to(REPO).as_posix() for p in SPECS])
def test_example_is_the_same_graph_under_11_and_12(spec: Path) -> None:
    """What Mermaid 12 builds from an example is what 11 builds, render data aside."""
    name = f"spec:{spec.relative_to(REPO).as_posix()}"
    pinned, newest = _results()[PINNED][name], _results()[NEWEST][name]
    if not pinned.ok:  # a kind only 12 reads (checked above)
        return
    assert semantic(newest.graph) == semantic(pinned.graph)


@pytest.mark.parametrize(("name", "text"), BLOCKS, ids=[name for name, _ in BLOCKS])
def test_markdown_block_parses_in_mermaid(name: str, text: str) -> None:
    check_everywhere(_results(), f"md:{name}")


def test_there_is_something_to_check() -> None:
    assert FILES and SPECS and len(BLOCKS) >= 29
