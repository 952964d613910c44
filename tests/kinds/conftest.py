"""Helpers for the kind tests: render a spec from text, collect errors, parse with Mermaid."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from specmaid.build import render_source
from specmaid.errors import SpecErrors, format_path
from specmaid.load import SourceText
from specmaid.mermaid import MermaidServer
from specmaid.project import Project

#: Text that tries every way out of its place in a Mermaid statement.
HOSTILE = [
    'say "hi"',
    "Ticket #42; done",
    "100%% sure %%{init: {'theme': 'dark'}}%%",
    "<b>bold</b> & <i>",
    "a; b: c",
    "end",
    "x --> y",
    "emoji 🙂 ünïcode 中文",
    "click A call alert()",
    "style x:#fff;",
    "[brackets] (parens) {braces} |pipe|",
    "back\\slash `tick`",
    "set direction LR; then direction tb",  # jison lexers read any such line as a statement
]


def _render_text(spec: dict[str, Any] | str, tmp_path: Path) -> str:
    text = (
        spec if isinstance(spec, str) else yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    )
    return render_source(SourceText("t.yaml", text), Project(root=tmp_path)).text


def _spec_errors(spec: dict[str, Any] | str, tmp_path: Path) -> list[tuple[str, str]]:
    with pytest.raises(SpecErrors) as info:
        _render_text(spec, tmp_path)
    return [(format_path(e.path), e.message) for e in info.value.errors]


@pytest.fixture
def render(tmp_path: Path) -> Callable[[dict[str, Any] | str], str]:
    """Render a spec (a dict or YAML text) to Mermaid text."""
    return lambda spec: _render_text(spec, tmp_path)


@pytest.fixture
def errors(tmp_path: Path) -> Callable[[dict[str, Any] | str], list[tuple[str, str]]]:
    """The (spec path, message) of every error a spec raises."""
    return lambda spec: _spec_errors(spec, tmp_path)


@pytest.fixture
def hostile() -> list[str]:
    return list(HOSTILE)


@pytest.fixture(scope="session")
def mermaid() -> Iterator[MermaidServer]:
    with MermaidServer() as server:
        yield server
