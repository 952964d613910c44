"""Agent flows (Mermaid 12 `agentflow-beta`): rendering, escaping checked with Mermaid 12 (its
parse and the diagnostics its drawing adds), the checks, the target, and import round trips."""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from importcheck import gallery_outputs, render
from kindcheck import HOSTILE

from specmaid.errors import SpecErrors
from specmaid.importing.dispatch import dump_spec, import_diagram
from specmaid.kinds.agentflow import NODE_KINDS
from specmaid.kinds.agentflow.importer import import_agentflow
from specmaid.mermaid.bridge import MermaidServer, ParseResult

Render = Callable[[Any], str]
Errors = Callable[[Any], list[tuple[str, str]]]
Parse = Callable[..., list[ParseResult]]


@pytest.fixture(scope="module")
def mermaid12() -> Iterator[MermaidServer]:
    """One Mermaid 12 for the module (loading it takes seconds on a busy machine)."""
    with MermaidServer(package="mermaid-12") as server:
        yield server


@pytest.fixture
def parse12(mermaid12: MermaidServer) -> Parse:
    return lambda *texts: [mermaid12.parse(text, str(i)) for i, text in enumerate(texts)]


def spec(**keys: Any) -> dict[str, Any]:
    return {"diagram": "agentflow", "target": "12", **keys}


def test_render(render: Render) -> None:
    out = render(
        spec(
            direction="LR",
            nodes={
                "ask": {"label": "Question", "kind": "input"},
                "look": {"label": "Look up", "kind": "tool", "connector": "db"},
                "done": "Answer",
                "log": None,
            },
            connectors={"db": "Orders DB"},
            flows={"main": {"title": "Main", "nodes": ["look"]}},
            edges=[
                {"from": "ask", "to": "look"},
                {"from": "look", "to": "done", "label": "found", "animation": "fast"},
                {"from": "look", "to": "log", "type": "failure"},
                {"from": "look", "to": "db", "type": "reference"},
            ],
        )
    )
    assert out.split("agentflow-beta LR\n", 1)[1].splitlines() == [
        '    connector db["Orders DB"]',
        '    ask["Question"]@{ shape: input }',
        '    done["Answer"]',
        '    log["log"]',
        '    flow main["Main"]',
        '        look["Look up"]@{ shape: tool, connectorRef: db }',
        "    end",
        "    ask --> look",
        '    look edge1@-->|"found"| done',
        "    look --x log",
        "    look -.- db",
        "    edge1@{ animation: fast }",
    ]


def test_hostile_text_reaches_mermaid_12_whole(render: Render, parse12: Parse) -> None:
    texts = [*HOSTILE, "two\nlines"]
    out = render(
        spec(
            nodes={
                f"n{i}": {"label": t, "description": t, "instruction": t}
                for i, t in enumerate(texts)
            },
            connectors={f"c{i}": t for i, t in enumerate(texts)},
            flows={f"f{i}": {"title": t} for i, t in enumerate(texts)},
            edges=[{"from": f"n{i}", "to": f"c{i}", "label": t} for i, t in enumerate(texts)],
        )
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    graph = result.graph or {}
    nodes = [v for v in graph["vertices"] if v["id"].startswith("n")]
    assert [v["text"] for v in nodes] == texts
    assert [v["metadata"]["description"] for v in nodes] == texts
    assert [v["metadata"]["instruction"] for v in nodes] == texts
    assert [c["title"] for c in graph["connectors"]] == texts
    assert sorted(f["title"] for f in graph["flows"]) == sorted(texts)
    assert [e["text"] for e in graph["edges"]] == texts
    assert graph["warnings"] == []


def test_ids_that_are_words_of_the_grammar_get_other_mermaid_ids(
    render: Render, parse12: Parse
) -> None:
    words = ["end", "flow", "global", "connector", "graph", "default", "a-b", "1x", "LR"]
    out = render(
        spec(
            nodes=dict.fromkeys(words),
            flows={"subgraph": {"nodes": ["end"]}},
            edges=[{"from": a, "to": b} for a, b in itertools.pairwise(words)],
        )
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    graph = result.graph or {}
    assert sorted(v["text"] for v in graph["vertices"]) == sorted(words)
    assert len(graph["edges"]) == len(words) - 1
    assert [f["title"] for f in graph["flows"]] == ["subgraph"]


def test_kinds_and_edge_types_are_mermaid_12s_semantics(render: Render, parse12: Parse) -> None:
    out = render(
        spec(
            nodes={kind: {"kind": kind} for kind in NODE_KINDS},
            edges=[
                {"from": "task", "to": "tool"},
                {"from": "tool", "to": "input", "type": "failure", "label": "no"},
                {"from": "decision", "to": "refdoc", "type": "reference"},
            ],
            flows={"outer": {"nodes": ["task"], "flows": {"inner": {"nodes": ["tool"]}}}},
            **{"global": ["action"]},
        )
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    graph = result.graph or {}
    assert {v["id"]: v["kind"] for v in graph["vertices"]} == {k: k for k in NODE_KINDS}
    assert [e["semantic"] for e in graph["edges"]] == ["sequence", "failure", "reference"]
    assert {f["id"]: f["nodes"] for f in graph["flows"]} == {
        "inner": ["tool"],
        "outer": ["task", "inner"],
    }


def test_classes_and_styles_read_back(render: Render, parse12: Parse) -> None:
    out = render(
        spec(
            nodes={"a": {"class": ["hot", "cold"], "style": {"stroke-width": "3px"}}},
            classes={"hot": {"fill": "#f96"}, "cold": {"stroke": "#00f"}},
        )
    )
    (result,) = parse12(out)
    assert result.ok, result.error
    (vertex,) = (result.graph or {})["vertices"]
    assert vertex["classes"] == ["hot", "cold"] and vertex["styles"] == ["stroke-width:3px"]


def test_mermaid_12_refuses_removed_shapes_when_it_draws(parse12: Parse) -> None:
    """Why the oracle reads the diagnostics: `mermaid.parse` accepts a removed shape."""
    (result,) = parse12('agentflow-beta\n  a(("A")) --> b["B"]\n')
    assert not result.ok and "SHAPE_REMOVED" in str(result.error)


def test_checks_at_their_spec_path(errors: Errors) -> None:
    found = errors(
        spec(
            nodes={"a": {"connector": "dbb"}, "b": None, "c": None},
            connectors={"db": None, "b": None},
            flows={
                "f": {"nodes": ["a", "x"]},
                "g": {"nodes": ["a"], "flows": {"f": {"nodes": ["c"]}}},
            },
            edges=[
                {"from": "a", "to": "db", "type": "reference", "label": "uses"},
                {"from": "a", "to": "g"},
            ],
        )
    )
    assert sorted(path for path, _ in found) == [
        "connectors.b",
        "edges[0].label",
        "edges[1].to",
        "flows.f.nodes[1]",
        "flows.g.flows.f",
        "flows.g.nodes[0]",
        "nodes.a.connector",
    ]
    messages = dict(found)
    assert "Did you mean 'db'?" in messages["nodes.a.connector"]
    assert "'g' is a flow" in messages["edges[1].to"]


@pytest.mark.parametrize("target", ["11", "11.17"])
def test_a_target_before_12_refuses_the_kind_with_a_located_error(
    target: str, tmp_path: Path
) -> None:
    from kindcheck import spec_errors

    ((path, line, message),) = spec_errors(
        f"diagram: agentflow\ntarget: '{target}'\nnodes: {{a: A}}\n", tmp_path
    )
    assert (path, line) == ("diagram", 1)
    assert "agentflow" in message and "needs Mermaid 12.0 or newer" in message


# ------------------------------------------------------------------ import

#: Mermaid's own forms (from the Mermaid 12 research, each checked to parse in 12.3.0).
CORPUS = {
    "minimal": 'agentflow-beta\n  ask[/"User question"/] --> plan["Plan answer"]\n  plan --> done["Reply"]\n',
    "shapes": 'agentflow-beta LR\n  q[/"Question"/]\n  search[["Web search"]]\n  route{"Need more?"}\n  act{{"Send email"}}\n  spec@{ shape: refdoc, label: "Style guide" }\n  q --> route\n  route -- yes --> search\n  route -->|no| act\n  search -.- spec\n',
    "semantic": 'agentflow-beta\n  a@{ shape: input, label: "Ticket" }\n  b@{ shape: task, label: "Classify" }\n  c@{ shape: tool, label: "CRM lookup" }\n  d@{ shape: decision, label: "Urgent?" }\n  a --> b --> c --> d\n',
    "flows-connector": 'agentflow-beta TB\n  connector crm["CRM API"]\n  flow triage["Triage"]\n    in[/"New ticket"/] --> classify["Classify"]\n    flow escalate["Escalate"]\n      page{{"Page on-call"}}\n    end\n    classify --> page\n  end\n  classify --x failed["Log failure"]\n',
    "metadata": 'agentflow-beta\n  lookup@{ shape: tool, label: "Lookup order", description: "Reads the order DB", connectorRef: crm }\n  connector crm["Orders API"]\n  summarise@{ shape: task, label: "Summarise", instruction: "Two sentences at most" }\n  lookup --> summarise\n',
    "styling": 'agentflow-beta\n  accTitle: Support agent\n  accDescr: How the agent answers\n  a["Fetch"]:::hot --> b["Store"]\n  classDef hot fill:#fdd,stroke:#c00\n  style b stroke-width:3px\n  a e1@--> c["End"]\n  e1@{ animation: slow }\n',
}


def comparable(result: ParseResult) -> dict[str, Any]:
    """What Mermaid 12 read, without what a spec does not say: edge ids (Mermaid numbers
    them; specmaid names the animated ones), node shapes and label types (specmaid writes
    every node as `id["label"]` plus its kind, so `[["x"]]` and `@{ shape: tool }` read as
    the same tool), the metadata that only repeats shape and label, and the order of the
    nodes (specmaid declares a flow's nodes inside the flow, after the others)."""
    graph = dict(result.graph or {})
    graph["vertices"] = [
        {
            **{k: v for k, v in vertex.items() if k not in ("type", "labelType", "metadata")},
            "metadata": {
                k: v for k, v in vertex["metadata"].items() if k not in ("shape", "label")
            },
        }
        for vertex in sorted(graph["vertices"], key=lambda v: v["id"])
    ]
    graph["edges"] = [
        {k: v for k, v in edge.items() if k not in ("id", "labelType")} for edge in graph["edges"]
    ]
    graph["subgraphs"] = [
        {k: v for k, v in s.items() if k != "labelType"} for s in graph["subgraphs"]
    ]
    return {**graph, "acc": (result.acc_title, result.acc_description)}


def test_import_then_render_reads_the_same_in_mermaid_12(parse12: Parse) -> None:
    """import → render reads the same in Mermaid 12; render → import → render is a fixed
    point. (The importer is called on the server's parse: `import_diagram` would start a
    Mermaid per diagram; its dispatch to Mermaid 12 is checked below.)"""
    corpus = {**CORPUS, **dict(gallery_outputs("agentflow-beta"))}
    root = Path(tempfile.mkdtemp())

    def import_render(texts: list[str]) -> tuple[list[ParseResult], list[str]]:
        results = parse12(*texts)
        out = []
        for name, text, result in zip(corpus, texts, results, strict=True):
            assert result.ok, (name, result.error)
            found, _ = import_agentflow(result, text, name, 1)
            assert found["target"] == "12"
            out.append(render(dump_spec(found), root))
        return results, out

    originals, firsts = import_render(list(corpus.values()))
    again, seconds = import_render(firsts)
    for name, before, after in zip(corpus, originals, again, strict=True):
        assert comparable(after) == comparable(before), name
    assert seconds == firsts


def test_what_import_cannot_say_is_reported_with_its_line(parse12: Parse) -> None:
    text = 'agentflow-beta\n  a["A"] --> b["B"]\n  b@{ params: [order_id] }\n  linkStyle 0 stroke:#080\n'
    (result,) = parse12(text)
    found, warnings = import_agentflow(result, text, "m.mmd", 1)
    assert [(w.line, w.message) for w in warnings] == [
        (3, "the metadata 'params' of node 'b' has no spec form yet and is left out"),
        (2, "the style of edge a → b has no spec form yet and is left out"),
    ]
    assert found["edges"] == [{"from": "a", "to": "b"}]


def test_import_reads_agentflow_with_mermaid_12_and_reports_its_refusals() -> None:
    imported = import_diagram(CORPUS["flows-connector"], "m.mmd")
    assert imported.spec["diagram"] == "agentflow"
    assert imported.spec["flows"]["triage"]["flows"] == {
        "escalate": {"title": "Escalate", "nodes": ["page"]}
    }
    with pytest.raises(SpecErrors) as info:
        import_diagram('agentflow-beta\n  a(("A")) --> b\n', "m.mmd")
    assert "SHAPE_REMOVED" in str(info.value)


def test_doc_shows_the_gallery_example() -> None:
    """docs/kinds/agentflow.md quotes the example spec; `specmaid build` keeps its output
    current."""
    repo = Path(__file__).resolve().parents[2]
    doc = (repo / "docs" / "kinds" / "agentflow.md").read_text("utf-8")
    example = (repo / "specs" / "gallery" / "computer-use-agentflow.yaml").read_text("utf-8")
    assert example in doc
    assert "<!-- specmaid: specs/gallery/computer-use-agentflow.yaml -->" in doc


def test_style_values_agentflow_cannot_read_are_refused(errors: Errors) -> None:
    found = errors(
        spec(
            nodes={"a": {"style": {"fill": "&", "stroke": "1px end"}}},
            classes={"c": {"default": "red", "color": "\x1f"}},
        )
    )
    assert sorted(path for path, _ in found) == [
        "classes.c.color",
        "classes.c.default",
        "nodes.a.style.fill",
        "nodes.a.style.stroke",
    ]


def test_style_values_agentflow_reads(render: Render, parse12: Parse) -> None:
    styles = {"fill": "#f9f", "stroke-width": "1.5px", "stroke-dasharray": "5 5", "x": "50%"}
    out = render(spec(nodes={"a": {"style": styles}}, classes={"c": styles}))
    (result,) = parse12(out)
    assert result.ok, result.error


def test_hostile_accessibility_text_stays_in_its_statement(render: Render, parse12: Parse) -> None:
    texts = [*HOSTILE, "a } b", "x\n}\nactor Evil"]
    outs = [
        render(spec(accessibility={"title": t, "description": t}, nodes={"a": None})) for t in texts
    ]
    for text, result in zip(texts, parse12(*outs), strict=True):
        assert result.ok, (text, result.error)
        assert len((result.graph or {})["vertices"]) == 1, text
        assert result.acc_title == text.replace("\n", " "), text
        assert result.acc_description == "\n".join(text.splitlines()), text


def test_class_names_agentflow_reads_as_statement_words_are_refused(errors: Errors) -> None:
    found = errors(
        spec(
            nodes={"a": {"class": ["end", "ok"]}},
            classes={"end": {"fill": "#f00"}, "ok": {"fill": "#0f0"}},
        )
    )
    assert [path for path, _ in found] == ["nodes.a.class", "classes.end"]
