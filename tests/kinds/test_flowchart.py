"""Flowchart kind: the spec → Mermaid text, and every rule the kind checks."""

from __future__ import annotations

from pathlib import Path

import pytest

from specmaid.errors import SpecErrors
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project


def render(text: str, tmp_path: Path) -> str:
    return render_source(SourceText("t.yaml", text), Project(root=tmp_path)).text


def errors(text: str, tmp_path: Path) -> list[tuple[str, int | None, str]]:
    from specmaid.errors import format_path

    with pytest.raises(SpecErrors) as info:
        render(text, tmp_path)
    return [(format_path(e.path), e.line, e.message) for e in info.value.errors]


def body(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if not line.startswith("%%")]


def test_minimal(tmp_path: Path) -> None:
    out = render(
        "diagram: flowchart\nnodes: {A: Start, B: null}\nedges: [{from: A, to: B}]\n", tmp_path
    )
    assert out == 'flowchart TB\n    A["Start"]\n    B\n    A --> B\n'


@pytest.mark.parametrize(
    ("edge", "operator"),
    [
        ("{}", "-->"),
        ("{head: none}", "---"),
        ("{line: dotted}", "-.->"),
        ("{line: dotted, head: none}", "-.-"),
        ("{line: thick}", "==>"),
        ("{line: thick, head: none}", "==="),
        ("{line: invisible}", "~~~"),
        ("{head: circle}", "--o"),
        ("{head: cross}", "--x"),
        ("{tail: arrow}", "<-->"),
        ("{head: circle, tail: circle}", "o--o"),
        ("{line: thick, head: cross, tail: cross}", "x==x"),
        ("{line: dotted, tail: arrow}", "<-.->"),
        ("{length: 3}", "---->"),
        ("{length: 2, head: none}", "----"),
        ("{line: dotted, length: 3}", "-...->"),
        ("{line: thick, length: 2}", "===>"),
        ("{line: invisible, length: 2}", "~~~~"),
    ],
)
def test_edge_forms(edge: str, operator: str, tmp_path: Path) -> None:
    spec = (
        f"diagram: flowchart\nnodes: {{A: a, B: b}}\nedges:\n  - {{from: A, to: B, {edge[1:-1]}}}\n"
    )
    spec = spec.replace(", }", "}")
    assert f"A {operator} B" in body(render(spec, tmp_path))


def test_fan_out_and_link_style_indexes(tmp_path: Path) -> None:
    out = render(
        """diagram: flowchart
nodes: {A: a, B: b, C: c, D: d}
edges:
  - {from: A, to: [B, C]}
  - {from: [B, C], to: D, style: {stroke: "#f00"}}
  - {from: A, to: D, id: e9}
edge_styles:
  - {edges: [e9, {from: A, to: C}], style: {stroke-width: 4px}}
""",
        tmp_path,
    )
    lines = body(out)
    assert lines[5:10] == ["A --> B", "A --> C", "B --> D", "C --> D", "A e9@--> D"]
    assert "linkStyle 1,4 stroke-width:4px" in lines


def test_edge_id_on_fan_out_is_an_error(tmp_path: Path) -> None:
    errs = errors(
        "diagram: flowchart\nnodes: {A: a, B: b, C: c}\n"
        "edges:\n  - {from: A, to: [B, C], id: e1}\n",
        tmp_path,
    )
    assert errs == [("edges[0].id", 4, "an edge id names one edge; this entry fans out to several")]


def test_unknown_node_with_suggestion(tmp_path: Path) -> None:
    errs = errors(
        "diagram: flowchart\nnodes: {Alpha: a, B: b}\nedges:\n  - {from: Alpah, to: B}\n", tmp_path
    )
    assert errs[0][0] == "edges[0].from" and errs[0][1] == 4
    assert "unknown node 'Alpah'" in errs[0][2] and "Did you mean 'Alpha'?" in errs[0][2]


def test_auto_nodes(tmp_path: Path) -> None:
    out = render("diagram: flowchart\nauto_nodes: true\nedges: [{from: A, to: B}]\n", tmp_path)
    assert body(out)[-1] == "A --> B"


def test_unknown_shape_and_key(tmp_path: Path) -> None:
    errs = errors(
        "diagram: flowchart\nnodes:\n  A: {label: a, shape: diamnd, colour: red}\n", tmp_path
    )
    messages = {path: msg for path, _, msg in errs}
    assert "Did you mean 'diamond'?" in messages["nodes.A.shape"]
    assert "unknown key 'colour'" in messages["nodes.A.colour"]


def test_all_errors_in_one_run(tmp_path: Path) -> None:
    errs = errors(
        """diagram: flowchart
nodes:
  A: {label: a, class: missing}
  B: {label: b, style: {fill: "rgb(1,2,3)"}}
edges:
  - {from: A, to: C}
  - {from: A, to: B, tail: cross}
""",
        tmp_path,
    )
    paths = [p for p, _, _ in errs]
    assert paths == ["edges[0].to", "edges[1].tail", "nodes.A.class", "nodes.B.style.fill"]


def test_reserved_and_risky_ids_are_renamed_but_keep_their_text(tmp_path: Path) -> None:
    out = render(
        "diagram: flowchart\nnodes: {end: null, a--b: null}\nedges: [{from: end, to: a--b}]\n",
        tmp_path,
    )
    lines = body(out)
    assert lines[1].endswith('["end"]') and not lines[1].startswith("end")
    assert lines[2].endswith('["a--b"]') and not lines[2].startswith("a--b")


def test_ids_mermaid_reads_as_written_are_kept(tmp_path: Path) -> None:
    out = render(
        "diagram: flowchart\nnodes: {o-1: null, CI/CD: null}\nedges: [{from: o-1, to: CI/CD}]\n",
        tmp_path,
    )
    assert body(out)[1:] == ["o-1", "CI/CD", "o-1 --> CI/CD"]


def test_subgraphs(tmp_path: Path) -> None:
    out = render(
        """diagram: flowchart
direction: LR
nodes: {a: A, b: B, c: C}
subgraphs:
  outer:
    title: Outer
    direction: TB
    nodes: [a]
    subgraphs:
      inner: {nodes: [b]}
edges:
  - {from: outer, to: c}
""",
        tmp_path,
    )
    assert out.splitlines()[1:] == [
        '    c["C"]',
        '    subgraph outer ["Outer"]',
        "        direction TB",
        '        a["A"]',
        "        subgraph inner",
        '            b["B"]',
        "        end",
        "    end",
        "    outer --> c",
    ]


def test_subgraph_id_equal_to_node(tmp_path: Path) -> None:
    errs = errors("diagram: flowchart\nnodes: {a: A}\nsubgraphs:\n  a: {nodes: [a]}\n", tmp_path)
    assert errs[0][0] == "subgraphs.a" and "also a node id" in errs[0][2]


def test_markdown_label_rejects_backtick(tmp_path: Path) -> None:
    errs = errors("diagram: flowchart\nnodes:\n  A: {markdown: 'a `b`'}\n", tmp_path)
    assert errs[0][0] == "nodes.A.markdown"


def test_javascript_urls_are_refused(tmp_path: Path) -> None:
    errs = errors(
        "diagram: flowchart\nnodes:\n  A: {label: a, link: 'javascript:alert(1)'}\n", tmp_path
    )
    assert errs[0][0] == "nodes.A.link" and "not allowed" in errs[0][2]


def test_yaml11_words_stay_labels(tmp_path: Path) -> None:
    out = render(
        "diagram: flowchart\nnodes: {no: on, yes: 1e3, x: 0o12, d: 2024-01-01}\n", tmp_path
    )
    assert body(out)[1:] == ['no["on"]', 'yes["1e3"]', 'x["0o12"]', 'd["2024-01-01"]']


def test_theme_classes_only_when_used(tmp_path: Path) -> None:
    (tmp_path / "themes").mkdir()
    (tmp_path / "themes" / "t.yaml").write_text(
        "config: {theme: dark}\nclasses:\n  used: {fill: '#f00'}\n  unused: {fill: '#0f0'}\n"
    )
    out = render("diagram: flowchart\ntheme: t\nnodes: {A: {label: a, class: used}}\n", tmp_path)
    assert "classDef used fill:#f00" in out and "unused" not in out
    assert out.startswith("---\nconfig:\n  theme: dark\n---\n")


def test_config_styles(tmp_path: Path) -> None:
    spec = (
        "diagram: flowchart\ntitle: T\nconfig: {theme: forest}\nconfig_style: %s\nnodes: {A: a}\n"
    )
    init = render(spec % "init", tmp_path)
    assert init.startswith(
        '---\ntitle: T\n---\n%%{init: {\n  "theme": "forest"\n}}%%\nflowchart TB'
    )
    both = render(spec % "both", tmp_path)
    assert "config:\n  theme: forest" in both and "%%{init:" in both


def test_legacy_graph_config_key(tmp_path: Path) -> None:
    errs = errors(
        "diagram: flowchart\nconfig:\n  graph: {curve: linear}\nnodes: {A: a}\n", tmp_path
    )
    assert errs == [
        ("config.graph", 3, "Mermaid 11 ignores the legacy `graph:` key; write `flowchart:`")
    ]


def test_warning_past_mermaid_edge_limit(tmp_path: Path) -> None:
    edges = "\n".join(f"  - {{from: A, to: B, label: '{i}'}}" for i in range(501))
    rendered = render_source(
        SourceText("t.yaml", f"diagram: flowchart\nnodes: {{A: a, B: b}}\nedges:\n{edges}\n"),
        Project(root=tmp_path),
    )
    (warning,) = [w for w in rendered.warnings if "maxEdges" in w.message]
    assert warning.severity == "warning" and warning.line == 4


def test_warning_past_mermaid_text_limit(tmp_path: Path) -> None:
    label = "x" * 50_001
    rendered = render_source(
        SourceText("t.yaml", f"diagram: flowchart\nnodes: {{A: {label}}}\n"), Project(root=tmp_path)
    )
    assert any("maxTextSize" in w.message for w in rendered.warnings)


def test_title_characters_mermaid_mangles_are_warned_about(tmp_path: Path) -> None:
    rendered = render_source(
        SourceText("t.yaml", "diagram: flowchart\ntitle: Safety & Ethics\nnodes: {A: a}\n"),
        Project(root=tmp_path),
    )
    (warning,) = rendered.warnings
    assert warning.path == ("title",) and "&amp;" in warning.message and warning.line == 2
