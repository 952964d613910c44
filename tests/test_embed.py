"""Markdown embedding: blocks between markers follow their spec; nothing else changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from specmaid.build import apply_build, plan_build
from specmaid.embed import fenced, parse_markdown, replace_blocks
from specmaid.errors import SpecErrors
from specmaid.project import Project

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
