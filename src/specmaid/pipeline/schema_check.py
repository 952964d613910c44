"""A JSON Schema compiled to plain Python checks: the fast yes/no of validation.

Nearly every spec is valid, so :func:`compile_check` answers "valid" without jsonschema;
only when it says no does :mod:`specmaid.pipeline.validate` ask jsonschema for the errors
(and words them). A schema using a keyword the compiler does not know gets no compiled
check, and always goes to jsonschema.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from typing import Any

from specmaid.pipeline.coerce import Schema, json_type_of, resolve_ref


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
            target = resolve_ref(schema, self.root) if isinstance(schema, Mapping) else {}
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
        target = resolve_ref({"$ref": ref}, self.root)
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
