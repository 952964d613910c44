"""`specmaid export`: images through mermaid-cli in the system Chromium, deterministic bytes,
and clear install hints (exit 2) when mermaid-cli or Chromium is missing.

These tests need Node, `npm ci` and Chromium, which `scripts/test` provides; they fail (never
skip) when one is missing, saying how to install it."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from specmaid.apps import export
from specmaid.apps.export import ExportUnavailable, find_chromium, find_mermaid_cli
from specmaid.cli.group import main
from specmaid.errors import SpecErrors
from specmaid.project.config import find_project

REPO = Path(__file__).resolve().parents[1]
FLOW = """diagram: flowchart
title: Export check
nodes:
  A: Spec written
  B: {label: Image drawn, shape: rounded}
edges: [{from: A, to: B, label: specmaid export}]
"""

# The system-card theme: the ELK layout, hand-drawn.
ELK_STATE = """diagram: state
title: Drawn with ELK
theme: system-card
states:
  written: Spec written
  checked: {label: Checked by Mermaid}
  drawn: Image drawn
transitions:
  - {from: "[*]", to: written}
  - {from: written, to: checked, label: specmaid check}
  - {from: checked, to: drawn, label: specmaid export}
"""


@pytest.fixture(scope="module")
def tools() -> None:
    """mermaid-cli and Chromium must be there: a missing one fails with the install hint."""
    try:
        find_chromium()
        project = find_project(REPO)
        assert project is not None
        find_mermaid_cli(project)
    except ExportUnavailable as exc:
        pytest.fail(f"export tests need mermaid-cli and Chromium: {exc}")


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "flow.yaml").write_text(FLOW)
    # Diagrams whose drawings depend on Math.random (rough.js shapes, state ids) and on the
    # clock (a gantt chart's "today" line) unless export pins them down.
    shutil.copytree(REPO / "themes", tmp_path / "themes")
    for name in ("asl-determination-state.yaml", "asl-determination-gantt.yaml"):
        shutil.copy(REPO / "specs" / "gallery" / name, tmp_path / "specs" / name)
    monkeypatch.chdir(tmp_path)
    # The temporary project has no node_modules; use the repository's.
    modules = REPO / "node_modules"
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(modules))
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.*")}


def test_svg_twice_gives_identical_bytes(tools: None, project_dir: Path) -> None:
    first = run("export", "-o", "first")
    assert first.exit_code == 0, first.output
    second = run("export", "--format", "svg", "-o", "second")
    assert second.exit_code == 0, second.output
    one, two = files(project_dir / "first"), files(project_dir / "second")
    # The gallery theme has a dark variant: two images for each of its specs.
    assert sorted(one) == [
        "asl-determination-gantt.dark.svg",
        "asl-determination-gantt.svg",
        "asl-determination-state.dark.svg",
        "asl-determination-state.svg",
        "flow.svg",
    ]
    assert one == two
    svg = one["flow.svg"].decode()
    assert svg.startswith("<svg") and 'id="specmaid-flow"' in svg
    assert "Image drawn" in svg and "specmaid export" in svg
    assert "<foreignObject" in svg  # HTML labels by default
    assert "[5/5]" in first.output  # plain progress lines when not on a terminal
    assert "specmaid: exported 5 images." in first.output


def test_images_of_specs_in_different_folders_have_different_ids(
    tools: None, project_dir: Path
) -> None:
    (project_dir / "specs" / "sub").mkdir()
    (project_dir / "specs" / "sub" / "flow.yaml").write_text(FLOW)
    result = run("export", "-o", "images", "specs/flow.yaml", "specs/sub/flow.yaml")
    assert result.exit_code == 0, result.output
    top = (project_dir / "images" / "flow.svg").read_text()
    sub = (project_dir / "images" / "sub" / "flow.svg").read_text()
    assert 'id="specmaid-flow"' in top and 'id="specmaid-sub-flow"' in sub
    # Two SVGs inlined in one page share no element id.
    ids = re.compile(r'(?<![-\w])id="([^"]+)"')  # not data-id
    assert not set(ids.findall(top)) & set(ids.findall(sub))


def test_png_pdf_and_svg_without_html_labels(tools: None, project_dir: Path) -> None:
    result = run("export", "--format", "png", "specs/flow.yaml")
    assert result.exit_code == 0, result.output
    png = (project_dir / "out" / "flow.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")
    assert width > 100 and height > 20
    assert not (project_dir / "out" / "asl-determination-state.png").exists()  # only the one named

    result = run("export", "--format", "pdf", "-o", "pdf", "specs/flow.yaml")
    assert result.exit_code == 0, result.output
    assert (project_dir / "pdf" / "flow.pdf").read_bytes().startswith(b"%PDF-")

    result = run("export", "--no-html-labels", "-o", "plain", "specs/flow.yaml")
    assert result.exit_code == 0, result.output
    svg = (project_dir / "plain" / "flow.svg").read_text()
    assert "<foreignObject" not in svg  # text Inkscape and Office can read
    assert ">Image</tspan>" in svg and "> drawn</tspan>" in svg  # one tspan per word


def test_spec_errors_are_located_and_nothing_is_drawn(tools: None, project_dir: Path) -> None:
    (project_dir / "specs" / "flow.yaml").write_text(FLOW.replace("rounded", "roundd"))
    result = run("export", "-o", "images")
    assert result.exit_code == 2
    assert "specs/flow.yaml:5:34: error: nodes.B.shape: unknown value 'roundd'" in result.output
    assert not (project_dir / "images").exists()


def test_missing_chromium_is_exit_2_with_the_install_hint(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPECMAID_CHROMIUM", raising=False)
    monkeypatch.delenv("PUPPETEER_EXECUTABLE_PATH", raising=False)
    monkeypatch.setattr(export, "CHROMIUM_NAMES", ("specmaid-no-such-browser",))
    result = run("export")
    assert result.exit_code == 2
    assert "Chromium is not installed" in result.output
    assert "apt-get install chromium" in result.output
    assert "Traceback" not in result.output
    assert not (project_dir / "out").exists()

    monkeypatch.setenv("SPECMAID_CHROMIUM", str(project_dir / "no-chromium-here"))
    result = run("export")
    assert result.exit_code == 2
    assert "SPECMAID_CHROMIUM=" in result.output and "is not an executable file" in result.output


def test_missing_mermaid_cli_is_exit_2_with_the_install_hint(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = project_dir / "empty_node_modules"
    empty.mkdir()
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(empty))
    result = run("export")
    assert result.exit_code == 2
    assert "mermaid-cli is not installed" in result.output
    assert "Run `specmaid setup --export`" in result.output


def test_a_diagram_mermaid_cannot_draw_is_reported_against_its_spec(
    tools: None, project_dir: Path
) -> None:
    # An image node whose URL cannot be fetched (the network is closed, or the URL is wrong).
    (project_dir / "specs" / "flow.yaml").write_text(
        FLOW.replace(
            "  B: {label: Image drawn, shape: rounded}",
            "  B: {label: Image drawn, shape: rounded}\n"
            "  C: {img: 'http://specmaid.invalid/x.png', label: Logo}",
        )
    )
    result = run("export", "-o", "images", "specs/flow.yaml")
    assert result.exit_code == 2, result.output
    assert "specs/flow.yaml: error: Mermaid cannot draw the diagram:" in result.output
    assert "image URLs must be reachable" in result.output
    assert not (project_dir / "images" / "flow.svg").exists()


def test_concurrent_export_gives_the_bytes_of_the_serial_one(
    tools: None, project_dir: Path
) -> None:
    """Diagrams drawn at once in reused tabs, against one new tab per diagram, one at a
    time (the way export drew before): the same bytes, SVG and PNG, including a gantt chart
    (the clock), a state diagram (random ids), a hand-drawn ELK one (rough.js) and a dark
    variant; a diagram that fails in between changes nothing for the tab's next one."""
    specs = project_dir / "specs"
    (specs / "card").mkdir()
    for name in ("core-challenges.yaml", "_highlight.yaml"):
        shutil.copy(REPO / "specs" / "system-card" / name, specs / "card" / name)
    (specs / "broken.yaml").write_text(
        FLOW.replace(
            "  B: {label: Image drawn, shape: rounded}",
            "  B: {label: Image drawn, shape: rounded}\n"
            "  C: {img: 'http://specmaid.invalid/x.png', label: Logo}",
        )
    )
    project = find_project(project_dir)
    assert project is not None
    # PNG (the tab's viewport is resized for a screenshot, then put back): three diagrams
    # of different types, so one page draws them all; every one with SPECMAID_DEEP_EXPORT=1
    # (a minute more).
    png_specs = (
        None
        if os.environ.get("SPECMAID_DEEP_EXPORT")
        else [
            specs / "flow.yaml",
            specs / "asl-determination-gantt.yaml",
            specs / "card" / "core-challenges.yaml",
        ]
    )
    for fmt, chosen in (("svg", None), ("png", png_specs)):
        images: dict[str, dict[str, bytes]] = {}
        for way, options in (
            ("serial", export.ExportOptions(fmt=fmt, fresh_pages=True)),
            # (PNG: one lane, so each diagram is drawn in the page the one before resized.)
            ("concurrent", export.ExportOptions(fmt=fmt, jobs=3 if fmt == "svg" else 1)),
        ):
            done: list[int] = []
            try:
                export.export_specs(
                    project,
                    chosen,
                    project_dir / way,
                    options,
                    progress=lambda n, total, name, done=done: done.append(n),
                )
            except SpecErrors as failed:
                assert chosen is None
                assert [e.file for e in failed.errors] == ["specs/broken.yaml"]
            else:
                assert chosen is not None
            assert done == list(range(1, (4 if chosen else 7) + 1))  # each as it is done
            images[way] = files(project_dir / way)
            shutil.rmtree(project_dir / way)
        expected = (
            (
                "flow",
                "asl-determination-gantt",
                "asl-determination-gantt.dark",
                "card/core-challenges",
            )
            if chosen
            else (
                "asl-determination-gantt.dark",
                "asl-determination-gantt",
                "asl-determination-state.dark",
                "asl-determination-state",
                "card/core-challenges",
                "flow",
            )
        )
        assert sorted(images["serial"]) == sorted(f"{name}.{fmt}" for name in expected)
        for name, data in images["serial"].items():
            assert images["concurrent"][name] == data, f"{name} differs"
        if fmt == "svg":  # (hand-drawn indeed)
            assert b"rough-node" in images["serial"]["card/core-challenges.svg"]


def test_pdf_from_a_shared_page_is_the_pdf_of_a_new_tab(tools: None, project_dir: Path) -> None:
    """PDFs too, but for the moment Chromium stamps in them (CreationDate and ModDate, in
    the one-tab-per-diagram path as well): the title is renderMermaid's page's, not the
    loopback URL the shared pages come from."""
    project = find_project(project_dir)
    assert project is not None
    chosen = [
        project_dir / "specs" / "flow.yaml",
        project_dir / "specs" / "asl-determination-gantt.yaml",
    ]
    images: dict[str, dict[str, bytes]] = {}
    for way, options in (
        ("serial", export.ExportOptions(fmt="pdf", fresh_pages=True)),
        ("lane", export.ExportOptions(fmt="pdf", jobs=1)),
    ):
        export.export_specs(project, chosen, project_dir / way, options)
        images[way] = files(project_dir / way)
    assert len(images["serial"]) == 3
    moment = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]*\)")
    for name, data in images["serial"].items():
        assert b"/Title (index.html)" in data
        assert moment.sub(b"", images["lane"][name]) == moment.sub(b"", data), f"{name} differs"


def test_one_page_draws_many_diagrams_with_the_bytes_of_a_page_each(
    tools: None, project_dir: Path
) -> None:
    """One lane draws diagram after diagram in one loaded page. Mermaid keeps state between
    renders that none of them resets (id counters such as a sankey diagram's, the
    accessible title a C4 diagram does not clear, the draw from Math.random an ELK layout takes
    when it is first loaded), so a page draws no two diagrams that would see each other's: the
    same bytes as renderMermaid drawing each in a new tab, and the pages are fewer than the
    images. SPECMAID_DEEP=1: every spec of this repository, with one, two and three lanes
    (several minutes)."""
    deep = bool(os.environ.get("SPECMAID_DEEP"))
    specs = project_dir / "specs"
    for name in ("flow.yaml", "asl-determination-state.yaml", "asl-determination-gantt.yaml"):
        (specs / name).unlink()
    if deep:
        shutil.copytree(REPO / "specs", specs, dirs_exist_ok=True)
    else:
        (specs / "gallery").mkdir()
        (specs / "system-card").mkdir()
        for name in (
            "prompt-injection-sankey.yaml",  # two of each (a dark variant): id counters
            "cyber-tasks-packet.yaml",  # accTitle and accDescr, then a C4 diagram
            "deployment-context-c4.yaml",
        ):
            shutil.copy(REPO / "specs" / "gallery" / name, specs / "gallery" / name)
        for name in ("dependencies.yaml", "rsp-flow.yaml", "_highlight.yaml"):  # ELK
            shutil.copy(REPO / "specs" / "system-card" / name, specs / "system-card" / name)
        # A state diagram with the ELK layout, hand-drawn, before the flowcharts: drawn in
        # one page, the flowchart after it would find ELK loaded and its rough.js shapes
        # would take other numbers.
        (specs / "gallery" / "elk-state.yaml").write_text(ELK_STATE)
    project = find_project(project_dir)
    assert project is not None
    images: dict[str, dict[str, bytes]] = {}
    pages: dict[Path, int] = {}
    ways = [("serial", export.ExportOptions(fresh_pages=True))]
    ways += [(f"{n} lanes", export.ExportOptions(jobs=n)) for n in ((1, 2, 3) if deep else (1,))]
    for way, options in ways:
        try:
            export.export_specs(project, None, project_dir / way, options, documents=pages)
        except SpecErrors as failed:  # an image from the network, which is closed here
            assert deep and [e.file for e in failed.errors] == ["specs/system-card/signature.yaml"]
        images[way] = files(project_dir / way)
    assert len(images["serial"]) == (73 if deep else 9)
    for way, drawn in images.items():
        assert sorted(drawn) == sorted(images["serial"])
        for name, data in images["serial"].items():
            assert drawn[name] == data, f"{name} differs ({way})"
    serial = {p for p in pages if (project_dir / "serial") in p.parents}
    assert len({pages[p] for p in serial}) == len(serial)  # renderMermaid: a tab per diagram
    lane = {
        p.relative_to(project_dir / "1 lanes").as_posix(): n
        for p, n in pages.items()
        if (project_dir / "1 lanes") in p.parents
    }
    sankeys = ("gallery/prompt-injection-sankey.svg", "gallery/prompt-injection-sankey.dark.svg")
    assert lane[sankeys[0]] != lane[sankeys[1]]
    elk = ("system-card/dependencies.svg", "system-card/rsp-flow.svg")
    assert lane[elk[0]] != lane[elk[1]]
    if not deep:
        assert b"rough-node" in images["serial"]["gallery/elk-state.svg"]
        # Each page drew one diagram of a kind and one with each layout: 2 sankeys, 2 packets,
        # 2 C4s and 3 diagrams with the ELK layout need three pages, not nine.
        assert len(set(lane.values())) == 3
        assert len({lane["gallery/elk-state.svg"], *(lane[name] for name in elk)}) == 3
