"""Helpers for the kind tests: render a spec from text, collect errors, parse with Mermaid."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from kindcheck import HOSTILE, render_text, spec_errors

from specmaid.mermaid.bridge import MermaidServer


def _spec_errors(spec: dict[str, Any] | str, tmp_path: Path) -> list[tuple[str, str]]:
    return [(path, message) for path, _, message in spec_errors(spec, tmp_path)]


@pytest.fixture
def render(tmp_path: Path) -> Callable[[dict[str, Any] | str], str]:
    """Render a spec (a dict or YAML text) to Mermaid text."""
    return lambda spec: render_text(spec, tmp_path)


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
