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
from collections.abc import Iterator
from typing import Any

from specmaid.errors import SpecError, SpecPath, did_you_mean
from specmaid.pipeline.coerce import (
    Schema,
    describe_types,
    describe_value,
    json_type_of,
    json_types,
)
from specmaid.pipeline.schema_check import compile_check, ecma_pattern

_VALIDATORS: dict[int, tuple[Schema, Any]] = {}


def _ecma_pattern_keyword(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _validator(schema: Schema) -> Any:
    """A compiled validator per schema object (kept alive alongside it)."""
    cached = _VALIDATORS.get(id(schema))
    if cached is None or cached[0] is not schema:
        from jsonschema import Draft202012Validator, validators

        checker = validators.extend(Draft202012Validator, {"pattern": _ecma_pattern_keyword})
        cached = (schema, checker(schema))
        _VALIDATORS[id(schema)] = cached
    return cached[1]


def schema_errors(document: Any, schema: Schema) -> list[SpecError]:
    """Every schema violation in ``document``, one clear message each, in document order."""
    check = compile_check(schema)
    if check is not None and check(document):
        return []  # the common case, answered without jsonschema
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
            if json_type in json_types(branch, root):
                errors = [e for e in error.context if e.relative_schema_path[0] == index]
                for e in errors:
                    yield from _convert(e, root)
                if errors:
                    return
        expected = describe_types(json_types(sub, root))
        yield SpecError(f"found {describe_value(instance)}; expected {expected}", path)
        return
    if "propertyNames" in error.absolute_schema_path:
        # jsonschema reports a bad key as the key being an invalid value; say "unknown key".
        allowed = error.validator_value if kind == "enum" else []
        key = str(instance)
        if kind == "minLength":
            what = error.schema.get("description") or "a name"
            yield SpecError(f"found an empty key; expected {what}", (*path, key), at_key=True)
            return
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
        expected = describe_types(json_types(sub, root))
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
    if kind in ("minItems", "minLength", "minProperties") and error.validator_value == 1:
        empty = {
            "minItems": "an empty list",
            "minLength": "''",
            "minProperties": "an empty mapping",
        }
        need = "at least one character" if kind == "minLength" else "at least one entry"
        yield SpecError(f"found {empty[kind]}; expected {sub.get('description') or need}", path)
        return
    if kind in ("minItems", "maxItems", "minLength", "maxLength", "minProperties"):
        yield SpecError(f"found {describe_value(instance)}: {error.message}", path)
        return
    yield SpecError(error.message, path)


PathMap = dict[SpecPath, list[int]]  # a pruned list's path → the original index of each item


def _pruned(value: Any, removed: set[SpecPath], here: SpecPath, maps: PathMap) -> Any:
    if isinstance(value, dict):
        return {
            k: _pruned(v, removed, (*here, k), maps)
            for k, v in value.items()
            if (*here, k) not in removed
        }
    if isinstance(value, list):
        kept = [i for i in range(len(value)) if (*here, i) not in removed]
        if len(kept) != len(value):
            maps[here] = kept
        return [_pruned(value[i], removed, (*here, i), maps) for i in kept]
    return value


def original_path(path: SpecPath, maps: PathMap) -> SpecPath:
    """A path into a pruned document as a path into the document it was pruned from."""
    out: list[str | int] = []
    for part in path:
        kept = maps.get(tuple(out))
        if kept is not None and isinstance(part, int) and part < len(kept):
            part = kept[part]
        out.append(part)
    return tuple(out)


def valid_part(
    document: dict[str, Any], schema: Schema, errors: list[SpecError], rounds: int = 6
) -> tuple[dict[str, Any], PathMap, set[SpecPath]] | None:
    """``document`` without the places ``errors`` point at (and whatever their removal makes
    invalid in turn), how its lists were renumbered and the paths removed; or None when what
    is left is not valid or not a spec at all.

    Why: a schema error should not hide the errors of the rest of the file (an edge to an
    unknown node beside an edge missing `to`); the kind checks what is left, and its
    messages are mapped back to the file's own paths with :func:`original_path`.
    """
    removed = {e.path for e in errors}
    for _ in range(rounds):
        if () in removed or any(len(p) == 1 and p[0] == "diagram" for p in removed):
            return None
        maps: PathMap = {}
        pruned = _pruned(document, removed, (), maps)
        left = schema_errors(pruned, schema)
        if not left:
            return pruned, maps, removed
        removed |= {original_path(e.path, maps) for e in left}
    return None
