"""Specs written by programs: every JSON document loads to exactly what json.loads reads.

The loaders keep numbers and booleans as the text written (:class:`specmaid.pipeline.source.Plain`, typed
later where the schema wants one); :func:`as_json` turns that text into what JSON means by it,
so the comparison is with ``json.loads`` itself.
"""

from __future__ import annotations

import json
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specmaid.errors import SpecErrors
from specmaid.pipeline.coerce import yaml12_value
from specmaid.pipeline.load import MAX_NESTING, load_yaml
from specmaid.pipeline.source import Plain, SourceText

DEEP = bool(os.environ.get("SPECMAID_DEEP"))


def load(text: str) -> Any:
    return load_yaml(SourceText("gen.json", text))


def as_json(value: Any) -> Any:
    if isinstance(value, Plain):
        return yaml12_value(value)
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def same(a: Any, b: Any) -> bool:
    """Equal as JSON data, types included (Python's ``True == 1`` is not JSON's)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


# Every character a str can hold except lone surrogates (which no UTF-8 file holds).
characters = st.characters(exclude_categories=("Cs",))
texts = st.text(characters, max_size=12) | st.sampled_from(
    ["🙂", "\u2028", "\x85", "\uffff", "\ufeff", "\x00", "a/b", "\\", '"', "true", "1.0", "~"]
)
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**18, max_value=10**40)
    | st.floats(allow_nan=False, allow_infinity=False)
    | texts
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=24,
)
documents = st.one_of(st.dictionaries(texts, values, max_size=5), st.lists(values, max_size=5))


@settings(
    max_examples=2000 if DEEP else 150,
    deadline=None,
    derandomize=not DEEP,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    documents,
    st.booleans(),
    st.sampled_from([None, 2, 0]),
    st.sampled_from(["", "\n", "\n\n"]),
)
def test_json_loads_as_json_loads_does(
    document: Any, ensure_ascii: bool, indent: int | None, end: str
) -> None:
    text = json.dumps(document, ensure_ascii=ensure_ascii, indent=indent) + end
    if not text.strip("[]{} \n"):
        return  # `{}` / `[]`: YAML's too, same data
    assert same(as_json(load(text)), json.loads(text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": "\\ud83d\\ude42"}', {"a": "🙂"}),  # json.dumps(ensure_ascii=True) of an emoji
        ('{"a": "x\\u0000y\\/z\\u00e9"}', {"a": "x\x00y/zé"}),
        ('{"a": 123456789012345678901234567890}', {"a": 123456789012345678901234567890}),
        (
            '{"a": -0.0, "b": 1E+2, "c": true, "d": null}',
            {"a": -0.0, "b": 100.0, "c": True, "d": None},
        ),
        ('{"a": "\u2028\x85\uffff"}', {"a": "\u2028\x85\uffff"}),  # raw: YAML reads these otherwise
        (
            '{"a\\ud83d\\ude42": "\\\\ud800"}',
            {"a🙂": "\\ud800"},
        ),  # an escaped backslash, not an escape
    ],
)
def test_escapes_and_numbers(text: str, expected: Any) -> None:
    for ending in ("", "\n"):
        assert same(as_json(load(text + ending)), expected)


def test_a_spec_with_an_emoji_from_json_dumps_renders(tmp_path: Any) -> None:
    from specmaid.pipeline.compile import render_file
    from specmaid.project.config import default_project

    spec = {"diagram": "flowchart", "nodes": {"a": {"label": "hi 🙂"}}}
    path = tmp_path / "gen.yaml"
    path.write_text(json.dumps(spec) + "\n", "utf-8")
    assert '"hi 🙂"' in render_file(path, default_project(tmp_path)).text


@pytest.mark.parametrize(
    ("text", "column"),
    [('{"a": "x\\ud83d y"}', 9), ('{"a": "\\ude42"}', 8), ('{"a": "\\ud83d\\ud83d\\ude42"}', 8)],
)
def test_a_lone_surrogate_is_a_located_error(text: str, column: int) -> None:
    with pytest.raises(SpecErrors) as info:
        load(text)
    (error,) = info.value.errors
    assert (error.file, error.line, error.column) == ("gen.json", 1, column)
    assert "surrogate" in error.message


def test_duplicate_keys_in_json_are_located_errors() -> None:
    with pytest.raises(SpecErrors) as info:
        load('{"a": 1,\n "a": 2}\n')
    (error,) = info.value.errors
    assert (error.line, error.column) == (2, 2) and "duplicate key 'a'" in error.message


def nested(depth: int) -> str:
    return '{"config": {"x": ' + "[" * (depth - 2) + "]" * (depth - 2) + "}}"


def test_nesting_within_the_limit_loads_as_json_loads_does() -> None:
    text = nested(MAX_NESTING)
    assert same(as_json(load(text)), json.loads(text))


@pytest.mark.parametrize("depth", [MAX_NESTING + 1, 900, 5000])
@pytest.mark.parametrize("form", ["json", "yaml"])
def test_nesting_past_the_limit_is_refused(depth: int, form: str) -> None:
    if form == "json":
        text = nested(depth)
    else:
        text = "config:\n  x: " + "[" * (depth - 2) + "]" * (depth - 2) + "\n"
    with pytest.raises(SpecErrors) as info:
        load(text)
    (error,) = info.value.errors
    assert error.file == "gen.json" and "nest" in error.message
