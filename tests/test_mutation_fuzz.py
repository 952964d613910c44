"""A mutation fuzz over every example spec: broken edits get exit 2 with the file's name,
never a traceback or an internal error; edits that still render parse in real Mermaid.

Seeded and bounded; ``SPECMAID_DEEP=1`` runs many more edits per spec (and another seed
with ``SPECMAID_FUZZ_SEED=n``).
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from specmaid.cli.group import main
from specmaid.mermaid.bridge import parse_diagrams

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted(p for p in (REPO / "specs").rglob("*.yaml") if not p.name.startswith("_"))
DEEP = bool(os.environ.get("SPECMAID_DEEP"))
EDITS_PER_SPEC = 60 if DEEP else 8
SEED = int(os.environ.get("SPECMAID_FUZZ_SEED", "17"))

HOSTILE = [
    "\t", '"', "'", ":", ": ", "- ", "#", "&a ", "*a", "!!str ", "{", "}", "[", "]", "|", ">",
    "%", "@", "`", "\\", "\x00", "\x7f", "\u2028", "\ufeff", "🙂", "\\ud83d", "<<: ", "? ",
    "---\n", "...\n", "%%", "<script>", "${x}", "${", "\n", "  ", "~",
]  # fmt: skip
VALUES = ["123", "-1", "1e309", "true", "null", "~", "[]", "{}", "''", '""', "[a, b]", "{a: 1}",
          "- x", ".nan", "0x1F", "2024-01-01", "|", ">-", "*nope", "&anchor x"]  # fmt: skip


def _delete(lines: list[str], rng: random.Random) -> None:
    del lines[rng.randrange(len(lines))]


def _duplicate(lines: list[str], rng: random.Random) -> None:
    i = rng.randrange(len(lines))
    lines.insert(i, lines[i])


def _swap(lines: list[str], rng: random.Random) -> None:
    i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]


def _hostile(lines: list[str], rng: random.Random) -> None:
    i = rng.randrange(len(lines))
    at = rng.randrange(len(lines[i]) + 1)
    lines[i] = lines[i][:at] + rng.choice(HOSTILE) + lines[i][at:]


def _retype(lines: list[str], rng: random.Random) -> None:
    candidates = [
        i for i, line in enumerate(lines) if ": " in line and not line.lstrip().startswith("#")
    ]
    if candidates:
        i = rng.choice(candidates)
        key = lines[i].split(": ", 1)[0]
        lines[i] = f"{key}: {rng.choice(VALUES)}"


def _truncate(lines: list[str], rng: random.Random) -> None:
    text = "\n".join(lines)
    cut = text[: rng.randrange(len(text) + 1)]
    lines[:] = cut.split("\n")


def _typo(lines: list[str], rng: random.Random) -> None:
    candidates = [
        i for i, line in enumerate(lines) if ":" in line and not line.lstrip().startswith("#")
    ]
    if not candidates:
        return
    i = rng.choice(candidates)
    indent = len(lines[i]) - len(lines[i].lstrip(" -"))
    key, rest = lines[i][indent:].split(":", 1)
    if len(key) >= 2:
        j = rng.randrange(len(key) - 1)
        key = key[:j] + key[j + 1] + key[j] + key[j + 2 :]
    else:
        key += "x"
    lines[i] = lines[i][:indent] + key + ":" + rest


MUTATIONS: list[Callable[[list[str], random.Random]]] = [
    _delete, _duplicate, _swap, _hostile, _retype, _truncate, _typo,
]  # fmt: skip


def mutate(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        if not lines or lines == [""]:
            break
        rng.choice(MUTATIONS)(lines, rng)
    return "\n".join(lines)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    shutil.copytree(REPO / "specs", root / "specs")
    shutil.copytree(REPO / "themes", root / "themes")
    (root / "specmaid.yaml").write_text("specs: specs\nout: out\nthemes: themes\n", "utf-8")
    return root


def test_there_are_examples_to_fuzz() -> None:
    assert len(EXAMPLES) >= 30


def test_mutated_examples_are_drawn_or_refused_cleanly(project: Path) -> None:
    rng = random.Random(SEED)
    runner = CliRunner()
    drawn: list[tuple[str, str]] = []
    for example in EXAMPLES:
        original = example.read_text("utf-8")
        folder = project / example.parent.relative_to(REPO)
        for n in range(EDITS_PER_SPEC):
            text = mutate(original, rng)
            spec = folder / f"fuzz-{example.stem}-{n}.yaml"
            spec.write_bytes(text.encode("utf-8", "surrogatepass"))
            result = runner.invoke(main, ["render", str(spec)], catch_exceptions=True)
            where = f"{example.name} edit {n}:\n{text}\n--- output\n{result.output}"
            assert result.exception is None or isinstance(result.exception, SystemExit), where
            assert result.exit_code in (0, 2), where
            assert "Traceback" not in result.output and "internal error" not in result.output, where
            if result.exit_code == 2:
                assert spec.name in result.stderr, where
            else:
                drawn.append((where, result.stdout))
            spec.unlink()
    assert drawn, "no edit rendered: the fuzz no longer reaches Mermaid"
    results = parse_diagrams([(str(i), text) for i, (_, text) in enumerate(drawn)])
    bad = [f"{drawn[i][0]}\n--- mermaid says\n{r.error}" for i, r in enumerate(results) if not r.ok]
    assert not bad, "\n\n".join(bad[:3])
