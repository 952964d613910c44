"""No user text can break out of its place: property-based tests checked by real Mermaid.

Hypothesis builds random flowchart specs whose ids, labels, titles, tooltips and URLs are
hostile (quotes, `#…;` entities, `%%{init}%%` directives, `click` statements, `end`, `-->`,
newlines, emoji, frontmatter fences). Each spec goes through the whole pipeline (YAML text in,
Mermaid text out) and real Mermaid parses the result; the graph it builds must have exactly the
spec's nodes, edges and labels — no extra statements, no lost text.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from specmaid.mermaid.bridge import MermaidServer
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.escape import mermaid_id
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

HOSTILE_PIECES = [
    '"',
    "'",
    "#",
    "#35;",
    "#quot;",
    "&amp;",
    "&",
    "%",
    "%%",
    "%%{init: {'theme': 'dark'}}%%",
    "<",
    ">",
    "<b>x</b>",
    "<script>alert(1)</script>",
    "|",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    "@",
    "a@b",
    ";",
    ":",
    "\\",
    "`",
    "end",
    "style",
    "classDef",
    "click A call alert()",
    "-->",
    "---",
    "\n---\n",
    "~~~",
    "==>",
    "-.->",
    "style x:#fff;",
    "subgraph",
    "direction LR",
    "Direction  td",
    "🙂",
    "ünï",
    "中文",
    " ",
    "a",
    "Z",
    "0",
]

text = st.lists(st.sampled_from(HOSTILE_PIECES), min_size=1, max_size=6).map("".join)
#: Mermaid trims labels and folds line breaks into `<br>`; keep texts that survive that.
label_text = text.filter(lambda s: s.strip() == s and "\n" not in s and s != "")
#: Mermaid sanitises titles as HTML and draws them as text (`&` → `&amp;`, tags dropped);
#: specmaid warns about those characters, so titles here avoid them.
title_text = label_text.filter(lambda s: not set(s) & set("&<>"))
node_id = st.one_of(
    st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,5}", fullmatch=True),
    st.sampled_from(["end", "style", "o-1", "x-ray", "class", "default", "click", "1st", "a b"]),
    # ids written as they are (escape.is_flowchart_id), and near misses that are renamed
    st.from_regex(r"[:a-zé]{1,2}[-./:a-z0-9]{0,4}", fullmatch=True),
    st.sampled_from(["end-x", ":end", "a--b", "a-.b", "flowchart-elk", "a:::b", "x-", "中文"]),
    label_text,
)
LINES = ["solid", "dotted", "thick", "invisible"]
HEADS = ["arrow", "none", "circle", "cross"]


@st.composite
def flowchart_specs(draw: Any) -> dict[str, Any]:
    ids = draw(st.lists(node_id, min_size=1, max_size=5, unique=True))
    nodes: dict[str, Any] = {}
    for node in ids:
        spec: dict[str, Any] = {"label": draw(label_text)}
        if draw(st.booleans()):
            spec["link"] = "https://example.com/" + draw(text)
            spec["tooltip"] = draw(label_text)
        nodes[node] = spec
    edges = []
    for _ in range(draw(st.integers(0, 5))):
        line = draw(st.sampled_from(LINES))
        edge: dict[str, Any] = {
            "from": draw(st.sampled_from(ids)),
            "to": draw(st.sampled_from(ids)),
        }
        edge["line"] = line
        if line != "invisible":
            edge["head"] = draw(st.sampled_from(HEADS))
            if draw(st.booleans()):
                edge["label"] = draw(label_text)
        edges.append(edge)
    spec = {"diagram": "flowchart", "title": draw(title_text), "nodes": nodes, "edges": edges}
    if draw(st.booleans()):
        spec["subgraphs"] = {
            draw(node_id.filter(lambda i: i not in ids)): {
                "title": draw(label_text),
                "nodes": ids[:1],
            }
        }
    return spec


@pytest.fixture(scope="module")
def server() -> Iterator[MermaidServer]:
    with MermaidServer() as running:
        yield running


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(spec=flowchart_specs())
def test_hostile_text_stays_in_its_place(
    spec: dict[str, Any], server: MermaidServer, tmp_path_factory: Any
) -> None:
    sub_ids = list(spec.get("subgraphs", {}))
    source = SourceText("h.yaml", yaml.safe_dump(spec, allow_unicode=True, sort_keys=False))
    rendered = render_source(source, Project(root=Path(tmp_path_factory.getbasetemp())))
    result = server.parse(rendered.text)
    assert result.ok, f"{result.error}\n---\n{rendered.text}"
    graph = result.graph
    assert graph is not None

    vertices = {v["id"]: v for v in graph["vertices"]}
    expected_ids = {mermaid_id(n) for n in spec["nodes"]}
    assert set(vertices) - {mermaid_id(s) for s in sub_ids} == expected_ids
    for node, node_spec in spec["nodes"].items():
        vertex = vertices[mermaid_id(node)]
        assert (vertex["text"]) == node_spec["label"]
        if "tooltip" in node_spec:
            assert (vertex.get("tooltip") or "") == node_spec["tooltip"]

    edges = graph["edges"]
    assert len(edges) == len(spec["edges"])
    for edge, edge_spec in zip(edges, spec["edges"], strict=True):
        assert (edge["start"], edge["end"]) == (
            mermaid_id(edge_spec["from"]),
            mermaid_id(edge_spec["to"]),
        )
        assert (edge.get("text") or "") == edge_spec.get("label", "")

    subgraphs = {s["id"]: s for s in graph["subgraphs"]}
    assert set(subgraphs) == {mermaid_id(s) for s in sub_ids}
    for sub_id in sub_ids:
        assert (subgraphs[mermaid_id(sub_id)]["title"]) == spec["subgraphs"][sub_id]["title"]
    assert (result.title or "") == spec["title"]
