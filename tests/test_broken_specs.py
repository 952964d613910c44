"""A corpus of broken specs: each gets its exact message and exit code 2, no traceback.

Every `tests/data/broken/*.yaml` ends with one or more `# expect: …` comment lines (at the end,
so they do not move the positions being checked); each must appear in what `specmaid render`
prints. A spec that cannot hold a comment (an empty file) has its lines in `<name>.expect`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from specmaid.cli.group import main

BROKEN = Path(__file__).resolve().parent / "data" / "broken"
CASES = sorted(BROKEN.glob("*.yaml"))


def expectations(spec: Path) -> list[str]:
    sidecar = spec.with_suffix(".expect")
    text = sidecar.read_bytes() if sidecar.exists() else spec.read_bytes()
    lines = text.decode("utf-8", errors="replace").splitlines()
    return [line.split("# expect: ", 1)[1] for line in lines if line.startswith("# expect: ")]


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("spec", CASES, ids=[p.stem for p in CASES])
def test_broken_spec(spec: Path) -> None:
    expected = expectations(spec)
    assert expected, f"{spec.name} has no `# expect:` line"
    result = CliRunner().invoke(main, ["render", str(spec)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.stdout == ""
    for line in expected:
        assert line in result.stderr, f"expected {line!r} in:\n{result.stderr}"
    first = result.stderr.splitlines()[0]
    assert first.split(":", 1)[0].endswith(spec.name), "every message starts with the file name"


def test_every_case_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[1] / "docs" / "errors.md").read_text("utf-8")
    for spec in CASES:
        for line in expectations(spec):
            assert line.split(": error: ", 1)[-1] in doc, f"docs/errors.md lacks {spec.name}"
