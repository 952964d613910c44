"""A new diagram kind needs its own folder, its template and one registry line: nothing else.

A toy kind is written into a temporary folder (its package with the model, schema and
``KIND``, its importer, its template), put on ``sys.path``, and registered by adding one
entry to ``KINDS``; no file of specmaid is edited. It must then show up everywhere the
kinds are listed: the JSON Schema, `specmaid features`, `specmaid render` (with real
Mermaid reading the output), `specmaid import` and the generated kind docs. A table kept by
hand anywhere would make this test fail for the toy, as it would for the next real kind.

The toy draws a Mermaid pie (so real Mermaid can read it) from a mapping of counts. For
import it claims Mermaid's ``pie`` type too, so it is registered first: the kind whose
``mermaid_types`` hold a parsed type is found in registry order.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from specmaid.cli.group import main
from specmaid.kinds import registry
from specmaid.mermaid.bridge import find_node_modules

TOY_PACKAGE = "specmaid_toy_kind"
#: The pinned Mermaid of this checkout (the project in a temporary folder has none).
NODE_MODULES = find_node_modules(Path(__file__).resolve().parents[1])

TOY_KIND = '''"""Toy counts: a pie of how many of each thing (a kind made only by tests).

```yaml
diagram: toy
counts: {apples: 3, pears: 2}
```
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import BuildInput, DiagramKind, text
from specmaid.pipeline.escape import langium_string, number_text


@dataclass
class ToyModel:
    counts: list[tuple[str, str]]


def build(inp: BuildInput, report: Reporter) -> ToyModel:
    counts = []
    for name, count in inp.spec["counts"].items():
        counts.append((langium_string(text(name)), number_text(count)))
    return ToyModel(counts)


KIND = DiagramKind(
    name="toy",
    description="A toy pie of counts",
    properties={
        "counts": {
            "type": "object",
            "description": "thing -> how many",
            "minProperties": 1,
            "additionalProperties": {"type": "integer", "minimum": 0},
        }
    },
    required=("counts",),
    build=build,
    template="toy.mmd.j2",
    since="11.0",
    since_note="the toy's own note",
    mermaid_types=("pie",),
    importer="specmaid_toy_kind.importer:import_toy",
)
'''

TOY_IMPORTER = """from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, plain_number
from specmaid.mermaid.bridge import ParseResult


def import_toy(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "toy")
    sections = (result.graph or {}).get("sections") or {}
    spec["counts"] = {label: plain_number(value) for label, value in sections.items()}
    return spec, []
"""

TOY_TEMPLATE = """{% include "_preamble.mmd.j2" %}
pie
{% include "_accessibility.mmd.j2" %}
{% for name, count in d.counts %}
    {{ name }} : {{ count }}
{% endfor %}
"""

TOY_SPEC = 'diagram: toy\ntitle: Fruit\ncounts: {apples: 3, "pears \\"green\\"": 2}\n'


def clear_kind_caches() -> None:
    """Everything that remembers a kind by name (so the toy is seen, then forgotten)."""
    from specmaid.mermaid import features
    from specmaid.pipeline import resolve

    registry.get_kind.cache_clear()
    registry.kind_of_mermaid_type.cache_clear()
    features.kind_features.cache_clear()
    features.all_features.cache_clear()
    resolve._schema.cache_clear()
    resolve._fragment_schema.cache_clear()


@pytest.fixture
def toy_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A project whose templates folder holds the toy's template, with the toy kind's
    package importable and registered (first, see the module docstring)."""
    code = tmp_path / "code" / TOY_PACKAGE
    code.mkdir(parents=True)
    (code / "__init__.py").write_text(TOY_KIND)
    (code / "importer.py").write_text(TOY_IMPORTER)
    monkeypatch.syspath_prepend(str(code.parent))
    root = tmp_path / "project"
    (root / "specs").mkdir(parents=True)
    (root / "templates").mkdir()
    (root / "templates" / "toy.mmd.j2").write_text(TOY_TEMPLATE)
    (root / "specmaid.yaml").write_text("{}\n")
    (root / "specs" / "fruit.yaml").write_text(TOY_SPEC)
    monkeypatch.chdir(root)
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(NODE_MODULES))

    saved = dict(registry.KINDS)
    registry.KINDS.clear()
    registry.KINDS.update({"toy": TOY_PACKAGE, **saved})  # the one registry line
    clear_kind_caches()
    try:
        yield root
    finally:
        registry.KINDS.clear()
        registry.KINDS.update(saved)
        clear_kind_caches()
        for name in [m for m in sys.modules if m.split(".")[0] == TOY_PACKAGE]:
            del sys.modules[name]


def test_a_toy_kind_is_seen_everywhere(toy_project: Path) -> None:
    from specmaid.kinddocs import kinds_section
    from specmaid.pipeline.schema import spec_schema

    # The JSON Schema editors use: the toy is a `diagram:` value with its own schema.
    schema = spec_schema()
    assert "toy" in schema["properties"]["diagram"]["enum"]
    assert schema["$defs"]["toy"]["required"] == ["diagram", "counts"]

    runner = CliRunner()
    shown = runner.invoke(main, ["features", "--kind", "toy"])
    assert shown.exit_code == 0, shown.output
    rows = [re.split(r"\s{2,}", line) for line in shown.stdout.splitlines()]
    # (kind, feature, since, removed, one column per checked release, note)
    assert any(
        row[:4] == ["toy", "diagram kind", "11.0", "-"] and row[-1] == "the toy's own note"
        for row in rows
    ), rows

    # Validation goes by the toy's schema: a negative count is refused at its key.
    (toy_project / "specs" / "bad.yaml").write_text("diagram: toy\ncounts: {apples: -1}\n")
    refused = runner.invoke(main, ["render", "specs/bad.yaml"])
    assert refused.exit_code == 2
    assert "specs/bad.yaml:2:18: error: counts.apples: found -1; expected a number at least 0" in (
        refused.stderr
    )

    rendered = runner.invoke(main, ["render", "specs/fruit.yaml"])
    assert rendered.exit_code == 0, rendered.output
    assert rendered.stdout.splitlines()[-2:] == ['    "apples" : 3', '    "pears \\"green\\"" : 2']

    # Real Mermaid reads what the toy wrote (import parses it first), and `specmaid import`
    # turns it back into a toy spec through the toy's importer.
    (toy_project / "fruit.mmd").write_text(rendered.stdout)
    imported = runner.invoke(main, ["import", "fruit.mmd"])
    assert imported.exit_code == 0, imported.output
    spec = yaml.safe_load(imported.stdout)
    assert spec["diagram"] == "toy" and spec["title"] == "Fruit"
    assert spec["counts"] == {"apples": 3, 'pears "green"': 2}

    # `specmaid import --help` lists the toy among the kinds it reads.
    helped = runner.invoke(main, ["import", "--help"])
    assert "toy" in helped.stdout.split("Reads these kinds:")[1]

    # The generated kind reference (docs/spec-format.md) documents the toy from its module.
    section = kinds_section()
    assert "### `diagram: toy`" in section
    assert "Toy counts: a pie of how many of each thing" in section
    assert "| `counts` | mapping (required) |" in section


def test_the_toy_is_gone_afterwards() -> None:
    """The fixture restores the registry: the real kinds' tables are as they were."""
    assert "toy" not in registry.KINDS
    assert TOY_PACKAGE not in sys.modules
