"""The fast paths give the careful paths' answers.

* load: rapidyaml (fast_load) against libyaml through PyYAML (the careful loader), on every
  YAML file in the repository, on tricky and mistaken YAML, on generated documents, and on
  seeded random text.
* validate: the compiled validity check against jsonschema, on every example and broken
  spec and on generated documents.
* locate: positions read off the text (quick_locate) against the composed node tree.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from specmaid.errors import SpecErrors
from specmaid.kinds.registry import get_kind, kind_names
from specmaid.pipeline.coerce import coerce
from specmaid.pipeline.load import NOT_HANDLED, fast_load
from specmaid.pipeline.locate import quick_locate
from specmaid.pipeline.pyyaml_loader import careful_load, compose_with_marks, locate
from specmaid.pipeline.schema import flowchart_fragment_schema, spec_schema, theme_schema
from specmaid.pipeline.schema_check import compile_check
from specmaid.pipeline.source import Plain, SourceText

REPO = Path(__file__).resolve().parents[1]
YAML_FILES = sorted(
    p
    for pattern in ("specs/**/*.yaml", "themes/*.yaml", "tests/data/**/*.yaml")
    for p in REPO.glob(pattern)
)


def typed(value: Any) -> Any:
    """The value with every scalar's exact type kept visible (Plain vs str matters)."""
    if isinstance(value, dict):
        return {"dict": [(k, typed(v)) for k, v in value.items()]}
    if isinstance(value, list):
        return {"list": [typed(v) for v in value]}
    return (type(value).__name__, value)


def careful(text: str) -> tuple[str, Any]:
    try:
        return "ok", typed(careful_load(SourceText("t.yaml", text)))
    except SpecErrors as exc:
        return "error", str(exc.errors[0])


def assert_same_or_declined(text: str) -> bool:
    """fast_load either declines or gives exactly what the careful loader gives."""
    fast = fast_load(text)
    if fast is NOT_HANDLED:
        return False
    assert careful(text) == ("ok", typed(fast)), text
    return True


# ------------------------------------------------------------------------------ load


def test_every_yaml_file_here_loads_the_same() -> None:
    handled = [
        assert_same_or_declined(p.read_bytes().decode("utf-8", "replace")) for p in YAML_FILES
    ]
    assert sum(handled) > len(YAML_FILES) * 0.8  # the fast path is the common path


TRICKY = [
    "---\na: 1\n",
    "a: R&D *bold* !x @y `z\n",
    "a: [1, 2.5, true, no, on, ~, null, '', \"\", '1', 0x1F, 0o7, .inf, -.5, 1e3, 2024-01-01]\n",
    'k:\n  - |\n    block\n     more\n  - >-\n    folded\n    text\n\n    para\n  - "\\" \\\\ \\n \\t \\u263A \\x41"\n',
    "a:\n  b:\n  c: \n",
    '"quoted key": 1\n',
    "a: multi\n  line\n  plain\n",
    'a: "multi\n  line dq"\n',
    "a: # c\n  b\n",
    "{a: 1, b: [x, {c: d}]}\n",
    "a: |+\n  keep\n\n",
    "a: >\n  f\n\n  g\n",
    "a: :x\nb: x:y\nc: 1:2\nd: x #c\ne: '#x'\n",
    "1: a\ntrue: b\n",
    "a:\n- x\n- y\n",
    'é: ü\na: "\\U0001F600"\n',
    "a: Null\nb: NULL\nc: nUll\n",
    "a: +1\nb: -0\nc: 1.\nd: .5\ne: 1_000\n",
    "- - x\n",
    "a: |\n x\n  y\nb: 1\n",
    "a: 'it''s'\n",
    'a: "\\\n  cont"\n',
    "a: |2\n   indented\n",
]
MISTAKES = [
    'label: "Hello" world\n',
    "label: 'it's'\n",
    "nodes: [a, b\n",
    "a: b: c\n",
    "- a\nb: c\n",
    "a:\n  b: 1\n c: 2\n",
    "a: {b: 1\n",
    "a:\n  - x\n  y: 2\n",
    "a: [x]y\n",
    'a: "x"\n  b: 1\n',
    "nodes:\n  A: Start\n   B: End\n",
    "edges:\n  - {from: A, to: B}\n  -{from: B}\n",
    'a: "x\n',
    "a: [x, y]]\n",
    "a: }\n",
    "a: @x\n",
    "a: `x\n",
    "a: %x\n",
    "a: 1\na: 2\n",
    "a:\n\tb: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: b\n  c: d\n",
    "a: > x\n",
    "a: |x\n  y\n",
    "? [a, b]\n: c\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\n",
    "<<: {a: 1}\n",
    "a: 1",  # no final newline
    "a: 1\n...\n",
    "a: [x,?y]\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_yaml_loads_the_same(text: str) -> None:
    assert assert_same_or_declined(text), "the fast path should take this one"


@pytest.mark.parametrize("text", MISTAKES)
def test_mistakes_and_rare_features_go_to_the_careful_loader(text: str) -> None:
    assert fast_load(text) is NOT_HANDLED


def test_plain_typed_scalars_stay_marked() -> None:
    data = fast_load('a: [1, "1", true, "true", on]\n')
    assert [isinstance(v, Plain) for v in data["a"]] == [True, False, True, False, False]


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufeff")
    | st.sampled_from(list(":#-?[]{},&*!|>'\"%@`~ \n")),
    max_size=12,
)
DOCS = st.recursive(
    st.none() | TEXT | st.integers() | st.booleans(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.dictionaries(TEXT, DOCS, min_size=1, max_size=4), style=st.data())
def test_generated_documents_load_the_same(doc: dict[str, Any], style: st.DataObject) -> None:
    text = yaml.safe_dump(
        doc,
        allow_unicode=style.draw(st.booleans()),
        default_flow_style=style.draw(st.sampled_from([False, True, None])),
        default_style=style.draw(st.sampled_from([None, '"', "'", "|"])),
        width=style.draw(st.sampled_from([20, 80, 1000])),
        sort_keys=False,
    )
    assert_same_or_declined(text)


def test_seeded_random_text_never_loads_differently() -> None:
    """Random YAML-ish text: when both loaders accept it, the data is the same. (rapidyaml
    accepts a few malformed documents that libyaml refuses: flow collections with stray
    text, which no spec is made of; those are not compared here.)"""
    atoms = [*"ab1 :-[]{},'\"#?|>\\%@`~&*!=<.", "  ", "\n", "\n  ", ": ", "- ", "---", "...",
             "null", "true", "0x1", "é", '"x"', "'y'", "k: v\n", "- x\n", "\\n", "  - "]  # fmt: skip
    rng = random.Random(20261122)
    compared = 0
    for _ in range(20_000):
        text = "".join(rng.choice(atoms) for _ in range(rng.randint(1, 14))) + "\n"
        fast = fast_load(text)
        if fast is NOT_HANDLED:
            continue
        result = careful(text)
        if result[0] == "ok":
            assert result[1] == typed(fast), text
            compared += 1
    assert compared > 1000


# -------------------------------------------------------------------------- validate

SCHEMAS = {
    "spec": spec_schema(),
    "theme": theme_schema(),
    "fragment": flowchart_fragment_schema(),
    **{f"kind:{name}": get_kind(name).schema() for name in kind_names()},
}


def jsonschema_says(document: Any, schema: dict[str, Any]) -> bool:
    return Draft202012Validator(schema).is_valid(document)


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_the_compiled_check_knows_every_keyword(name: str) -> None:
    assert compile_check(SCHEMAS[name]) is not None


def _documents() -> list[tuple[str, Any]]:
    found = []
    for path in YAML_FILES:
        try:
            data = careful_load(SourceText(str(path), path.read_bytes().decode("utf-8", "replace")))
        except SpecErrors:
            continue
        found.append((path.name, data))
    return found


@pytest.mark.parametrize(("name", "document"), _documents(), ids=[n for n, _ in _documents()])
def test_same_verdict_as_jsonschema_on_every_file(name: str, document: Any) -> None:
    for schema in SCHEMAS.values():
        doc = coerce(document, schema)
        assert compile_check(schema)(doc) == jsonschema_says(doc, schema), name


VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 600)
    | st.floats(-2, 2, allow_nan=False)
    | st.sampled_from(["", "A", "LR", "diamond", "#fff", "dotted", "arrow", "x y", "1", "true"]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(["id", "from", "to", "label", "shape", "text", "nodes", "edges", "x"]),
            inner,
            max_size=3,
        )
    ),
    max_leaves=10,
)


@settings(max_examples=600, deadline=None)
@given(
    kind=st.sampled_from(["flowchart", "sequence", "pie", "gantt", "class", "state", "er", "xychart"]),
    body=st.dictionaries(
        st.sampled_from(
            ["nodes", "edges", "direction", "title", "slices", "participants", "steps", "tasks",
             "classes", "states", "entities", "theme", "config", "x_axis", "series", "subgraphs"]
        ),
        VALUES,
        max_size=4,
    ),
)  # fmt: skip
def test_same_verdict_as_jsonschema_on_generated_specs(kind: str, body: dict[str, Any]) -> None:
    doc = {"diagram": kind, **body}
    for schema in (SCHEMAS["spec"], SCHEMAS[f"kind:{kind}"]):
        assert compile_check(schema)(doc) == jsonschema_says(doc, schema)


# ---------------------------------------------------------------------------- locate


def test_quick_positions_match_the_node_tree() -> None:
    texts = [p.read_bytes().decode("utf-8", "replace") for p in YAML_FILES]
    texts += [
        "# c\n\nedges: # x\n  # y\n  - a\nnodes: {a: 1}\n",
        "a: |\n  edges: x\nedges:\n- 1\n",
        "a:   x  \n",
        '"edges" : [1]\n',
        "nodes:\nedges:\n",
    ]
    checked = 0
    for text in texts:
        root = compose_with_marks(text)
        if not isinstance(root, yaml.MappingNode):
            continue
        paths = [(), ("nope",), *((k.value,) for k, _ in root.value)]
        for path in paths:
            for key in (False, True):
                quick = quick_locate(text, path, key=key)
                if quick is not None:
                    assert quick == locate(text, path, key=key, root=root), (text, path)
                    checked += 1
    assert checked > 500
