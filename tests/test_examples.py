"""Every example spec: its output is locked by a `.mmd` snapshot and `out/` is current."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from specmaid.pipeline.compile import render_file
from specmaid.project.config import find_project
from specmaid.project.files import spec_files
from specmaid.project.plan import plan_build

REPO = Path(__file__).resolve().parents[1]
PROJECT = find_project(REPO)
assert PROJECT is not None and PROJECT.root == REPO
EXAMPLES = spec_files(PROJECT)


def _id(path: Path) -> str:
    return path.relative_to(PROJECT.specs_dir).with_suffix("").as_posix().replace("/", ".")


@pytest.mark.parametrize("spec", EXAMPLES, ids=[_id(p) for p in EXAMPLES])
def test_example_snapshot(spec: Path, snapshot_mmd: Any) -> None:
    rendered = render_file(spec, PROJECT)
    assert rendered.warnings == []
    assert rendered.text == snapshot_mmd


def test_every_kind_has_an_example() -> None:
    from specmaid.kinds.registry import kind_names
    from specmaid.pipeline.load import load_yaml
    from specmaid.pipeline.source import read_source

    kinds = {load_yaml(read_source(p))["diagram"] for p in EXAMPLES}
    assert set(kind_names()) <= kinds


def test_committed_outputs_are_current() -> None:
    result = plan_build(PROJECT)
    assert result.errors == []
    stale = [(o.name, o.state) for o in result.changes]
    assert stale == [], "run `specmaid build` and commit out/"


def test_rendering_is_deterministic() -> None:
    for spec in EXAMPLES:
        assert render_file(spec, PROJECT).text == render_file(spec, PROJECT).text
