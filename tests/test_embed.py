"""Markdown embedding: blocks between markers follow their spec; nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from specmaid.errors import SpecErrors
from specmaid.project.apply import apply_build
from specmaid.project.config import Project
from specmaid.project.markdown import (
    MarkdownFile,
    block_is_current,
    fenced,
    find_blocks,
    parse_markdown,
    replace_blocks,
)
from specmaid.project.plan import plan_build

SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"
BLOCK = '```mermaid\nflowchart TB\n    A["Start"]\n    B["End"]\n    A --> B\n```\n'


def project(
    tmp_path: Path, markdown: str, name: str = "doc.md", raw: bytes | None = None
) -> Project:
    (tmp_path / "specs").mkdir(exist_ok=True)
    (tmp_path / "specs" / "d.yaml").write_text(SPEC)
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else markdown.encode("utf-8"))
    return Project(root=tmp_path, markdown=(name,))


def build(p: Project) -> None:
    result = plan_build(p)
    if result.errors:
        raise SpecErrors(result.errors)
    apply_build(result)


def test_block_is_filled_and_surroundings_kept(tmp_path: Path) -> None:
    before = "# Title\n\nText *before*.\n\n<!-- specmaid: specs/d.yaml -->\nold stuff\n<!-- /specmaid -->\n\nAfter.\n"
    p = project(tmp_path, before)
    build(p)
    after = (tmp_path / "doc.md").read_text()
    assert after == before.replace("old stuff\n", BLOCK)
    build(p)  # idempotent
    assert (tmp_path / "doc.md").read_text() == after


def test_crlf_bom_and_no_final_newline(tmp_path: Path) -> None:
    text = "\ufeffIntro\r\n<!-- specmaid: specs/d.yaml -->\r\n<!-- /specmaid -->\r\nEnd"
    p = project(tmp_path, "", raw=text.encode("utf-8"))
    build(p)
    data = (tmp_path / "doc.md").read_bytes()
    assert data.startswith(
        b"\xef\xbb\xbfIntro\r\n<!-- specmaid: specs/d.yaml -->\r\n```mermaid\r\n"
    )
    assert data.endswith(b"```\r\n<!-- /specmaid -->\r\nEnd")
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_markers_inside_code_fences_are_text(tmp_path: Path) -> None:
    text = "````markdown\n<!-- specmaid: specs/nope.yaml -->\n```mermaid\n```\n<!-- /specmaid -->\n````\n\n~~~\n<!-- /specmaid -->\n~~~\n"
    p = project(tmp_path, text)
    result = plan_build(p)
    assert result.errors == []
    assert [o for o in result.outputs if o.kind == "markdown"] == []


def test_content_with_a_fence_gets_a_longer_fence() -> None:
    assert fenced("A\n```\n", "\n") == "````mermaid\nA\n```\n````\n"


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("<!-- specmaid: specs/d.yaml -->\nx\n", "never closed", 1),
        ("a\n<!-- /specmaid -->\n", "without an opening marker", 2),
        (
            "<!-- specmaid: specs/d.yaml -->\n<!-- specmaid: specs/d.yaml -->\n<!-- /specmaid -->\n",
            "cannot be nested",
            2,
        ),
        (
            "<!-- specmaid: specs/d.yaml colour=red -->\n<!-- /specmaid -->\n",
            "unknown marker option 'colour=red'",
            1,
        ),
        ("<!-- specmaid: -->\n<!-- /specmaid -->\n", "names no spec", 1),
    ],
)
def test_broken_markers(text: str, message: str, line: int) -> None:
    with pytest.raises(SpecErrors) as info:
        parse_markdown(text, "doc.md")
    err = info.value.errors[0]
    assert message in err.message and err.line == line and err.file == "doc.md"


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("specs/nope.yaml", "unknown spec 'specs/nope.yaml'"),
        ("../outside.yaml", "points outside the project root"),
    ],
)
def test_bad_spec_references_leave_the_file_untouched(
    tmp_path: Path, spec: str, message: str
) -> None:
    text = f"x\n<!-- specmaid: {spec} -->\n<!-- /specmaid -->\n"
    p = project(tmp_path, text)
    result = plan_build(p)
    assert [e.line for e in result.errors] == [2]
    assert message in result.errors[0].message
    apply_build(result)
    assert (tmp_path / "doc.md").read_text() == text


def test_config_style_option(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "d.yaml").write_text(
        "diagram: flowchart\nconfig: {theme: forest}\nnodes: {A: a}\n"
    )
    (tmp_path / "doc.md").write_text(
        "<!-- specmaid: specs/d.yaml config_style=init -->\n<!-- /specmaid -->\n"
    )
    build(Project(root=tmp_path, markdown=("doc.md",)))
    assert '%%{init: {\n  "theme": "forest"\n}}%%' in (tmp_path / "doc.md").read_text()


def test_replace_blocks_touches_only_block_lines() -> None:
    text = "a\r\n<!-- specmaid: s.yaml -->\r\nold\r\n<!-- /specmaid -->\r\nb"
    doc = parse_markdown(text, "x.md")
    assert replace_blocks(doc, {2: "flowchart TB\n"}) == (
        "a\r\n<!-- specmaid: s.yaml -->\r\n```mermaid\r\nflowchart TB\r\n```\r\n<!-- /specmaid -->\r\nb"
    )


# --------------------------------------------------------------- marker parsing in detail


def test_find_blocks_reports_spec_options_lines_and_content() -> None:
    text = 'intro\n  <!--specmaid:   "specs/my diagram.yaml"   config_style=both   -->\nold\n<!-- /specmaid -->\n'
    [block] = find_blocks(text, "doc.md")
    assert (block.spec, block.options) == ("specs/my diagram.yaml", {"config_style": "both"})
    assert (block.open_line, block.close_line, block.content, block.file) == (
        2,
        4,
        "old\n",
        "doc.md",
    )


def test_only_newline_ends_a_line() -> None:
    # U+2028, form feed and a lone CR are text to Markdown line counting here (as in editors
    # that show them inline): a marker after one of them is not at the start of a line.
    for sep in ("\u2028", "\x0c", "\x85"):
        text = f"a{sep}<!-- specmaid: specs/d.yaml -->\nb\n"
        assert find_blocks(text, "doc.md") == []
    text = "a\u2028b\n<!-- specmaid: specs/d.yaml -->\n<!-- /specmaid -->\n"
    assert [b.open_line for b in find_blocks(text, "doc.md")] == [2]


@pytest.mark.parametrize(
    "marker",
    [
        "<!-- specmaid specs/d.yaml -->",  # no colon
        "<!-- specmaid: specs/d.yaml --> and text",  # not alone on its line
        "<!-- SPECMAID: specs/d.yaml -->",
        "<!-- specmaid: specs/d.yaml",  # comment not closed on the line
    ],
)
def test_malformed_opening_markers_are_errors_not_silently_ignored(marker: str) -> None:
    with pytest.raises(SpecErrors) as info:
        find_blocks(f"# T\n{marker}\nx\n<!-- /specmaid -->\n", "doc.md")
    [err] = info.value.errors  # its closing marker is not reported as stray too
    assert (err.line, "malformed specmaid marker" in err.message) == (2, True)


def test_malformed_closing_marker() -> None:
    with pytest.raises(SpecErrors) as info:
        find_blocks("<!-- specmaid: specs/d.yaml -->\n<!-- /specmaid: x -->\n", "doc.md")
    assert [(e.line, e.message.split(";")[0]) for e in info.value.errors] == [
        (1, "this specmaid marker is never closed")
    ]


def test_nested_marker_is_one_error_at_the_inner_marker() -> None:
    text = (
        "<!-- specmaid: specs/a.yaml -->\n\n<!-- specmaid: specs/b.yaml -->\n<!-- /specmaid -->\n"
    )
    with pytest.raises(SpecErrors) as info:
        find_blocks(text, "doc.md")
    [err] = info.value.errors
    assert err.line == 3 and "the one on line 1 is still open" in err.message


def test_unclosed_marker_mentions_an_unclosed_fence_inside() -> None:
    with pytest.raises(SpecErrors) as info:
        find_blocks("<!-- specmaid: specs/d.yaml -->\n```mermaid\nflowchart\n", "doc.md")
    assert "the code fence on line 2 inside it is not closed either" in str(info.value)


def test_a_closing_marker_inside_the_blocks_own_fence_is_text() -> None:
    text = (
        "<!-- specmaid: specs/d.yaml -->\n````mermaid\n<!-- /specmaid -->\n```\n````\n"
        "<!-- /specmaid -->\nafter\n"
    )
    [block] = find_blocks(text, "doc.md")
    assert block.close_line == 6


def test_a_hand_broken_fence_inside_a_block_still_finds_the_closing_marker() -> None:
    text = "<!-- specmaid: specs/d.yaml -->\n```mermaid\nflowchart\n<!-- /specmaid -->\nafter\n"
    [block] = find_blocks(text, "doc.md")
    assert block.close_line == 4
    assert replace_blocks(parse_markdown(text, "d"), {1: "x\n"}).endswith(
        "```\n<!-- /specmaid -->\nafter\n"
    )


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("specs/d.yaml config_stile=init", "Did you mean 'config_style'?"),
        ("specs/d.yaml config_style=int", "Did you mean 'init'?"),
        ("specs/d.yaml config_style=init config_style=both", "config_style is given twice"),
        ("config_style=init specs/d.yaml", "must start with the spec path"),
        ('"specs/d.yaml', "cannot read the marker"),
    ],
)
def test_marker_option_errors(marker: str, message: str) -> None:
    with pytest.raises(SpecErrors) as info:
        find_blocks(f"<!-- specmaid: {marker} -->\n<!-- /specmaid -->\n", "doc.md")
    assert message in str(info.value)


def test_markers_indented_four_spaces_or_in_tilde_fences_are_text() -> None:
    text = "    <!-- specmaid: specs/x.yaml -->\n~~~~\n<!-- specmaid: y -->\n~~~\n~~~~\n"
    assert find_blocks(text, "doc.md") == []


def test_a_backtick_line_with_backticks_in_its_info_is_not_a_fence() -> None:
    text = "``` a`b\n<!-- specmaid: specs/d.yaml -->\n<!-- /specmaid -->\n"
    assert [b.open_line for b in find_blocks(text, "doc.md")] == [2]


def test_mixed_line_endings_block_follows_its_marker_line() -> None:
    text = "a\n<!-- specmaid: s.yaml -->\r\n<!-- /specmaid -->\nb\n"
    doc = parse_markdown(text, "x.md")
    assert replace_blocks(doc, {2: "flowchart TB\n"}) == (
        "a\n<!-- specmaid: s.yaml -->\r\n```mermaid\r\nflowchart TB\r\n```\r\n<!-- /specmaid -->\nb\n"
    )


# ----------------------------------------------------------- spec references from markers


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("d.yaml", "not to the Markdown file; write 'specs/d.yaml'"),
        ("../specs/d.yaml", "unknown spec '../specs/d.yaml'"),
        ("specs/zzzzzz.yaml", "There is no such file (was the spec moved or deleted?)"),
        (
            "diagrams/zzzzzz.yaml",
            "Marker paths are relative to the project root, e.g. specs/x.yaml",
        ),
        ("specs/dd.yaml", "Did you mean 'specs/d.yaml'?"),
        ("/etc/passwd", "points outside the project root"),
        ("specs/../../x.yaml", "points outside the project root"),
    ],
)
def test_marker_spec_errors_explain_the_rule(tmp_path: Path, spec: str, message: str) -> None:
    text = f"x\n<!-- specmaid: {spec} -->\n<!-- /specmaid -->\n"
    p = project(tmp_path, text, name="specs/doc.md")
    result = plan_build(p)
    [err] = result.errors
    assert (err.file, err.line) == ("specs/doc.md", 2)
    assert message in err.message


def test_every_error_of_a_file_is_reported_and_nothing_is_written(tmp_path: Path) -> None:
    text = (
        "<!-- specmaid: specs/d.yaml -->\n<!-- /specmaid -->\n"
        "<!-- specmaid: specs/nope.yaml -->\n<!-- /specmaid -->\n"
        "<!-- specmaid: specs/bad.yaml -->\n<!-- /specmaid -->\n"
    )
    p = project(tmp_path, text)
    (tmp_path / "specs" / "bad.yaml").write_text(
        "diagram: flowchart\nnodes: {A: a}\nedges: [{from: A, to: Z}]\n"
    )
    result = plan_build(p)
    assert sorted((e.file, e.line) for e in result.errors) == [
        ("doc.md", 3),
        ("specs/bad.yaml", 3),
    ]
    apply_build(result)
    assert (tmp_path / "doc.md").read_text() == text


def test_blocks_have_no_generated_file_header_and_share_renders(tmp_path: Path) -> None:
    text = "<!-- specmaid: specs/d.yaml -->\n<!-- /specmaid -->\n" * 2
    p = project(tmp_path, text)
    build(p)
    out = (tmp_path / "doc.md").read_text()
    assert "Generated by specmaid" not in out
    assert out.count(BLOCK) == 2


# ------------------------------------------------------------- byte-for-byte, as a property

LINES = st.sampled_from(
    [
        "text",
        "",
        "```",
        "````",
        "~~~",
        "```mermaid",
        "  ```python",
        "    ```",
        "<!-- specmaid: specs/d.yaml -->",
        "<!-- /specmaid -->",
        "<!-- other comment -->",
        "\ufeffbom?",
        "a\u2028b",
        "\t<!-- /specmaid -->",
        "`````",
    ]
)
ENDINGS = st.sampled_from(["\n", "\r\n"])


@st.composite
def markdown_texts(draw: st.DrawFn) -> str:
    lines = draw(st.lists(st.tuples(LINES, ENDINGS), max_size=14))
    text = "".join(line + end for line, end in lines)
    if draw(st.booleans()) and text.endswith("\n"):
        text = text[: -2 if text.endswith("\r\n") else -1]  # no final newline
    return text


def _skeleton(doc: MarkdownFile) -> list[str]:
    """The file's lines with every block's content left out: what must never change."""
    out, index = [], 0
    for block in doc.blocks:
        out += doc.lines[index : block.open_line]
        index = block.close_line - 1
    return out + doc.lines[index:]


@settings(max_examples=400, deadline=None)
@given(markdown_texts(), st.lists(st.lists(LINES, max_size=5), min_size=1, max_size=4))
def test_outside_the_markers_nothing_changes_however_often_it_is_rebuilt(
    text: str, bodies: list[list[str]]
) -> None:
    try:
        doc = parse_markdown(text, "doc.md")
    except SpecErrors:
        assume(False)
    renders = ["".join(line + "\n" for line in body) for body in bodies]

    def pick(d: MarkdownFile) -> dict[int, str]:
        return {b.open_line: renders[i % len(renders)] for i, b in enumerate(d.blocks)}

    once = replace_blocks(doc, pick(doc))
    again_doc = parse_markdown(once, "doc.md")  # the generated fences never break the file
    assert [b.spec for b in again_doc.blocks] == [b.spec for b in doc.blocks]
    assert _skeleton(again_doc) == _skeleton(doc)
    assert all(block_is_current(b, pick(again_doc)[b.open_line]) for b in again_doc.blocks)
    assert replace_blocks(again_doc, pick(again_doc)) == once
