"""Import and adopt: existing Mermaid becomes specs, and comes back as the same graph.

The round trips run over diagrams nobody on this project wrote: Mermaid's own examples from
the `@mermaid-js/examples` npm package (MIT, installed by `npm ci`, not copied into this repo),
the flowchart in the `mermaid` package's README (MIT), and the seed document's four diagrams
(MIT, Cong Le 2025; tests/data/seed).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from specmaid.cli.group import main
from specmaid.importing.dispatch import import_diagram
from specmaid.mermaid.bridge import ParseResult, find_node_modules, parse_diagrams
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

REPO = Path(__file__).resolve().parents[1]
MODULES = find_node_modules(REPO)
assert MODULES is not None


def _examples() -> list[tuple[str, str]]:
    script = (
        "import(process.argv[1]).then(m => console.log(JSON.stringify("
        "m.diagramData.filter(d => d.id.startsWith('flowchart')).flatMap(d => d.examples.map(e => [e.title, e.code])))))"
    )
    entry = MODULES / "@mermaid-js" / "examples" / "dist" / "mermaid-examples.core.mjs"
    out = subprocess.run(
        ["node", "-e", script, entry.as_uri()], capture_output=True, text=True, check=True
    )
    examples = [(f"examples:{title}", code) for title, code in json.loads(out.stdout)]
    readme = (MODULES / "mermaid" / "README.md").read_text("utf-8")
    for i, block in enumerate(re.findall(r"```mermaid\n(.*?)```", readme, re.S)):
        if block.lstrip().startswith(("flowchart", "graph")):
            examples.append((f"mermaid-readme:{i}", block))
    for path in sorted((REPO / "tests" / "data" / "seed").glob("*.mmd")):
        examples.append((f"seed:{path.stem}", path.read_text("utf-8")))
    return examples


CORPUS = _examples()


def render(spec_yaml: str, tmp: Path) -> str:
    return render_source(SourceText("imported.yaml", spec_yaml), Project(root=tmp)).text


#: Mermaid records a shape by the name it was written with (`{…}` is "diamond", `@{shape:
#: diam}` is "diam", `@{shape: decision}` is "decision"): all draw the same shape.
BRACKET_TYPES = {"square": "rect", "round": "rounded", "subroutine": "fr-rect", "cylinder": "cyl",
                 "diamond": "diam", "hexagon": "hex", "lean_right": "lean-r", "lean_left": "lean-l",
                 "trapezoid": "trap-b", "inv_trapezoid": "trap-t", "doublecircle": "dbl-circ"}  # fmt: skip


def normalized(result: ParseResult) -> dict[str, Any]:
    """The graph, with the two plain label types and every shape alias made one."""
    from specmaid.kinds.flowchart_shapes import SHAPE_NAMES

    assert result.ok, result.error
    graph = result.graph or {}

    def plain(item: dict[str, Any]) -> dict[str, Any]:
        out = dict(item)
        if out.get("labelType") == "text":
            out["labelType"] = "string"
        if out.get("type") in BRACKET_TYPES or out.get("type") in SHAPE_NAMES:
            shape = BRACKET_TYPES.get(out["type"], out["type"])
            out["type"] = SHAPE_NAMES.get(shape, shape)
        return out

    return {
        "title": result.title,
        "config": result.config,
        "direction": graph.get("direction"),
        "vertices": {v["id"]: plain(v) for v in graph.get("vertices", [])},
        "edges": [plain(e) for e in graph.get("edges", [])],
        "classDefs": graph.get("classDefs"),
        "subgraphs": sorted((plain(s) for s in graph.get("subgraphs", [])), key=lambda s: s["id"]),
    }


@cache
def round_trips() -> dict[str, tuple[str, str, str]]:
    """name → (original, first render, second render)."""
    tmp = Path(__import__("tempfile").mkdtemp())
    out = {}
    for name, original in CORPUS:
        first = render(import_diagram(original, name).yaml(), tmp)
        second = render(import_diagram(first, name).yaml(), tmp)
        out[name] = (original, first, second)
    shutil.rmtree(tmp)
    return out


def test_corpus_has_real_world_diagrams() -> None:
    assert len([n for n, _ in CORPUS if n.startswith("examples:")]) >= 4
    assert len(CORPUS) >= 9


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_builds_the_same_graph(name: str) -> None:
    # One Node process per pair: Mermaid's sanitiser keeps global hooks, so what it keeps of
    # an <a target=…> depends on the diagrams parsed before (as on a page with many diagrams).
    original, first, _ = round_trips()[name]
    results = {r.name: r for r in parse_diagrams([("original", original), ("imported", first)])}
    assert normalized(results["imported"]) == normalized(results["original"])


def test_render_import_render_is_a_fixed_point() -> None:
    for name, (_, first, second) in round_trips().items():
        assert second == first, name


def test_import_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "d.mmd").write_text(
        "%%{init: {'graph': {'curve': 'linear'}}}%%\nflowchart LR\n%% the start\nA[Start] -->|go| B{Done?}\nclassDef hot fill:#f00\nclass B hot\n"
    )
    result = CliRunner().invoke(main, ["import", "d.mmd"])
    assert result.exit_code == 0, result.output
    assert "d.mmd:1: warning: the legacy `graph:` config key is ignored" in result.stderr
    assert result.stdout.splitlines()[:3] == [
        "# imported by specmaid from d.mmd",
        "diagram: flowchart",
        "comment: the start",
    ]
    assert "  B: {label: 'Done?', shape: diamond, class: hot}" in result.stdout
    assert "- {from: A, to: B, label: go}" in result.stdout
    assert CliRunner().invoke(main, ["import", "d.mmd", "-o", "d.yaml"]).exit_code == 0
    assert (tmp_path / "d.yaml").read_text() == result.stdout
    (tmp_path / "i.mmd").write_text("info\n")  # Mermaid's own info diagram: no kind writes it
    failed = CliRunner().invoke(main, ["import", "i.mmd"])
    assert failed.exit_code == 2
    assert "i.mmd: error: import reads flowchart, " in failed.stderr
    assert " so far; this is a info" in failed.stderr


def test_adopt_the_seed_document(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.specmaid]\nmarkdown = ["*.md"]\n')
    seeds = sorted((REPO / "tests" / "data" / "seed").glob("*.mmd"))
    order = ["core-challenges", "dependencies", "rsp-flow", "signature"]
    blocks = [(REPO / "tests" / "data" / "seed" / f"{n}.mmd").read_text() for n in order]
    assert len(seeds) == 4
    doc = "# Notes\n\nIntro text.\r\n\n" + "".join(
        f"## D{i}\n\n```mermaid\n{b}```\n\nAfter {i}.\n" for i, b in enumerate(blocks)
    )
    (tmp_path / "doc.md").write_bytes(doc.encode())
    result = CliRunner().invoke(main, ["adopt", "doc.md"])
    assert result.exit_code == 0, result.output
    assert "wrote themes/doc.yaml" in result.stdout
    assert CliRunner().invoke(main, ["check"]).exit_code == 0, "check passes right after adopt"
    text = (tmp_path / "doc.md").read_bytes().decode()
    assert text.startswith("# Notes\n\nIntro text.\r\n\n## D0\n\n<!-- specmaid: specs/doc/")
    assert text.count("<!-- /specmaid -->") == 4 and "After 3.\n" in text
    theme = (tmp_path / "themes" / "doc.yaml").read_text()
    assert theme.count("#BB2528") == 1 and "look: handDrawn" in theme
    specs = sorted((tmp_path / "specs" / "doc").glob("*.yaml"))
    assert sum("theme: doc" in p.read_text() for p in specs) == 3
    new_blocks = re.findall(r"```mermaid\n(.*?)```", text, re.S)
    for i in range(4):
        # One process per pair: Mermaid's sanitiser registers hooks on first use, so what
        # it keeps of an <a target=…> can depend on the diagrams parsed before.
        by_name = {r.name: r for r in parse_diagrams([("o", blocks[i]), ("n", new_blocks[i])])}
        original, adopted = normalized(by_name["o"]), normalized(by_name["n"])
        diff = {
            k: (v, adopted["vertices"].get(k))
            for k, v in original["vertices"].items()
            if adopted["vertices"].get(k) != v
        }
        assert adopted == original, (order[i], diff)


def test_the_importers_are_the_ones_the_kinds_declare() -> None:
    """No table of importers beside the registry: each kind names its own, and every Mermaid
    diagram type the kind declares reaches it."""
    from specmaid.importing.helpers import importer_for
    from specmaid.kinds.registry import get_kind, importable_kinds, kind_names

    # every kind specmaid writes imports (issue 19), in registry order
    assert importable_kinds() == kind_names()
    for name in kind_names():
        kind = get_kind(name)
        for diagram_type in kind.mermaid_types:
            found = importer_for(diagram_type)
            if kind.importer is None:
                assert found is None, diagram_type
            else:
                assert found is not None and callable(found)
                assert found.__name__ == kind.importer.partition(":")[2]
    assert importer_for("info") is None and importer_for("nonsense") is None


def test_tag_like_text_that_is_no_html_stays_text(tmp_path: Path) -> None:
    # `&lt;env&gt;` draws `<env>`; written as a tag, Mermaid's sanitizer would drop it.
    source = (
        'flowchart LR\n    A["x<br/>/&lt;proj&gt;/&lt;env&gt;/config"]\n'
        '    B["only &lt;env&gt;"]\n    A --> B\n'
    )
    imported = import_diagram(source, "f")
    assert imported.spec["nodes"]["A"] == {"html": "x<br>/&lt;proj&gt;/&lt;env&gt;/config"}
    assert imported.spec["nodes"]["B"] == "only <env>"
    [result] = parse_diagrams([("f", render(imported.yaml(), tmp_path))])
    assert result.ok, result.error


def test_a_blank_subgraph_title_stays_blank(tmp_path: Path) -> None:
    # Mermaid draws nothing for `[" "]`; a subgraph without a title would show its id.
    imported = import_diagram('flowchart LR\n  subgraph side[" "]\n    b\n  end\n', "f")
    assert imported.spec["subgraphs"]["side"]["title"] == " "
    [result] = parse_diagrams([("f", render(imported.yaml(), tmp_path))])
    assert result.ok and result.graph is not None, result.error
    assert [s["title"] for s in result.graph["subgraphs"]] == [""]
