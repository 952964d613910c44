"""A pytest plugin that locks a project's own diagrams, the way specmaid tests its examples.

Installed with specmaid (entry point ``pytest11``). In a test::

    def test_architecture(specmaid_snapshot):
        specmaid_snapshot("specs/architecture.yaml")

renders the spec and compares it with its expected Mermaid: by default the committed output in
the project's ``out/`` folder, or the file given as ``expected=``. A difference fails the test
with a unified diff; ``pytest --specmaid-update`` (or ``SPECMAID_UPDATE=1``) writes the new
text instead. Relative paths are relative to pytest's rootdir.

``specmaid_snapshot.project()`` does what ``specmaid check`` does for the whole project (every
output, orphan and Markdown block), as one test. Outside pytest fixtures,
:func:`assert_spec_matches` is the same check as a plain function.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

#: For outputs `specmaid build` writes (the project's out/ files and Markdown blocks).
UPDATE_HINT = "run `pytest --specmaid-update` (or `specmaid build`) if the change is intended"
#: For an ``expected=`` file of the test's own: `specmaid build` never writes it.
GOLDEN_HINT = "run `pytest --specmaid-update` if the change is intended"
#: For assert_spec_matches, which only updates when its caller asks.
FUNCTION_HINT = "call assert_spec_matches(..., update=True) once if the change is intended"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("specmaid")
    group.addoption(
        "--specmaid-update",
        action="store_true",
        default=False,
        help="write the rendered Mermaid of specmaid_snapshot checks instead of comparing"
        " (also: SPECMAID_UPDATE=1)",
    )


def _fail_on_spec_errors(exc: Exception) -> None:
    pytest.fail(f"specmaid could not render:\n{exc}", pytrace=False)


class SpecSnapshot:
    """Renders a spec and compares it with (or, when updating, writes) its expected text."""

    def __init__(self, rootdir: Path, update: bool) -> None:
        self.rootdir = rootdir
        self.update = update

    def render(self, spec: str | Path) -> str:
        """The spec's Mermaid, as `specmaid build` writes it (fails the test on spec errors)."""
        from specmaid.errors import SpecErrors
        from specmaid.pipeline.compile import render_file
        from specmaid.project.config import default_project, find_project

        path = self._path(spec)
        try:
            project = find_project(path.parent) or default_project(path.parent)
            return render_file(path, project).text
        except SpecErrors as exc:
            problem = exc
        _fail_on_spec_errors(problem)  # outside `except`: no chained traceback in the report
        raise AssertionError  # pragma: no cover (pytest.fail raises)

    def __call__(self, spec: str | Path, expected: str | Path | None = None) -> str:
        from specmaid.project.config import find_project
        from specmaid.project.files import output_path

        path = self._path(spec)
        text = self.render(path)
        hint = UPDATE_HINT
        if expected is not None:
            target = self._path(expected)
            hint = GOLDEN_HINT
        else:
            project = find_project(path.parent)
            if project is None:
                raise pytest.UsageError(
                    f"{path} is not in a specmaid project; pass expected= to name the .mmd file"
                )
            target = output_path(project, path)
        what = f"{self.shown(path)} renders differently from"
        _compare(text, target, self.update, what, self, hint)
        return text

    def project(self, start: str | Path | None = None) -> None:
        """Every output and Markdown block of the project at ``start`` (default: rootdir) is
        current, as ``specmaid check`` says; with --specmaid-update, build it instead."""
        from specmaid.errors import SpecErrors
        from specmaid.project.apply import apply_build
        from specmaid.project.config import find_project
        from specmaid.project.plan import plan_build

        folder = self._path(start) if start is not None else self.rootdir
        try:
            project = find_project(folder)
            result = plan_build(project, use_cache=False) if project is not None else None
        except SpecErrors as exc:  # the project's config
            result, problem = None, exc
        else:
            problem = SpecErrors(result.errors) if result and result.errors else None
        if problem is not None:
            _fail_on_spec_errors(problem)
        if result is None:
            raise pytest.UsageError(f"no specmaid project at or above {folder}")
        if self.update:
            apply_build(result)
            return
        changes = result.changes
        if changes:
            report = "".join(f"{c.name}: {c.state}\n{c.diff()}" for c in changes)
            pytest.fail(
                f"{len(changes)} specmaid output(s) out of date ({UPDATE_HINT}):\n{report}",
                pytrace=False,
            )

    def shown(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.rootdir.resolve()).as_posix()
        except ValueError:
            return str(path)

    def _path(self, value: str | Path) -> Path:
        path = Path(value)
        return path if path.is_absolute() else (self.rootdir / path)


def _how(hint: str) -> str:
    """The action of a hint, without its "if the change is intended"."""
    return hint.removesuffix(" if the change is intended").removesuffix(" once")


def _compare(
    text: str, target: Path, update: bool, what: str, snap: SpecSnapshot, hint: str
) -> None:
    from specmaid.project.output import unified_diff, write_atomic

    if update:
        if not target.exists() or target.read_text("utf-8") != text:
            write_atomic(target, text.encode("utf-8"))
        return
    if not target.exists():
        pytest.fail(
            f"{snap.shown(target)} does not exist; {_how(hint)} to create it",
            pytrace=False,
        )
    old = target.read_text("utf-8")
    if old != text:
        diff = unified_diff(old, text, snap.shown(target))
        pytest.fail(f"{what} {snap.shown(target)} ({hint}):\n{diff}", pytrace=False)


def _update_requested(config: pytest.Config) -> bool:
    env = os.environ.get("SPECMAID_UPDATE", "").strip().lower()
    return bool(config.getoption("specmaid_update")) or env in ("1", "true", "yes")


def assert_spec_matches(
    spec_path: str | Path, expected_mmd_path: str | Path, *, update: bool = False
) -> str:
    """Render ``spec_path`` and fail (pytest.fail, with a diff) unless it equals the file
    ``expected_mmd_path``; with ``update``, write that file instead. Returns the text."""
    spec, expected = Path(spec_path).resolve(), Path(expected_mmd_path).resolve()
    snap = SpecSnapshot(Path.cwd(), update)
    text = snap.render(spec)
    what = f"{snap.shown(spec)} renders differently from"
    _compare(text, expected, update, what, snap, FUNCTION_HINT)
    return text


@pytest.fixture
def specmaid_snapshot(request: pytest.FixtureRequest) -> SpecSnapshot:
    """Compare a spec's rendered Mermaid with its committed output (see the module doc)."""
    return SpecSnapshot(Path(request.config.rootpath), _update_requested(request.config))
