"""Plain-text scalars made numbers and booleans only where the schema wants one.

The loader keeps every scalar as the text the user wrote, so ids and labels are never
mangled; :func:`coerce` then reads a scalar as YAML 1.2 would, at the places the JSON Schema
asks for a number or boolean. Also here: what JSON types a schema allows, and the words
messages use for a value and for a set of types.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from typing import Any

from specmaid.pipeline.source import Plain

Schema = Mapping[str, Any]


# YAML 1.2 core schema forms (what editors using yaml-language-server also assume).
_INT_RE = re.compile(r"^[-+]?(?:[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")


_FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")


_TRUE = frozenset({"true", "True", "TRUE"})


_FALSE = frozenset({"false", "False", "FALSE"})


def _to_int(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    if body.startswith("0o"):
        return sign * int(body[2:], 8)
    if body.startswith("0x"):
        return sign * int(body[2:], 16)
    return sign * int(body)


def yaml12_value(text: str) -> Any:
    """A plain scalar read by the YAML 1.2 core schema (what Mermaid's js-yaml does)."""
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT_RE.match(text):
        return _to_int(text)
    lowered = text.lower().lstrip("+-")
    if lowered in (".inf", ".nan"):
        return float(text.replace(".", "", 1))
    if _FLOAT_RE.match(text):
        return float(text)
    return str(text)


def resolve_ref(schema: Schema, root: Schema) -> Schema:
    while "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are supported: {ref}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        schema = target
    return schema


_TYPES_CACHE: dict[tuple[int, int], tuple[Schema, frozenset[str]]] = {}


_BRANCH_CACHE: dict[tuple[int, int, str], tuple[Schema, Schema]] = {}


def json_types(schema: Schema, root: Schema) -> frozenset[str]:
    """The JSON types ``schema`` admits (memoised: coerce asks once per value)."""
    key = (id(schema), id(root))
    cached = _TYPES_CACHE.get(key)
    if cached is not None and cached[0] is schema:
        return cached[1]
    found = frozenset(_compute_types(schema, root))
    _TYPES_CACHE[key] = (schema, found)
    return found


def _compute_types(schema: Schema, root: Schema) -> set[str]:
    schema = resolve_ref(schema, root)
    found: set[str] = set()
    kind = schema.get("type")
    if isinstance(kind, str):
        found.add(kind)
    elif isinstance(kind, list):
        found.update(kind)
    if "enum" in schema or "const" in schema:
        values = schema.get("enum", [schema.get("const")])
        for v in values:
            if isinstance(v, bool):
                found.add("boolean")
            elif isinstance(v, int):
                found.add("integer")
            elif isinstance(v, float):
                found.add("number")
            elif isinstance(v, str):
                found.add("string")
    for key in ("oneOf", "anyOf"):
        for branch in schema.get(key, ()):
            found |= json_types(branch, root)
    return found


def _branch_for(schema: Schema, root: Schema, json_type: str) -> Schema:
    """The schema that applies to a value of ``json_type`` (picks a oneOf/anyOf branch)."""
    key = (id(schema), id(root), json_type)
    cached = _BRANCH_CACHE.get(key)
    if cached is not None and cached[0] is schema:
        return cached[1]
    found = _compute_branch(schema, root, json_type)
    _BRANCH_CACHE[key] = (schema, found)
    return found


def _compute_branch(schema: Schema, root: Schema, json_type: str) -> Schema:
    schema = resolve_ref(schema, root)
    for key in ("oneOf", "anyOf"):
        for branch in schema.get(key, ()):
            if json_type in json_types(branch, root):
                return _branch_for(branch, root, json_type)
    return schema


def coerce(value: Any, schema: Schema, root: Schema | None = None) -> Any:
    """Return ``value`` with text turned into numbers/booleans where the schema wants them."""
    return _coercer(schema, root if root is not None else schema)(value)


Coerce = Callable[[Any], Any]


_COERCERS: dict[tuple[int, int], tuple[Schema, Coerce]] = {}


def _coercer(schema: Schema, root: Schema) -> Coerce:
    """:func:`coerce` for one place of a schema, with everything the schema decides worked
    out once (which types it admits, which branch applies), not once per value. Built on
    first use, part by part: a spec only pays for the parts of the schema it uses."""
    key = (id(schema), id(root))
    cached = _COERCERS.get(key)
    if cached is not None and cached[0] is schema:
        return cached[1]
    slot: list[Coerce] = []  # a stand-in first, for schemas that refer back to themselves
    _COERCERS[key] = (schema, lambda v: slot[0](v))
    built = _build_coercer(schema, root)
    slot.append(built)
    _COERCERS[key] = (schema, built)
    return built


def _text_coercer(types: frozenset[str]) -> Coerce:
    if not types:
        # Free-form (Mermaid config): read plain scalars as YAML 1.2 would.
        return lambda v: yaml12_value(v) if isinstance(v, Plain) else str(v)
    if "string" in types:
        return str
    integer, number, boolean = "integer" in types, "number" in types, "boolean" in types

    def coerce_text(value: str) -> Any:
        if (integer or number) and _INT_RE.match(value):
            return _to_int(value)
        if number and _FLOAT_RE.match(value):
            number_value = float(value)
            # (1e309 is infinite: no diagram can draw it, so it stays text and is refused)
            return number_value if math.isfinite(number_value) else value
        if boolean:
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        return value

    return coerce_text


def _build_coercer(schema: Schema, root: Schema) -> Coerce:
    coerce_text = _text_coercer(json_types(schema, root))
    mapping = _branch_for(schema, root, "object")
    props: Mapping[str, Any] = mapping.get("properties", {})
    extra = mapping.get("additionalProperties")
    extra_schema: Schema = extra if isinstance(extra, Mapping) else {}
    sequence = _branch_for(schema, root, "array")
    items = sequence.get("items")
    item_schema: Schema = items if isinstance(items, Mapping) else {}

    known: dict[str, Coerce] = {}  # per property, made on first use
    other: list[Coerce] = []  # for any other key (node ids, say): one, made on first use
    other_items: list[Coerce] = []  # for list items

    def coerce_value(value: Any) -> Any:
        if isinstance(value, str):
            return coerce_text(value)
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                coerce_item = known.get(key)
                if coerce_item is None:
                    if key in props:
                        coerce_item = known[key] = _coercer(props[key], root)
                    else:
                        if not other:
                            other.append(_coercer(extra_schema, root))
                        coerce_item = other[0]
                out[key] = coerce_item(item)
            return out
        if isinstance(value, list):
            if not other_items:
                other_items.append(_coercer(item_schema, root))
            coerce_item = other_items[0]
            return [coerce_item(item) for item in value]
        return value

    return coerce_value


_JSON_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping",
    "array": "a list",
    "null": "nothing (null)",
}


def json_type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def describe_value(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


def describe_types(types: set[str]) -> str:
    names = [_JSON_TYPE_NAMES.get(t, t) for t in sorted(types)]
    return " or ".join(names)
