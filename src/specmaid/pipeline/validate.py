"""Checking a loaded document against a JSON Schema, with messages people can act on.

The JSON Schema of each diagram kind is the single source of truth: editors use it (through
``specmaid schema``) and this module validates with it. Two steps:

1. :func:`coerce` turns plain-text scalars into numbers and booleans only where the schema
   wants one (the loader keeps every scalar as text, so ids and labels are never mangled).
2. :func:`schema_errors` lists every violation as a :class:`SpecError` with its spec path,
   what was found, what was expected and a "did you mean" where one exists.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from specmaid.errors import SpecError, SpecPath, did_you_mean
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


_TYPES_CACHE: dict[tuple[int, int], tuple[Schema, frozenset[str]]] = {}
_BRANCH_CACHE: dict[tuple[int, int, str], tuple[Schema, Schema]] = {}


def _types(schema: Schema, root: Schema) -> frozenset[str]:
    """The JSON types ``schema`` admits (memoised: coerce asks once per value)."""
    key = (id(schema), id(root))
    cached = _TYPES_CACHE.get(key)
    if cached is not None and cached[0] is schema:
        return cached[1]
    found = frozenset(_compute_types(schema, root))
    _TYPES_CACHE[key] = (schema, found)
    return found


def _compute_types(schema: Schema, root: Schema) -> set[str]:
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
    key = (id(schema), id(root), json_type)
    cached = _BRANCH_CACHE.get(key)
    if cached is not None and cached[0] is schema:
        return cached[1]
    found = _compute_branch(schema, root, json_type)
    _BRANCH_CACHE[key] = (schema, found)
    return found


def _compute_branch(schema: Schema, root: Schema, json_type: str) -> Schema:
    schema = _resolve(schema, root)
    for key in ("oneOf", "anyOf"):
        for branch in schema.get(key, ()):
            if json_type in _types(branch, root):
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
    coerce_text = _text_coercer(_types(schema, root))
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


@functools.cache
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A JSON Schema ``pattern`` compiled with its own (ECMA 262) meaning of ``$``: the end of
    the text. Python's ``$`` also matches before a final line break, so ``^[A-Z]+$`` would
    accept ``"A\\n"``, which editors refuse and which breaks the Mermaid line it lands on."""
    out = []
    in_class = escaped = False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "$":
            out.append(r"\Z")
            continue
        out.append(ch)
    return re.compile("".join(out))


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


# ------------------------------------------------------------------ the valid fast path

Check = Callable[[Any], bool]

#: Keywords that say nothing about validity.
_ANNOTATIONS = frozenset(
    ("description", "title", "$schema", "$defs", "default", "examples", "markdownDescription",
     "$comment", "deprecated")
)  # fmt: skip


class _UnsupportedSchema(Exception):
    """A keyword :func:`compile_check` does not know: jsonschema decides alone."""


def _json_equal(a: Any, b: Any) -> bool:
    """JSON equality as jsonschema has it: ``true`` is not ``1``, ``1`` is ``1.0``."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_json_equal(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_json_equal(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (dict, list)) or isinstance(b, (dict, list)):
        return False
    return bool(a == b) and (isinstance(a, str) == isinstance(b, str))


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# (Loops, not all()/any() over generators: these run for every value of every spec, and a
# generator costs more than the test it runs.)
def _all_of(checks: list[Check]) -> Check:
    checks_ = tuple(checks)

    def check(v: Any) -> bool:
        for test in checks_:  # noqa: SIM110 (see above)
            if not test(v):
                return False
        return True

    return check


def _any_of(checks: list[Check]) -> Check:
    checks_ = tuple(checks)

    def check(v: Any) -> bool:
        for test in checks_:  # noqa: SIM110 (see above)
            if test(v):
                return True
        return False

    return check


def _items(item: Check) -> Check:
    def check(v: Any) -> bool:
        if isinstance(v, list):
            for x in v:
                if not item(x):
                    return False
        return True

    return check


#: JSON type names of the exact Python types a loaded and coerced document holds.
_TYPE_OF: dict[type, str] = {
    str: "string",
    dict: "object",
    list: "array",
    type(None): "null",
    bool: "boolean",
    int: "integer",
    float: "number",
}

_TYPE_CHECKS: dict[str, Check] = {
    "string": lambda v: isinstance(v, str),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "number": _is_number,
    "integer": lambda v: _is_number(v) and (isinstance(v, int) or float(v).is_integer()),
}


class _Compiler:
    """Turns a schema into one closure per subschema that answers "valid?" and nothing else.

    Why: jsonschema builds an error iterator and a validator object per subschema visit,
    about 80 µs per node or edge; a 30,000-item flowchart spent 2.5 s there. Valid documents
    (nearly all of them) are answered here, in a tenth of that; only an invalid one goes to
    jsonschema, whose errors become the messages. The answer must be the same as
    jsonschema's (tests/test_validate.py checks both on generated documents); a keyword not
    known here makes the whole schema jsonschema's alone.
    """

    def __init__(self, root: Schema) -> None:
        self.root = root
        self.compiled: dict[int, Check] = {}

    def compile(self, schema: Any) -> Check:
        if schema is True or schema == {}:
            return lambda v: True
        if schema is False:
            return lambda v: False
        known = self.compiled.get(id(schema))
        if known is not None:
            return known
        # A stand-in first, so recursive $refs find something while the real one is built.
        slot: list[Check] = []
        self.compiled[id(schema)] = lambda v: slot[0](v)
        check = self._build(schema)
        slot.append(check)
        self.compiled[id(schema)] = check
        return check

    def _build(self, schema: Schema) -> Check:
        checks: list[Check] = []
        for key in schema:
            if key in _ANNOTATIONS or key in ("then", "else", "properties", "additionalProperties"):
                continue
            value = schema[key]
            if key == "type":
                names = [value] if isinstance(value, str) else list(value)
                tests = [_TYPE_CHECKS[n] for n in names]
                if len(tests) == 1:
                    checks.append(tests[0])
                else:
                    checks.append(_any_of(tests))
            elif key == "enum":
                checks.append(_enum_check(value))
            elif key == "const":
                checks.append(_enum_check([value]))
            elif key == "$ref":
                checks.append(self._ref(value))
            elif key == "required":
                checks.append(
                    lambda v, names=frozenset(value): not isinstance(v, dict) or names <= v.keys()
                )
            elif key == "items":
                checks.append(_items(self.compile(value)))
            elif key in ("oneOf", "anyOf", "allOf"):
                branches = [self.compile(b) for b in value]
                if key == "oneOf":
                    checks.append(self._one_of(value, branches))
                elif key == "anyOf":
                    checks.append(_any_of(branches))
                else:
                    checks.append(_all_of(branches))
            elif key == "pattern":
                search = ecma_pattern(value).search
                checks.append(
                    lambda v, search=search: not isinstance(v, str) or search(v) is not None
                )
            elif key == "propertyNames":
                names_ok = _items(self.compile(value))
                checks.append(lambda v, ok=names_ok: not isinstance(v, dict) or ok(list(v)))
            elif key in _BOUNDS:
                checks.append(_BOUNDS[key](value))
            elif key == "uniqueItems":
                if value:
                    checks.append(_unique)
            elif key == "if":
                condition = self.compile(value)
                then = self.compile(schema.get("then", True))
                otherwise = self.compile(schema.get("else", True))
                checks.append(lambda v, c=condition, t=then, o=otherwise: t(v) if c(v) else o(v))
            else:
                raise _UnsupportedSchema(key)
        if "properties" in schema or "additionalProperties" in schema:
            checks.append(self._object(schema))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return _all_of(checks)

    def _one_of(self, schemas: list[Any], branches: list[Check]) -> Check:
        """Exactly one branch valid. Where every branch states its `type` (text or a
        mapping, say), only the branches that admit the value's type are tried."""
        kinds: list[frozenset[str]] = []
        for schema in schemas:
            target = _resolve(schema, self.root) if isinstance(schema, Mapping) else {}
            stated = target.get("type")
            if stated is None:
                return lambda v: sum(1 for b in branches if b(v)) == 1
            kinds.append(frozenset([stated] if isinstance(stated, str) else stated))
        by_type: dict[str, list[Check]] = {}
        for name in _TYPE_CHECKS:
            admits = {name, "number"} if name == "integer" else {name}
            if name == "number":
                admits.add("integer")  # 2.0 is an integer to JSON Schema
            by_type[name] = [b for b, k in zip(branches, kinds, strict=True) if k & admits]

        def check(v: Any) -> bool:
            candidates = by_type[_TYPE_OF.get(type(v)) or json_type_of(v)]
            if len(candidates) == 1:
                return candidates[0](v)
            found = False
            for branch in candidates:
                if branch(v):
                    if found:
                        return False
                    found = True
            return found

        return check

    def _ref(self, ref: str) -> Check:
        target = _resolve({"$ref": ref}, self.root)
        slot: list[Check] = []

        def check(v: Any) -> bool:
            if not slot:  # compiled on first use: refs may point back at their own schema
                slot.append(self.compile(target))
            return slot[0](v)

        return check

    def _object(self, schema: Schema) -> Check:
        props = {k: self.compile(v) for k, v in schema.get("properties", {}).items()}
        extra_schema = schema.get("additionalProperties", True)
        extra = self.compile(extra_schema)
        extra_all = extra_schema is True or extra_schema == {}

        def check(v: Any) -> bool:
            if not isinstance(v, dict):
                return True
            for key, item in v.items():
                test = props.get(key)
                if test is None:
                    if not extra_all and not extra(item):
                        return False
                elif not test(item):
                    return False
            return True

        return check


def _enum_check(choices: list[Any]) -> Check:
    """Text is looked up in a set (most enums are names); anything else compared as JSON."""
    texts = frozenset(c for c in choices if isinstance(c, str))
    others = [c for c in choices if not isinstance(c, str)]

    def check(v: Any) -> bool:
        if isinstance(v, str):
            return v in texts
        return any(_json_equal(v, c) for c in others)

    return check


def _unique(v: Any) -> bool:
    if not isinstance(v, list):
        return True
    return not any(_json_equal(a, b) for i, a in enumerate(v) for b in v[i + 1 :])


def _bound(test: Callable[[Any, Any], bool], applies: Check) -> Callable[[Any], Check]:
    return lambda limit: lambda v: not applies(v) or test(v, limit)


_BOUNDS: dict[str, Callable[[Any], Check]] = {
    "minimum": _bound(lambda v, n: v >= n, _is_number),
    "maximum": _bound(lambda v, n: v <= n, _is_number),
    "exclusiveMinimum": _bound(lambda v, n: v > n, _is_number),
    "exclusiveMaximum": _bound(lambda v, n: v < n, _is_number),
    "minItems": _bound(lambda v, n: len(v) >= n, lambda v: isinstance(v, list)),
    "maxItems": _bound(lambda v, n: len(v) <= n, lambda v: isinstance(v, list)),
    "minLength": _bound(lambda v, n: len(v) >= n, lambda v: isinstance(v, str)),
    "maxLength": _bound(lambda v, n: len(v) <= n, lambda v: isinstance(v, str)),
    "minProperties": _bound(lambda v, n: len(v) >= n, lambda v: isinstance(v, dict)),
    "maxProperties": _bound(lambda v, n: len(v) <= n, lambda v: isinstance(v, dict)),
}

_CHECKS: dict[int, tuple[Schema, Check | None]] = {}


def compile_check(schema: Schema) -> Check | None:
    """A function answering whether a document is valid against ``schema`` exactly as
    jsonschema would, or None when the schema uses a keyword it does not know."""
    cached = _CHECKS.get(id(schema))
    if cached is None or cached[0] is not schema:
        try:
            check: Check | None = _Compiler(schema).compile(schema)
        except _UnsupportedSchema:
            check = None
        cached = (schema, check)
        _CHECKS[id(schema)] = cached
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


# ------------------------------------------------------- the valid parts of an invalid spec

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
