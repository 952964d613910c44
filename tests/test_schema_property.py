"""Accepted means drawable: for every kind the registry lists, documents the published JSON
Schema accepts are either drawn as Mermaid that both oracle releases parse (the pinned 11.17.2
and 12.3.0; a kind Mermaid 12 introduced: 12 parses it, 11 refuses it), or refused with a
located error (``file:line:col``, exit 2). Never invalid Mermaid, never an internal error.

The documents are drawn from ``schema/spec.schema.json`` (what editors use) by
tests/schema_strategies.py. ``SPECMAID_DEEP=1`` draws many more of them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from oracle import NEWEST, PINNED, Results, check_everywhere
from schema_strategies import Deriver, check_supported

from specmaid.errors import SpecErrors
from specmaid.kinds.registry import kind_names
from specmaid.mermaid.bridge import MermaidServer
from specmaid.mermaid.features import ORACLES, Version, required_version
from specmaid.pipeline.compile import render_file
from specmaid.project.config import Project

REPO = Path(__file__).resolve().parents[1]
PUBLISHED = json.loads((REPO / "schema" / "spec.schema.json").read_text("utf-8"))
VALIDATOR = Draft202012Validator(PUBLISHED)
#: Per kind: the kind's branch of the published schema alone (the same answer as VALIDATOR
#: for a document of that kind; checked below), without trying the 29 other `if`s.
KIND_VALIDATORS = {
    kind: Draft202012Validator({"$defs": PUBLISHED["$defs"], "$ref": f"#/$defs/{kind}"})
    for kind in PUBLISHED["$defs"]
    if "." not in kind
}
DEEP = bool(os.environ.get("SPECMAID_DEEP"))
EXAMPLES = 400 if DEEP else 20

DERIVER = Deriver(PUBLISHED)


def kind_documents(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    """Documents of ``kind`` that the published schema accepts."""
    schema = PUBLISHED["$defs"][kind]
    drawn = DERIVER.strategy(schema).map(lambda d: {**d, "diagram": kind})
    # No project files to include, no templates or themes to look up: those paths are
    # covered elsewhere, and here they would only turn every document into "not found".
    drawn = drawn.map(lambda d: {k: v for k, v in d.items() if k not in ("include", "template")})
    return drawn.filter(KIND_VALIDATORS[kind].is_valid)


def test_every_registered_kind_is_in_the_published_schema_and_has_a_strategy() -> None:
    assert set(PUBLISHED["properties"]["diagram"]["enum"]) == set(kind_names())
    for kind in kind_names():
        assert kind in PUBLISHED["$defs"], f"{kind} is missing from schema/spec.schema.json"
        check_supported(PUBLISHED["$defs"][kind], PUBLISHED)


Servers = dict[Version, MermaidServer]


@pytest.fixture(scope="module")
def server() -> Iterator[Servers]:
    """One long-running Mermaid per oracle release."""
    with ExitStack() as stack:
        yield {
            version: stack.enter_context(MermaidServer(package=package))
            for version, package in ORACLES.items()
        }


def render_or_error(document: dict[str, Any], folder: Path, as_yaml: bool) -> str | None:
    """The Mermaid text, or None after checking the errors are located in the spec file."""
    path = folder / "spec.yaml"
    if as_yaml:
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")
    else:
        path.write_text(json.dumps(document, ensure_ascii=True) + "\n", "utf-8")
    try:
        return render_file(path, Project(root=folder)).text
    except SpecErrors as exc:
        for error in exc.errors:
            assert error.file == "spec.yaml", str(error)
            assert error.line is not None and error.column is not None, str(error)
        return None


def check_kind(kind: str, server: Servers, folder: Path) -> None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        # The default run is the same every time (a suite that passes keeps passing); the
        # deep run draws new documents each time.
        derandomize=not DEEP,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.filter_too_much,
            HealthCheck.data_too_large,
        ],
    )
    @given(document=kind_documents(kind), as_yaml=st.booleans())
    def drawn(document: dict[str, Any], as_yaml: bool) -> None:
        text = render_or_error(document, folder, as_yaml)
        assert VALIDATOR.is_valid(document)
        event("drawn" if text is not None else "refused")
        if text is None:
            return
        results: Results = {v: {kind: running.parse(text, kind)} for v, running in server.items()}
        if required_version(kind, document) > PINNED:
            # No target was set and the spec asks for something only Mermaid 12 has (a BPMN
            # shape, say): drawn for 12, which must read it (a target of 11 refuses it at the
            # key: tests/test_features.py).
            newest = results[NEWEST][kind]
            assert newest.ok, f"Mermaid 12 rejects it: {newest.error}\n{document}\n{text}"
            return
        try:
            check_everywhere(results, kind)
        except AssertionError as failed:
            raise AssertionError(f"{failed}\n--- spec\n{document}\n--- mermaid\n{text}") from None

    drawn()


@pytest.mark.parametrize("kind", kind_names())
def test_accepted_means_drawable(kind: str, server: Servers, tmp_path: Path) -> None:
    check_kind(kind, server, tmp_path)
