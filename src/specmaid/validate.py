"""Checking a loaded document against a JSON Schema, with messages people can act on.

The JSON Schema of each diagram kind is the single source of truth: editors use it (through
``specmaid schema``) and this module validates with it. Two steps:

1. :func:`coerce` turns plain-text scalars into numbers and booleans only where the schema
   wants one (the loader keeps every scalar as text, so ids and labels are never mangled).
2. :func:`schema_errors` lists every violation as a :class:`SpecError` with its spec path,
   what was found, what was expected and a "did you mean" where one exists.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from specmaid.errors import SpecError, SpecPath, did_you_mean
from specmaid.load import Plain

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


def _resolve(schema: Schema, root: Schema) -> Schema:
    while "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/"):
            raise ValueError(f"only local $refs are supported: {ref}")
        target: Any = root
        for part in ref[2:].split("/"):
            target = target[part]
        schema = target
    return schema


def _types(schema: Schema, root: Schema) -> set[str]:
    schema = _resolve(schema, root)
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
            found |= _types(branch, root)
    return found


def _branch_for(schema: Schema, root: Schema, json_type: str) -> Schema:
    """The schema that applies to a value of ``json_type`` (picks a oneOf/anyOf branch)."""
    schema = _resolve(schema, root)
    for key in ("oneOf", "anyOf"):
        for branch in schema.get(key, ()):
            if json_type in _types(branch, root):
                return _branch_for(branch, root, json_type)
    return schema


def coerce(value: Any, schema: Schema, root: Schema | None = None) -> Any:
    """Return ``value`` with text turned into numbers/booleans where the schema wants them."""
    root = root if root is not None else schema
    if isinstance(value, str):
        types = _types(schema, root)
        if not types:
            # Free-form (Mermaid config): read plain scalars as YAML 1.2 would.
            return yaml12_value(value) if isinstance(value, Plain) else str(value)
        if "string" in types:
            return str(value)
        if "integer" in types and _INT_RE.match(value):
            return _to_int(value)
        if "number" in types:
            if _INT_RE.match(value):
                return _to_int(value)
            if _FLOAT_RE.match(value):
                return float(value)
        if "boolean" in types:
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        return value
    if isinstance(value, dict):
        sub = _branch_for(schema, root, "object")
        props = sub.get("properties", {})
        extra = sub.get("additionalProperties")
        out = {}
        for key, item in value.items():
            item_schema = props.get(key)
            if item_schema is None:
                item_schema = extra if isinstance(extra, Mapping) else {}
            out[key] = coerce(item, item_schema, root)
        return out
    if isinstance(value, list):
        sub = _branch_for(schema, root, "array")
        items = sub.get("items")
        items = items if isinstance(items, Mapping) else {}
        return [coerce(item, items, root) for item in value]
    return value


# ---------------------------------------------------------------------------- errors

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


_VALIDATORS: dict[int, tuple[Schema, Any]] = {}


def _validator(schema: Schema) -> Any:
    """A compiled validator per schema object (kept alive alongside it)."""
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        from jsonschema import Draft202012Validator

        cached = (schema, Draft202012Validator(schema))
        _VALIDATORS[id(schema)] = cached
    return cached[1]


def schema_errors(document: Any, schema: Schema) -> list[SpecError]:
    """Every schema violation in ``document``, one clear message each, in document order."""
    validator = _validator(schema)
    out: list[SpecError] = []
    for error in validator.iter_errors(document):
        out.extend(_convert(error, schema))
    # One message per place: the first (most specific) wins.
    seen: set[tuple[SpecPath, str]] = set()
    unique = []
    for err in out:
        k = (err.path, err.message)
        if k not in seen:
            seen.add(k)
            unique.append(err)
    return unique


def _convert(error: Any, root: Schema) -> Iterator[SpecError]:
    path: SpecPath = tuple(error.absolute_path)
    kind = error.validator
    instance = error.instance
    sub = error.schema
    if kind in ("oneOf", "anyOf"):
        # Report the errors of the branch that takes this kind of value: that is what the
        # user meant (a mapping where a node may be text or a mapping, say).
        json_type = json_type_of(instance)
        branches = sub.get(kind, [])
        for index, branch in enumerate(branches):
            if json_type in _types(branch, root):
                errors = [e for e in error.context if e.relative_schema_path[0] == index]
                for e in errors:
                    yield from _convert(e, root)
                if errors:
                    return
        expected = describe_types(_types(sub, root))
        yield SpecError(f"found {describe_value(instance)}; expected {expected}", path)
        return
    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports a bad key as the key being an invalid value; say "unknown key".
        allowed = error.validator_value if kind == "enum" else []
        key = str(instance)
        hint = did_you_mean(key, [str(a) for a in allowed]) if allowed else ""
        expected = f"; expected one of: {', '.join(map(str, allowed))}" if allowed else ""
        if kind == "pattern":
            what = error.schema.get("description") or f"a name matching {error.validator_value}"
            expected = f"; expected {what}"
        yield SpecError(f"unknown key {key!r}{expected}.{hint}".rstrip(), (*path, key), at_key=True)
        return
    if kind == "additionalProperties":
        allowed = list(sub.get("properties", {}))
        for key in instance:
            if key not in sub.get("properties", {}):
                hint = did_you_mean(key, allowed)
                yield SpecError(
                    f"unknown key {key!r}; expected one of: {', '.join(allowed)}.{hint}".rstrip(),
                    (*path, key),
                    at_key=True,
                )
        return
    if kind == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        for key in missing or [error.message]:
            yield SpecError(f"missing required key {key!r}", path)
        return
    if kind == "type":
        expected = describe_types(_types(sub, root))
        yield SpecError(f"found {describe_value(instance)}; expected {expected}", path)
        return
    if kind == "enum":
        choices = [str(c) for c in error.validator_value]
        hint = did_you_mean(str(instance), choices)
        shown = ", ".join(choices) if len(choices) <= 16 else ", ".join(choices[:16]) + ", …"
        yield SpecError(
            f"unknown value {describe_value(instance)}; expected one of: {shown}.{hint}".rstrip(),
            path,
        )
        return
    if kind == "pattern":
        what = sub.get("description") or f"text matching {error.validator_value}"
        yield SpecError(f"found {describe_value(instance)}; expected {what}", path)
        return
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        words = {
            "minimum": "at least",
            "maximum": "at most",
            "exclusiveMinimum": "more than",
            "exclusiveMaximum": "less than",
        }
        yield SpecError(
            f"found {instance}; expected a number {words[kind]} {error.validator_value}", path
        )
        return
    if kind in ("minItems", "maxItems", "minLength", "maxLength", "minProperties"):
        yield SpecError(f"found {describe_value(instance)}: {error.message}", path)
        return
    yield SpecError(error.message, path)
