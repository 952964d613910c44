"""Hypothesis strategies derived from a JSON Schema: every document they draw is one the
schema accepts (a plain module on the test path, used by tests/test_schema_property.py).

Why not hypothesis-jsonschema: its last release runs only with an old Hypothesis (6.100),
and the published schema uses a small, known set of keywords (this module refuses any other,
so a new kind whose schema needs more fails loudly instead of going untested).

* ``$ref`` is followed with a depth count; past :data:`MAX_DEPTH` recursive parts get their
  smallest form (no optional keys, the fewest items), so recursive kinds stay bounded.
* ``oneOf``/``anyOf`` draw from a branch; since a value can fit two ``oneOf`` branches, callers
  keep only documents the schema's own validator accepts (see :func:`accepted`).
* Free text is drawn from words that tend to refer to each other (``a``, ``b``…, so edges
  meet their nodes) and text that tries to break out of its place in a Mermaid statement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from hypothesis import strategies as st

Schema = Mapping[str, Any]

#: How many ``$ref`` hops a drawn document goes through before it stops growing.
MAX_DEPTH = 4

#: Words that ids, keys and references are drawn from (so references often resolve).
SHARED_WORDS = ("a", "b", "c", "A", "n1", "x_1", "end", "default", "style", "1", "0", "true")

#: Characters that mean something to Mermaid or YAML somewhere, and some that mean nothing.
HOSTILE_CHARACTERS = (
    "a",
    "Z",
    "0",
    " ",
    " ",
    '"',
    "'",
    "#",
    ";",
    ":",
    ",",
    "%",
    "<",
    ">",
    "&",
    "{",
    "}",
    "[",
    "]",
    "(",
    ")",
    "|",
    "\\",
    "`",
    "-",
    ">",
    "=",
    "/",
    "*",
    "_",
    "~",
    "\n",
    "\t",
    "é",
    "中",
    "🙂",
    "\u200b",
)

#: Whole texts that are statements or keywords in some diagram's grammar.
HOSTILE_TEXTS = (
    "",
    " ",
    "end",
    "graph TD",
    "%%",
    "%%{init: {}}%%",
    "#59;",
    "#quot;",
    "A-->B",
    "click a call f()",
    "style a fill:#f00",
    "section s",
    "title t",
    "<b>b</b>",
    "<br>",
    "a: b",
    "- item",
    "1.5",
    "-1",
    "null",
    "::icon(fa fa-x)",
    "direction LR",
)

#: CSS as people write it in styles and classDefs: property names with '-' (a class diagram
#: cannot read one first) and values with '.' or '%' (ER and requirement diagrams cannot read
#: them at all), which random text rarely produces.
CSS_WORDS = (
    "stroke-width",
    "stroke-dasharray",
    "font-size",
    "fill",
    "opacity",
    "1.5px",
    "0.5",
    "50%",
    "5 5",
    "#f00",
    "2px",
    "bold",
)

free_text = st.one_of(
    st.sampled_from(SHARED_WORDS),
    st.sampled_from(CSS_WORDS),
    st.sampled_from(HOSTILE_TEXTS),
    st.text(st.sampled_from(HOSTILE_CHARACTERS), min_size=1, max_size=8),
    st.text(max_size=6),
)

json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-1000, 1000),
    st.floats(-1e6, 1e6, allow_nan=False),
    free_text,
)
any_json = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(free_text, inner, max_size=3),
    max_leaves=6,
)

_KNOWN = frozenset(
    {
        "type",
        "description",
        "title",
        "markdownDescription",
        "default",
        "examples",
        "$comment",
        "deprecated",
        "properties",
        "additionalProperties",
        "required",
        "pattern",
        "items",
        "enum",
        "const",
        "propertyNames",
        "oneOf",
        "anyOf",
        "$ref",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minItems",
        "maxItems",
        "minProperties",
        "maxProperties",
        "minLength",
        "maxLength",
        "uniqueItems",
    }
)


class UnsupportedSchema(Exception):
    """The schema uses a keyword this module cannot draw documents for."""


def resolve(schema: Schema, root: Schema) -> Schema:
    while "$ref" in schema:
        ref = schema["$ref"]
        if not ref.startswith("#/$defs/"):
            raise UnsupportedSchema(f"$ref {ref!r}")
        schema = root["$defs"][ref[len("#/$defs/") :]]
    return schema


class Deriver:
    """Strategies for the parts of one root schema (memoised per part and depth)."""

    def __init__(self, root: Schema) -> None:
        self.root = root
        self.cache: dict[tuple[int, int], st.SearchStrategy[Any]] = {}

    def strategy(self, schema: Any, depth: int = 0) -> st.SearchStrategy[Any]:
        if schema is True or schema == {}:
            return any_json
        if schema is False:
            raise UnsupportedSchema("a `false` schema has no documents")
        key = (id(schema), min(depth, MAX_DEPTH + 1))
        found = self.cache.get(key)
        if found is None:
            found = st.deferred(lambda: self._build(schema, depth))
            self.cache[key] = found
        return found

    def _build(self, schema: Schema, depth: int) -> st.SearchStrategy[Any]:
        unknown = set(schema) - _KNOWN
        if unknown:
            raise UnsupportedSchema(f"keywords {sorted(unknown)}")
        if "$ref" in schema:
            rest = {k: v for k, v in schema.items() if k != "$ref"}
            if set(rest) - {"description", "title", "default"}:
                raise UnsupportedSchema("$ref beside other keywords")
            return self.strategy(resolve(schema, self.root), depth + 1)
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        for key in ("oneOf", "anyOf"):
            if key in schema:
                own = {k: v for k, v in schema.items() if k != key}
                return st.one_of([self.strategy({**own, **b}, depth) for b in schema[key]])
        types = schema.get("type")
        if types is None:
            if "properties" in schema or "additionalProperties" in schema:
                types = "object"
            elif "items" in schema:
                types = "array"
            else:
                return any_json
        if isinstance(types, str):
            types = [types]
        return st.one_of([self._typed(t, schema, depth) for t in types])

    def _typed(self, kind: str, schema: Schema, depth: int) -> st.SearchStrategy[Any]:
        if kind == "string":
            return self._string(schema)
        if kind in ("integer", "number"):
            return self._number(kind, schema)
        if kind == "boolean":
            return st.booleans()
        if kind == "null":
            return st.none()
        if kind == "array":
            return self._array(schema, depth)
        if kind == "object":
            return self._object(schema, depth)
        raise UnsupportedSchema(f"type {kind!r}")

    def _string(self, schema: Schema) -> st.SearchStrategy[str]:
        low = schema.get("minLength", 0)
        high = schema.get("maxLength")
        pattern = schema.get("pattern")
        if pattern is not None:
            search = re.compile(pattern).search
            words = [w for w in (*SHARED_WORDS, *HOSTILE_TEXTS, *CSS_WORDS) if search(w)]
            drawn: st.SearchStrategy[str] = st.from_regex(pattern)
            if words:
                drawn = st.sampled_from(words) | drawn
        else:
            drawn = free_text
        return drawn.filter(lambda s: len(s) >= low and (high is None or len(s) <= high))

    def _number(self, kind: str, schema: Schema) -> st.SearchStrategy[Any]:
        low = schema.get("minimum", schema.get("exclusiveMinimum"))
        high = schema.get("maximum", schema.get("exclusiveMaximum"))
        int_low = None if low is None else math.ceil(low)
        int_high = None if high is None else math.floor(high)
        # Small numbers first (they are what specs hold), then any.
        small_low = -3 if int_low is None else int_low
        small_high = max(small_low, 12) if int_high is None else int_high
        drawn: st.SearchStrategy[Any] = st.integers(small_low, small_high) | st.integers(
            int_low, int_high
        )
        if kind == "number":
            drawn = drawn | st.floats(low, high, allow_nan=False, allow_infinity=False)
        if "exclusiveMinimum" in schema:
            drawn = drawn.filter(lambda v: v > schema["exclusiveMinimum"])
        if "exclusiveMaximum" in schema:
            drawn = drawn.filter(lambda v: v < schema["exclusiveMaximum"])
        return drawn

    def _array(self, schema: Schema, depth: int) -> st.SearchStrategy[list[Any]]:
        low = schema.get("minItems", 0)
        high = schema.get("maxItems", low + 4)
        if depth > MAX_DEPTH:
            high = low
        items = self.strategy(schema.get("items", True), depth)
        if schema.get("uniqueItems"):
            import json

            return st.lists(
                items,
                min_size=low,
                max_size=high,
                unique_by=lambda v: json.dumps(v, sort_keys=True),
            )
        return st.lists(items, min_size=low, max_size=high)

    def _object(self, schema: Schema, depth: int) -> st.SearchStrategy[dict[str, Any]]:
        properties: Mapping[str, Any] = schema.get("properties", {})
        required = [k for k in schema.get("required", ()) if k in properties]
        extra_schema = schema.get("additionalProperties", True)
        names = schema.get("propertyNames")
        low = schema.get("minProperties", 0)
        high = schema.get("maxProperties")
        fixed = st.fixed_dictionaries(
            {k: self.strategy(properties[k], depth) for k in required},
            optional=(
                {}
                if depth > MAX_DEPTH
                else {
                    k: self.strategy(v, depth) for k, v in properties.items() if k not in required
                }
            ),
        )
        extra_high = 0
        if extra_schema is not False and (names is not None or extra_schema is not True):
            extra_high = max(low, 1) if depth > MAX_DEPTH else max(low, 3)
        if not extra_high:
            drawn = fixed
        else:
            if names is not None:
                keys = (
                    self._string({"type": "string", **names})
                    if "enum" not in names
                    else (st.sampled_from(names["enum"]))
                )
            else:
                keys = free_text
            keys = keys.filter(lambda k: k not in properties)
            extra = st.dictionaries(keys, self.strategy(extra_schema, depth), max_size=extra_high)
            drawn = st.builds(lambda a, b: {**a, **b}, fixed, extra)
        return drawn.filter(lambda d: len(d) >= low and (high is None or len(d) <= high))


def check_supported(schema: Any, root: Schema) -> None:
    """Raise :class:`UnsupportedSchema` if any part reachable from ``schema`` uses a keyword
    the strategies cannot honour (strategies are built lazily, so this walks them all)."""
    seen: set[int] = set()
    todo = [schema]
    while todo:
        part = todo.pop()
        if not isinstance(part, Mapping) or id(part) in seen:
            continue
        seen.add(id(part))
        unknown = set(part) - _KNOWN
        if unknown:
            raise UnsupportedSchema(f"keywords {sorted(unknown)} in {dict(part)}")
        if "$ref" in part:
            todo.append(resolve(part, root))
        for key in ("items", "additionalProperties", "propertyNames"):
            todo.append(part.get(key))
        todo.extend(part.get("properties", {}).values())
        for key in ("oneOf", "anyOf"):
            todo.extend(part.get(key, ()))


def accepted(document: Any, schema: Schema) -> bool:
    """Whether the schema's validator (jsonschema itself) accepts the document."""
    from jsonschema import Draft202012Validator

    return bool(Draft202012Validator(schema).is_valid(document))
