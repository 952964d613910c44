"""`appearance: classic` keeps Mermaid 11's look under Mermaid 12: the settings it writes
undo 12's new defaults, parse under 11.17.2 and 12.3.0 alike, and yield to the spec's own."""

from __future__ import annotations

from pathlib import Path

from oracle import check_everywhere, parse_everywhere

from specmaid.pipeline.compile import render_file, render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project, find_project
from specmaid.project.files import spec_files

REPO = Path(__file__).resolve().parents[1]
PROJECT = find_project(REPO)
assert PROJECT is not None


#: The kinds whose look Mermaid 12's defaults change (specmaid.pipeline.appearance); pie is one they do not.
AFFECTED = ("flowchart", "swimlane", "sequence", "class", "state", "er", "requirement", "venn")


def _one_example_per_kind() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for spec in spec_files(PROJECT):
        text = spec.read_text("utf-8")
        for kind in (*AFFECTED, "pie"):
            if f"\ndiagram: {kind}\n" in text and "\nappearance:" not in text:
                found.setdefault(kind, spec)
    return found


def test_examples_with_classic_appearance_parse_under_11_and_12() -> None:
    """An example of each kind Mermaid 12's defaults change, `appearance: classic` added,
    parses in both releases (one Node process each) and carries the look, the layout and
    11's wrapping; a kind they do not change gets nothing."""
    rendered = {}
    examples = _one_example_per_kind()
    assert set(examples) >= {"flowchart", "state", "class", "er", "sequence", "pie"}
    for spec in examples.values():
        text = spec.read_text("utf-8")
        copy = spec.with_name(f".classic-{spec.name}")
        try:
            copy.write_text(text.rstrip("\n") + "\nappearance: classic\n", "utf-8")
            result = render_file(copy, PROJECT)
        finally:
            copy.unlink()
        rendered[PROJECT.relative(spec)] = (result.kind.name, result.text)
    results = parse_everywhere([(name, text) for name, (_, text) in rendered.items()])
    kinds_seen = set()
    for name, (kind, text) in rendered.items():
        check_everywhere(results, name)
        if kind in ("flowchart", "state", "class", "er", "requirement"):
            assert "look: classic" in text or "look: handDrawn" in text, name
            assert "layout: dagre" in text or "layout: elk" in text, name  # a theme's own wins
            kinds_seen.add(kind)
        if kind in ("flowchart", "state"):
            assert "minNodeWidth: 0" in text and "wrappingWidth: 200" in text, name
        if kind == "pie":
            assert "look:" not in text and "layout:" not in text, name
    assert {"flowchart", "state", "class", "er"} <= kinds_seen


def test_a_theme_sets_it_and_a_spec_leaves_it(tmp_path: Path) -> None:
    themes = tmp_path / "themes"
    themes.mkdir()
    (themes / "eleven.yaml").write_text("appearance: classic\nconfig: {theme: neutral}\n")
    project = Project(root=tmp_path)
    spec = (
        "diagram: state\ntheme: eleven\nstates: {A: {}, B: {}}\ntransitions: [{from: A, to: B}]\n"
    )
    classic = render_source(SourceText("s.yaml", spec + "target: '11'\n"), project).text
    assert classic.startswith(
        "---\nconfig:\n  look: classic\n  layout: dagre\n  state:\n    wrappingWidth: 200\n"
        "    minNodeWidth: 0\n  theme: neutral\n---\n"
    )  # and target 11 does not refuse 12's keys: the user did not write them
    plain = render_source(SourceText("s.yaml", spec + "appearance: renderer\n"), project).text
    assert plain.startswith("---\nconfig:\n  theme: neutral\n---\n")


def test_swimlane_keeps_its_own_layout(tmp_path: Path) -> None:
    spec = "diagram: swimlane\nlanes: {L: {nodes: [A]}}\nnodes: {A: a}\nappearance: classic\n"
    text = render_source(SourceText("s.yaml", spec), Project(root=tmp_path)).text
    assert "layout:" not in text and "look: classic" in text and "minNodeWidth: 0" in text
