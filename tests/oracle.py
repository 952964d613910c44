"""Shared by the oracle tests (a plain module, on the test path): parse with every oracle
Mermaid (the pinned 11.17.2 and 12.3.0, :data:`specmaid.mermaid.features.ORACLES`), one Node process
per release, and judge a diagram by the releases that should read it.

A diagram of a kind Mermaid 12 introduced (its ``KIND.since`` is 12 or newer) is read by 12
only, and the pinned 11 must refuse it; every other diagram must parse under both.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import Any

from specmaid.mermaid.bridge import ParseResult, parse_diagrams
from specmaid.mermaid.features import LATEST, ORACLES, Version
from specmaid.mermaid.versions import parse_target

NEWEST: Version = max(ORACLES)
PINNED: Version = LATEST

Results = dict[Version, dict[str, ParseResult]]


def parse_everywhere(diagrams: Sequence[tuple[str, str]]) -> Results:
    """``{release: {name: result}}`` for every oracle release."""
    return {
        version: {r.name: r for r in parse_diagrams(diagrams, package=package)}
        for version, package in ORACLES.items()
    }


@cache
def newer_kind_types() -> frozenset[str]:
    """Mermaid diagramType values of the kinds newer than the pinned release."""
    from specmaid.kinds.registry import get_kind, kind_names

    found: set[str] = set()
    for name in kind_names():
        kind = get_kind(name)
        since = parse_target(kind.since)
        if since is not None and since > PINNED:
            found.update(kind.mermaid_types)
    return frozenset(found)


def check_everywhere(results: Results, name: str) -> ParseResult:
    """Assert ``name`` parses where it should (and is refused by the pinned release when its
    kind is newer); the newest release's result, for further checks."""
    newest = results[NEWEST][name]
    assert newest.ok, f"Mermaid {'.'.join(map(str, NEWEST))}: {newest.error}"
    pinned = results[PINNED][name]
    if newest.diagram_type in newer_kind_types():
        assert not pinned.ok, f"the pinned Mermaid reads a {newest.diagram_type} diagram"
    else:
        assert pinned.ok, f"Mermaid {'.'.join(map(str, PINNED))}: {pinned.error}"
        assert pinned.diagram_type == newest.diagram_type
    return newest


#: Keys of a parsed graph that are render data, not the diagram: Mermaid 12's getData()
#: embeds its whole config and adds palette indexes and node sizes (research §4).
RENDER_DATA_KEYS = frozenset(
    {"config", "colorIndex", "minWidth", "wrappingWidth", "centerLabel", "diagramId"}
)
#: Ids Mermaid makes up at random (block columns, state start nodes): `id-<random>-<n>`.
_RANDOM_ID_RE = re.compile(r"\bid-[a-z0-9]{6,}-")


def _is_layout_data(value: Any) -> bool:
    """getData() of the unified renderer: the nodes and edges it lays out, with its config.
    Mermaid 12 adds drawing hints there (edge `pattern`, node `type`); the kind's own getters
    (states, relations, …) hold the diagram."""
    return isinstance(value, dict) and {"nodes", "edges", "config"} <= value.keys()


def semantic(graph: Any) -> Any:
    """The graph without render data and with random ids masked, for comparing releases."""
    if isinstance(graph, dict):
        return {
            _RANDOM_ID_RE.sub("id-*-", k): semantic(v)
            for k, v in graph.items()
            if k not in RENDER_DATA_KEYS and not (k == "data" and _is_layout_data(v))
        }
    if isinstance(graph, list):
        return [semantic(v) for v in graph]
    if isinstance(graph, str):
        return _RANDOM_ID_RE.sub("id-*-", graph)
    return graph
