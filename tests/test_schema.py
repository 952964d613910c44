"""The JSON Schema: generated from the validator's definitions, committed, and valid for
every example spec and theme (read the way editors read YAML, as YAML 1.2)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from specmaid.pipeline.coerce import yaml12_value
from specmaid.pipeline.load import load_yaml
from specmaid.pipeline.schema import SCHEMAS, dumps, spec_schema, theme_schema
from specmaid.pipeline.source import Plain, read_source

REPO = Path(__file__).resolve().parents[1]
SPECS = sorted(p for p in (REPO / "specs").rglob("*.yaml") if not p.name.startswith("_"))
FRAGMENTS = sorted(p for p in (REPO / "specs").rglob("_*.yaml"))
THEMES = sorted((REPO / "themes").glob("*.yaml")) + sorted(
    (REPO / "src" / "specmaid" / "themes").glob("*.yaml")
)


def as_editor_reads_it(value: Any) -> Any:
    """YAML 1.2 typing, as yaml-language-server applies it."""
    if isinstance(value, dict):
        return {k: as_editor_reads_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_editor_reads_it(v) for v in value]
    if isinstance(value, Plain):
        return yaml12_value(value)
    return value


def test_schema_is_valid_json_schema() -> None:
    Draft202012Validator.check_schema(spec_schema())
    for make in SCHEMAS.values():
        Draft202012Validator.check_schema(make())


@pytest.mark.parametrize(("name", "make"), list(SCHEMAS.items()))
def test_committed_schema_is_current(name: str, make: Any) -> None:
    committed = (REPO / "schema" / name).read_text("utf-8")
    assert committed == dumps(make()), f"run `specmaid schema -o schema/{name}`"


@pytest.mark.parametrize("spec", SPECS, ids=[p.relative_to(REPO).as_posix() for p in SPECS])
def test_examples_validate_against_the_schema(spec: Path) -> None:
    data = as_editor_reads_it(load_yaml(read_source(spec)))
    errors = list(Draft202012Validator(spec_schema()).iter_errors(data))
    assert errors == []
    first = spec.read_text("utf-8").splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=") and first.endswith(
        "schema/spec.schema.json"
    )


@pytest.mark.parametrize("fragment", FRAGMENTS, ids=[p.name for p in FRAGMENTS])
def test_fragments_validate_against_the_schema(fragment: Path) -> None:
    data = as_editor_reads_it(load_yaml(read_source(fragment)))
    schema = SCHEMAS["fragment.schema.json"]()
    assert list(Draft202012Validator(schema).iter_errors(data)) == []


@pytest.mark.parametrize("theme", THEMES, ids=[p.name for p in THEMES])
def test_themes_validate_against_the_schema(theme: Path) -> None:
    data = as_editor_reads_it(load_yaml(read_source(theme)))
    assert list(Draft202012Validator(theme_schema()).iter_errors(data)) == []


def test_schema_rejects_what_the_validator_rejects() -> None:
    validator = Draft202012Validator(spec_schema())
    bad = {"diagram": "flowchart", "nodes": {"A": {"shape": "diamnd"}}}
    assert list(validator.iter_errors(bad))
    assert list(validator.iter_errors({"diagram": "nope"}))
