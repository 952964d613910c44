"""A pytest plugin that locks a project's own diagrams, the way specmaid tests its examples.

Installed with specmaid (entry point ``pytest11``). In a test::

    def test_architecture(specmaid_snapshot):
        specmaid_snapshot("specs/architecture.yaml")

renders the spec and compares it with its expected Mermaid: by default the committed output in
the project's ``out/`` folder, or the file given as ``expected=``. A difference fails the test
with a unified diff; ``pytest --specmaid-update`` writes the new text instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("specmaid")
    group.addoption(
        "--specmaid-update",
        action="store_true",
        default=False,
        help="write the rendered Mermaid of specmaid_snapshot checks instead of comparing",
    )


class SpecSnapshot:
    """Renders a spec and compares it with (or, when updating, writes) its expected text."""

    def __init__(self, rootdir: Path, update: bool) -> None:
        self.rootdir = rootdir
        self.update = update

    def render(self, spec: str | Path) -> str:
        from specmaid.build import render_file
        from specmaid.project import default_project, find_project

        path = self._path(spec)
        project = find_project(path.parent) or default_project(path.parent)
        return render_file(path, project).text

    def __call__(self, spec: str | Path, expected: str | Path | None = None) -> str:
        from specmaid.build import output_path
        from specmaid.output import unified_diff, write_atomic
        from specmaid.project import find_project

        path = self._path(spec)
        text = self.render(path)
        if expected is not None:
            target = self._path(expected)
        else:
            project = find_project(path.parent)
            if project is None:
                raise pytest.UsageError(
                    f"{path} is not in a specmaid project; pass expected= to name the .mmd file"
                )
            target = output_path(project, path)
        if self.update:
            if not target.exists() or target.read_text("utf-8") != text:
                write_atomic(target, text.encode("utf-8"))
            return text
        if not target.exists():
            pytest.fail(
                f"{self._shown(target)} does not exist; run pytest --specmaid-update to create it",
                pytrace=False,
            )
        old = target.read_text("utf-8")
        if old != text:
            diff = unified_diff(old, text, self._shown(target))
            pytest.fail(
                f"{self._shown(path)} renders differently from {self._shown(target)}"
                " (run `pytest --specmaid-update` or `specmaid build` if intended):\n" + diff,
                pytrace=False,
            )
        return text

    def _shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.rootdir.resolve()).as_posix()
        except ValueError:
            return str(path)

    def _path(self, value: str | Path) -> Path:
        path = Path(value)
        return path if path.is_absolute() else (self.rootdir / path)


@pytest.fixture
def specmaid_snapshot(request: pytest.FixtureRequest) -> SpecSnapshot:
    """Compare a spec's rendered Mermaid with its committed output (see the module doc)."""
    return SpecSnapshot(
        Path(request.config.rootpath), bool(request.config.getoption("specmaid_update"))
    )
