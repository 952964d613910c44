"""The outputs of `specmaid diff` (src/specmaid/diff/formats.py, highlight.py): the
Markdown's diagrams parse in real Mermaid, marks are only ever added to the new diagram,
colours come from the theme's `diff:` key, and a real browser draws the marks."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from gitrepo import git, write

from specmaid.apps.export import CHROMIUM_ARGS, ExportUnavailable, find_chromium
from specmaid.diff import formats
from specmaid.diff.highlight import DARK, LIGHT, is_dark
from specmaid.diff.run import diff
from specmaid.mermaid.bridge import parse_diagrams
from specmaid.project.config import find_project

REPO = Path(__file__).resolve().parents[1]

#: Text edits of gallery and seed specs: (file, old, new), applied in order.
EDITS = [
    ("system-card/core-challenges.yaml", "Reducing Harms", "Reducing harm"),
    ("system-card/core-challenges.yaml", "  E3: Monitor & Respond\n", ""),
    ("system-card/core-challenges.yaml", "[E1, E2, E3]", "[E1, E2]"),
    (
        "system-card/core-challenges.yaml",
        "  F: Appropriate Harmlessness\n",
        "  F: Appropriate Harmlessness\n  G: Added goal\n",
    ),
    (
        "system-card/core-challenges.yaml",
        "  - {from: A, to: B}\n",
        "  - {from: A, to: B}\n  - {from: F, to: G, label: new edge}\n",
    ),
    ("system-card/rsp-flow.yaml", "{from: K, to: [L, M]}", "{from: K, to: [L]}"),
    ("system-card/rsp-flow.yaml", "Expert Red Teaming", "External red teaming"),
    (
        "system-card/rsp-flow.yaml",
        "  - {from: A, to: B}\n",
        "  - {from: A, to: B, label: starts}\n",
    ),
    ("gallery/asl-determination-swimlane.yaml", "nodes: [pretest]", "nodes: []"),
    ("gallery/asl-determination-swimlane.yaml", "nodes: [critique]", "nodes: [critique, pretest]"),
    ("gallery/asl-determination-swimlane.yaml", "  - {from: determine, to: enhance}\n", ""),
    (
        "gallery/asl-determination-state.yaml",
        "asl2: {label: ASL-2 safeguards,",
        "asl2: {label: ASL-2 safeguards kept,",
    ),
    ("gallery/asl-determination-state.yaml", "  asl3: {label: ASL-3 safeguards}\n", ""),
    (
        "gallery/asl-determination-state.yaml",
        "  - {from: thresholds, to: asl3, label: thresholds reached}\n",
        "",
    ),
    (
        "gallery/evaluations-er.yaml",
        "  TESTER:\n    label: Evaluator\n    attributes:\n"
        "      - {type: string, name: team, comment: FRT or AST or US AISI or UK AISI}\n",
        "",
    ),
    (
        "gallery/evaluations-er.yaml",
        "  - {from: TESTER, to: MODEL,",
        "  # - {from: TESTER, to: MODEL,",
    ),
    (
        "gallery/safeguards-class.yaml",
        '  SystemPromptUpdate: {members: ["+computer use system prompt"]}\n',
        "",
    ),
    (
        "gallery/safeguards-class.yaml",
        "  - {from: SystemPromptUpdate, to: Mitigation, type: realization}\n",
        "",
    ),
    ("gallery/prompt-injection-pie.yaml", "Not prevented: 12", "Not prevented: 13"),
    ("gallery/prompt-injection-sequence.yaml", "text: Result,", "text: The result,"),
    ("gallery/safeguards-class.yaml", '"+halt()"', '"+halt(reason)"'),
    ("gallery/evaluations-er.yaml", "label: uses}", "label: applies}"),
    ("gallery/thinking-safeguards-block.yaml", "label: Final answer", "label: The answer"),
    ("gallery/computer-use-architecture.yaml", "label: halts}", "label: stops}"),
    ("gallery/system-card-mindmap.yaml", "Toggle on or off", "Toggle"),
    ("gallery/evaluation-timeline.yaml", "Uplift studies", "Uplift trials"),
]


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of this repository's specs and themes in a git repository, committed, then
    edited in the working tree."""
    root = tmp_path_factory.mktemp("edited")
    shutil.copytree(REPO / "specs", root / "specs")
    shutil.copytree(REPO / "themes", root / "themes")
    write(root / "specmaid.yaml", "specs: specs\n")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    for name, old, new in EDITS:
        path = root / "specs" / name
        text = path.read_text("utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new, 1), "utf-8")
    return root


@pytest.fixture(scope="module")
def markdown(edited: Path) -> str:
    project = find_project(edited)
    assert project is not None
    return formats.markdown(diff(project))


def blocks(markdown: str) -> list[str]:
    return re.findall(r"^```mermaid\n(.*?)^```$", markdown, re.S | re.M)


def test_every_markdown_diagram_parses_in_real_mermaid(markdown: str) -> None:
    found = blocks(markdown)
    assert len(found) == len({name for name, _, _ in EDITS})
    results = parse_diagrams([(str(n), text) for n, text in enumerate(found)])
    assert [r.error for r in results if not r.ok] == []


def test_marks_are_only_added_to_the_new_diagram(edited: Path, markdown: str) -> None:
    """The head diagram is there byte for byte (its classes, styles and linkStyles kept);
    the marks come after it."""
    from specmaid.pipeline.compile import render_file

    project = find_project(edited)
    assert project is not None
    found = blocks(markdown)
    for name in ("system-card/core-challenges.yaml", "gallery/asl-determination-swimlane.yaml"):
        head = render_file(edited / "specs" / name, project, header=False).text
        block = next(b for b in found if b.startswith(head))
        marks = block[len(head) :].splitlines()
        assert marks and all(
            line.startswith(
                ("    classDef specmaid", "    class ", "    linkStyle ", "    specmaid_")
            )
            or " -.-> " in line
            for line in marks
        ), marks


def test_the_flowchart_marks(markdown: str) -> None:
    section = markdown.split("#### `specs/system-card/core-challenges.yaml (flowchart)`")[1]
    block = blocks(section)[0]
    tail = block[block.index("    linkStyle 0 stroke-width:2px,stroke:#333") :]
    assert tail.splitlines()[1:] == [
        '    specmaid_removed_0["Monitor & Respond"]',
        "    E -.-> specmaid_removed_0",
        "    classDef specmaidAdded fill:#12361d,stroke:#3fb950,stroke-width:3px,color:#aff5b4",
        "    class G specmaidAdded",
        "    classDef specmaidChanged fill:#3a2c05,stroke:#d29922,stroke-width:3px,color:#f8e3a1",
        "    class C specmaidChanged",
        "    classDef specmaidRemoved fill:#161b22,stroke:#6e7681,stroke-width:2px,"
        "stroke-dasharray:5 5,color:#8b949e",
        "    class specmaid_removed_0 specmaidRemoved",
        "    linkStyle 1 stroke:#3fb950,stroke-width:3px",
        "    linkStyle 19 stroke:#6e7681,stroke-width:2px,stroke-dasharray:5 5",
    ]
    assert '- **added** edge F → G "new edge"' in section
    assert '- **removed** node E3 "Monitor & Respond"' in section


def test_removed_elements_are_drawn_as_ghosts(markdown: str) -> None:
    def marks_of(name: str) -> list[str]:
        block = blocks(markdown.split(f"#### `specs/gallery/{name}")[1])[0]
        return [line for line in block.splitlines() if "specmaid" in line]

    removed_style = (
        "fill:#f6f8fa,stroke:#8c959f,stroke-width:2px,stroke-dasharray:5 5,color:#8c959f"
    )
    assert marks_of("evaluations-er.yaml") == [
        '    specmaid_removed_0["Evaluator"]',
        '    specmaid_removed_0 }o..o{ MODEL : "tests"',
        f"    classDef specmaidRemoved {removed_style}",
        "    class specmaid_removed_0 specmaidRemoved",
    ]
    assert marks_of("safeguards-class.yaml") == [
        '    class specmaid_removed_0["SystemPromptUpdate"]',
        "    specmaid_removed_0 .. Mitigation",
        '    cssClass "InjectionClassifier" specmaidChanged',
        "    classDef specmaidChanged fill:#fff8c5,stroke:#bf8700,stroke-width:3px,color:#3b2300",
        '    cssClass "specmaid_removed_0" specmaidRemoved',
        f"    classDef specmaidRemoved {removed_style}",
    ]
    state = marks_of("asl-determination-state.yaml")
    assert state[0] == '    state "ASL-3 safeguards" as specmaid_removed_0'
    assert state[-1] == "    class specmaid_removed_0 specmaidRemoved"


def test_a_marked_edge_keeps_its_own_style(markdown: str) -> None:
    """`linkStyle` replaces an edge's style, so the mark repeats the edge's own first."""
    section = markdown.split("#### `specs/system-card/rsp-flow.yaml (flowchart)`")[1]
    block = blocks(section)[0]
    assert "    linkStyle 0 stroke-width:2px,stroke:#333\n" in block  # the edge's own
    marked = "    linkStyle 0 stroke-width:2px,stroke:#333,stroke:#d29922,stroke-width:3px\n"
    assert marked in block


def test_kinds_without_marks_say_so(markdown: str) -> None:
    section = markdown.split("#### `specs/gallery/prompt-injection-pie.yaml (pie)`")[1]
    assert "drawn unmarked" in section.split("####")[0]
    assert '- **changed** slice "Not prevented": value: 12 → 13' in section


def test_text_and_json_list_the_same_changes(edited: Path) -> None:
    import json

    project = find_project(edited)
    assert project is not None
    result = diff(project)
    text = formats.text(result)
    data = json.loads(formats.as_json(result))
    for diagram in data["diagrams"]:
        for change in diagram["changes"]:
            assert f"  {formats.SYMBOLS[change['op']]} {change['text']}\n" in text
    assert text.splitlines()[len(data["diagrams"])].startswith(
        f"{len(data['diagrams'])} diagrams changed"
    )


def test_dark_and_light_defaults() -> None:
    assert is_dark({"theme": "dark"}) and is_dark({"themeVariables": {"darkMode": True}})
    assert not is_dark({"theme": "base"})
    assert LIGHT["added"]["stroke"] != DARK["added"]["stroke"]


# ------------------------------------------------------------------ in a real browser

BROWSER_SPEC = """\
diagram: flowchart
theme: house
nodes:
  A: {label: Start, class: key}
  B: Middle
  C: End
edges:
  - {from: A, to: B}
  - {from: B, to: C}
"""
BROWSER_THEME = """\
config: {theme: base}
classes:
  key: {stroke-dasharray: "2 2"}
diff:
  changed: {stroke: "#ff00ff"}
"""


STATE_SPEC = """\
diagram: state
theme: house
states:
  wait: {label: Waiting, class: key}
  done: Done
transitions:
  - {from: wait, to: done}
"""
#: Every drawn node: its text, classes and the look of its shape.
NODES = """() => [...document.querySelectorAll("g.node")].map((node) => {
  const shape = node.querySelector("rect, path, polygon");
  return {
    text: node.textContent.trim(),
    classes: node.getAttribute("class"),
    stroke: shape ? getComputedStyle(shape).stroke : "",
    dash: shape ? getComputedStyle(shape).strokeDasharray : "",
  };
})"""


@pytest.fixture
def chromium() -> Path:
    try:
        return find_chromium()
    except ExportUnavailable as exc:
        pytest.fail(f"the browser test needs Chromium (scripts/test installs it as root): {exc}")


def test_a_browser_draws_the_marks(chromium: Path, tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    write(tmp_path / "specmaid.yaml", "")
    write(tmp_path / "themes" / "house.yaml", BROWSER_THEME)
    write(tmp_path / "specs" / "flow.yaml", BROWSER_SPEC)
    write(tmp_path / "specs" / "state.yaml", STATE_SPEC)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    head = BROWSER_SPEC.replace("Start", "Begin").replace("  B: Middle\n", "")
    head = head.replace("  - {from: A, to: B}\n  - {from: B, to: C}\n", "  - {from: A, to: C}\n")
    write(tmp_path / "specs" / "flow.yaml", head.replace("  C: End\n", "  C: End\n  D: New\n"))
    write(tmp_path / "specs" / "state.yaml", STATE_SPEC.replace("Waiting", "Idle"))
    project = find_project(tmp_path)
    assert project is not None
    text, state_text = blocks(formats.markdown(diff(project)))
    assert "stroke:#ff00ff" in text  # the theme's `diff:` colour over the default

    mermaid_js = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.set_content("<html><body><div id='out'></div></body></html>")
            page.add_script_tag(path=str(mermaid_js))
            draw = """async (text) => {
                  mermaid.initialize({startOnLoad: false, deterministicIds: true});
                  const {svg} = await mermaid.render("d", text);
                  document.getElementById("out").innerHTML = svg;
                }"""
            page.evaluate(draw, state_text)
            state = page.evaluate(NODES)
            page.evaluate(draw, text)
            drawn = page.evaluate(NODES)
        finally:
            browser.close()
    states = {node["text"]: node for node in state}
    assert {"key", "specmaidChanged"} <= set(states["Idle"]["classes"].split())
    assert states["Idle"]["stroke"] == "rgb(255, 0, 255)"
    assert "specmaidChanged" not in states["Done"]["classes"].split()

    by_text = {node["text"]: node for node in drawn}
    # The changed node keeps its own class and gets the mark: both classes, the mark's colour.
    assert {"key", "specmaidChanged"} <= set(by_text["Begin"]["classes"].split())
    assert by_text["Begin"]["stroke"] == "rgb(255, 0, 255)"
    assert "specmaidAdded" in by_text["New"]["classes"].split()
    assert by_text["New"]["stroke"] == "rgb(26, 127, 55)"  # the light default for added
    # The removed node is drawn again, dashed.
    assert "specmaidRemoved" in by_text["Middle"]["classes"].split()
    assert by_text["Middle"]["dash"].replace(",", "").split() == ["5px", "5px"]


def test_a_themes_diff_colours_are_checked_like_styles(tmp_path: Path) -> None:
    import subprocess

    write(tmp_path / "specmaid.yaml", "")
    write(tmp_path / "themes" / "house.yaml", 'diff:\n  added: {fill: "rgb(1,2,3)"}\n')
    write(tmp_path / "specs" / "flow.yaml", "diagram: flowchart\ntheme: house\nnodes: {a: A}\n")
    done = subprocess.run(
        [sys.executable, "-m", "specmaid", "validate"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 2
    assert "themes/house.yaml:2:" in done.stderr and "diff.added.fill" in done.stderr
    assert "cannot contain parentheses" in done.stderr


def test_a_change_is_one_line_and_a_fence_outlasts_the_text() -> None:
    from specmaid.diff.engine import compare
    from specmaid.diff.projection import Projection

    base, head = Projection(), Projection()
    base.add("note", "n", "one\ntwo")
    head.add("note", "n", "one\nthree")
    [change] = compare(base, head)
    assert formats.change_line(change) == '~ note n "one\\nthree": label: one\\ntwo → one\\nthree'
    assert formats._fence("a ``` b") == "````" and formats._fence("plain") == "```"
