"""Shared by the kind tests (a plain module, on the test path): the hostile texts every kind
must carry through real Mermaid, and spec → text / errors helpers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from specmaid.errors import SpecErrors, format_path
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

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


def yaml_text(spec: dict[str, Any] | str) -> str:
    if isinstance(spec, str):
        return spec
    return yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)


def render_text(spec: dict[str, Any] | str, root: Path) -> str:
    return render_source(SourceText("t.yaml", yaml_text(spec)), Project(root=root)).text


def spec_errors(spec: dict[str, Any] | str, root: Path) -> list[tuple[str, int | None, str]]:
    """(spec path, line, message) of every error the spec raises."""
    with pytest.raises(SpecErrors) as info:
        render_text(spec, root)
    return [(format_path(e.path), e.line, e.message) for e in info.value.errors]
