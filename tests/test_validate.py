"""Schema checks with JSON Schema's own meaning, and the valid part of an invalid spec."""

from __future__ import annotations

from typing import Any

import pytest

from specmaid.errors import SpecError
from specmaid.pipeline.schema_check import compile_check, ecma_pattern
from specmaid.pipeline.validate import original_path, schema_errors, valid_part


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        (r"^[A-Z]+$", "AB", True),
        (r"^[A-Z]+$", "AB\n", False),  # Python's `$` would accept it; ECMA's does not
        (r"^a$|^$", "", True),
        (r"^[$]+$", "$$", True),  # a `$` in a class is a character
        (r"^\$x$", "$x", True),  # and so is an escaped one
        (r"^\$x$", "$x\n", False),
    ],
)
def test_ecma_pattern(pattern: str, text: str, matches: bool) -> None:
    assert bool(ecma_pattern(pattern).search(text)) is matches


SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["diagram"],
    "properties": {
        "diagram": {"type": "string"},
        "id": {"type": "string", "pattern": "^[a-z]+$"},
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["to"],
                "properties": {"to": {"type": "string"}},
            },
        },
    },
}


def test_the_pattern_check_and_jsonschema_agree_on_a_trailing_line_break() -> None:
    document = {"diagram": "x", "id": "ab\n"}
    check = compile_check(SCHEMA)
    assert check is not None and not check(document)
    assert [e.path for e in schema_errors(document, SCHEMA)] == [("id",)]


def test_valid_part_drops_what_errors_point_at_and_renumbers_lists() -> None:
    document = {"diagram": "x", "items": [{"to": "a"}, {}, {"to": "c"}], "id": "Bad"}
    errors = schema_errors(document, SCHEMA)
    found = valid_part(document, SCHEMA, errors)
    assert found is not None
    pruned, maps, removed = found
    assert pruned == {"diagram": "x", "items": [{"to": "a"}, {"to": "c"}]}
    assert removed == {("items", 1), ("id",)}
    assert original_path(("items", 1, "to"), maps) == ("items", 2, "to")


def test_valid_part_gives_up_when_the_spec_itself_is_wrong() -> None:
    assert valid_part({"items": []}, SCHEMA, [SpecError("missing 'diagram'", ())]) is None
