"""The Jinja environment: compiled templates kept between runs, never changing a render."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import jinja2
import pytest

from specmaid.pipeline import render
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

SPEC = "diagram: flowchart\ndirection: LR\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"


def rendered(root: Path) -> str:
    return render_source(SourceText("s.yaml", SPEC), Project(root=root)).text


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A cache folder of this test, and environments made again (as in a new process)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("SPECMAID_CACHE_DIR", str(folder))
    render.compiled_templates_cache.cache_clear()
    render._environment.cache_clear()
    yield folder
    render.compiled_templates_cache.cache_clear()
    render._environment.cache_clear()


def new_process() -> None:
    render._environment.cache_clear()


def cached_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("templates-*/__jinja2_*"))


def test_a_new_process_reuses_compiled_templates(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = rendered(tmp_path)
    assert len(cached_files(fresh)) == 3  # flowchart and its two includes
    new_process()

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert rendered(tmp_path) == first


def test_damaged_or_stale_compiled_templates_are_compiled_again(
    fresh: Path, tmp_path: Path
) -> None:
    first = rendered(tmp_path)
    for path in cached_files(fresh):
        path.write_bytes(path.read_bytes()[:40])  # cut short
    new_process()
    assert rendered(tmp_path) == first
    for path in cached_files(fresh):
        path.write_bytes(b"not a cache file at all")
    new_process()
    assert rendered(tmp_path) == first


def test_an_edited_project_template_is_compiled_again(fresh: Path, tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    template = tmp_path / "templates" / "flowchart.mmd.j2"
    template.write_text("flowchart {{ d.direction }}\n%% one\n")
    assert rendered(tmp_path).endswith("%% one\n")
    new_process()
    template.write_text("flowchart {{ d.direction }}\n%% two\n")
    assert rendered(tmp_path).endswith("%% two\n")


@pytest.mark.parametrize("where", ["", "a file"])
def test_no_usable_folder_means_compiling_every_time(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = rendered(tmp_path)
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    monkeypatch.setenv("SPECMAID_CACHE_DIR", str(blocker) if where else "")
    render.compiled_templates_cache.cache_clear()
    render._environment.cache_clear()
    try:
        assert render.compiled_templates_cache() is None
        assert rendered(tmp_path) == expected
    finally:
        render.compiled_templates_cache.cache_clear()
        render._environment.cache_clear()


def test_a_folder_that_cannot_be_written_is_not_an_error(
    fresh: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = rendered(tmp_path)
    for path in cached_files(fresh):
        path.unlink()
    new_process()

    def read_only(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")  # (chmod does not stop root)

    monkeypatch.setattr(jinja2.bccache.tempfile, "NamedTemporaryFile", read_only)
    assert rendered(tmp_path) == expected
    assert cached_files(fresh) == []


def test_a_folder_others_can_write_to_is_not_used(fresh: Path, tmp_path: Path) -> None:
    expected = rendered(tmp_path)
    for folder in fresh.glob("templates-*"):
        folder.chmod(0o777)  # anyone could put code there
    render.compiled_templates_cache.cache_clear()
    new_process()
    try:
        assert render.compiled_templates_cache() is None
        assert rendered(tmp_path) == expected
    finally:
        for folder in fresh.glob("templates-*"):
            folder.chmod(0o700)
