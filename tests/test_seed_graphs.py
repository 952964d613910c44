"""The four seed diagrams come back as the same graphs, under Mermaid 11.17.2 and 12.3.0.

Mermaid (each oracle release, tests/oracle.py) parses the original hand-written diagram (tests/data/seed) and ours (rendered from
specs/system-card), and the graphs its flowchart db builds must be equal: node ids, labels,
shapes, classes, styles, images; edges with their kinds, labels, styles and animation;
classDefs; the title and the effective config.

Two documented differences:
* the seed writes config under the legacy `graph:` key, which Mermaid 11 ignores; the specs
  say `flowchart:` so the settings take effect. The comparison reads the original's `graph:`
  as `flowchart:`;
* Mermaid records an unquoted label (`C[Reducing Harms]`) as labelType "text" and a quoted one
  as "string"; both are plain text (specmaid always quotes). Markdown labels stay "markdown".
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest
from oracle import Results, parse_everywhere

from specmaid.mermaid.bridge import ParseResult
from specmaid.mermaid.features import ORACLES, Version, show
from specmaid.pipeline.compile import render_file
from specmaid.project.config import find_project

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "tests" / "data" / "seed"
NAMES = ["core-challenges", "dependencies", "rsp-flow", "signature"]
PROJECT = find_project(REPO)


@cache
def _parsed() -> Results:
    assert PROJECT is not None
    diagrams = []
    for name in NAMES:
        seed = (SEEDS / f"{name}.mmd").read_text("utf-8")
        diagrams.append((f"seed:{name}", seed))
        # The seed's intent, read the way Mermaid 11 would honour it.
        diagrams.append((f"seed-intent:{name}", seed.replace('"graph":', '"flowchart":')))
        spec = REPO / "specs" / "system-card" / f"{name}.yaml"
        diagrams.append((f"ours:{name}", render_file(spec, PROJECT).text))
    return parse_everywhere(diagrams)


def _plain(item: dict[str, Any]) -> dict[str, Any]:
    """Texts arrive decoded from the harness; unify the two plain-text label types."""
    out = dict(item)
    if out.get("labelType") == "text":
        out["labelType"] = "string"
    return out


def _graph(result: ParseResult) -> dict[str, Any]:
    assert result.ok, result.error
    graph = result.graph
    assert graph is not None
    vertices = {}
    for v in graph["vertices"]:
        vertices[v["id"]] = _plain(v)
    edges = [_plain(e) for e in graph["edges"]]
    return {
        "direction": graph.get("direction"),
        "vertices": vertices,
        "edges": edges,
        "classDefs": graph.get("classDefs"),
        "subgraphs": [_plain(s) for s in graph.get("subgraphs") or []],
    }


RELEASES = list(ORACLES)
RELEASE_IDS = [show(v) for v in RELEASES]


@pytest.mark.parametrize("release", RELEASES, ids=RELEASE_IDS)
@pytest.mark.parametrize("name", NAMES)
def test_same_graph_as_the_seed(name: str, release: Version) -> None:
    results = _parsed()[release]
    seed, ours = results[f"seed:{name}"], results[f"ours:{name}"]
    assert _graph(ours) == _graph(seed)


@pytest.mark.parametrize("release", RELEASES, ids=RELEASE_IDS)
@pytest.mark.parametrize("name", NAMES)
def test_same_title_and_config_as_the_seed(name: str, release: Version) -> None:
    results = _parsed()[release]
    seed, ours = results[f"seed-intent:{name}"], results[f"ours:{name}"]
    assert ours.title == seed.title and ours.title
    assert ours.config == seed.config


@pytest.mark.parametrize("name", NAMES)
def test_11_and_12_build_the_same_graph(name: str) -> None:
    pinned, newest = (_parsed()[release][f"ours:{name}"] for release in RELEASES)
    assert _graph(pinned) == _graph(newest)


def test_first_three_share_one_theme() -> None:
    import re

    colours = re.findall(
        r"#BB2528", "".join(p.read_text() for p in (REPO / "specs").rglob("*.yaml"))
    )
    assert colours == [], "the seed theme colours live in themes/system-card.yaml only"
    theme = (REPO / "themes" / "system-card.yaml").read_text()
    assert theme.count("#BB2528") == 1
