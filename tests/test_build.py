"""Planning and applying a project build: which files, what changed, and safe writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import specmaid.project.output
from specmaid.errors import SpecErrors
from specmaid.project.apply import apply_build
from specmaid.project.config import Project
from specmaid.project.files import glob_files, markdown_files, output_path, spec_files
from specmaid.project.output import write_atomic
from specmaid.project.plan import plan_build

SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"
MARKERS = "<!-- specmaid: specs/a.yaml -->\n<!-- /specmaid -->\n"


def make(root: Path, *specs: str, header: bool = True, markdown: tuple[str, ...] = ()) -> Project:
    (root / "specs").mkdir(parents=True, exist_ok=True)
    for name in specs:
        path = root / "specs" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(SPEC)
    return Project(root=root.resolve(), header=header, markdown=markdown)


def build(project: Project) -> list[str]:
    result = plan_build(project, use_cache=False)
    if result.errors:
        raise SpecErrors(result.errors)
    apply_build(result)
    return [s.name for s in result.written] + [f"-{s.name}" for s in result.removed]


def tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".specmaid-cache" not in p.parts
    }


# ------------------------------------------------------------------------ what is built


def test_spec_listing_follows_linked_files_but_not_linked_folders(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml", "a/z.yaml", "b/c/d.yaml", "notes.txt")
    specs = project.specs_dir
    (specs / "folder.yaml").mkdir()  # a folder with a spec's name is not a spec
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "e.yaml").write_text("diagram: flowchart\n")
    (specs / "linked.yaml").symlink_to(tmp_path / "elsewhere" / "e.yaml")
    (specs / "linked-folder").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (specs / "broken.yaml").symlink_to(tmp_path / "missing.yaml")
    names = [project.relative(p) for p in spec_files(project)]
    assert names == ["specs/a.yaml", "specs/a/z.yaml", "specs/b/c/d.yaml", "specs/linked.yaml"]


def test_specs_map_to_outputs_and_fragments_are_skipped(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml", "sub/b.yml", "_frag.yaml", "_parts/c.yaml", ".hidden.yaml")
    assert [project.relative(p) for p in spec_files(project)] == ["specs/a.yaml", "specs/sub/b.yml"]
    assert (
        output_path(project, project.specs_dir / "sub" / "b.yml") == project.out_dir / "sub/b.mmd"
    )
    assert build(project) == ["out/a.mmd", "out/sub/b.mmd"]
    assert build(project) == []


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("README.md", ["README.md"]),
        ("*.md", ["README.md"]),
        ("docs/*.md", ["docs/a.md"]),
        ("docs/**/*.md", ["docs/a.md", "docs/deep/er/b.md"]),
        ("**/*.md", ["README.md", "docs/a.md", "docs/deep/er/b.md"]),
        ("**/b.md", ["docs/deep/er/b.md"]),
        ("node_modules/**/*.md", ["node_modules/pkg/README.md"]),
        ("docs/[a]*.md", ["docs/a.md"]),
        ("nope/*.md", []),
    ],
)
def test_markdown_globs(tmp_path: Path, pattern: str, expected: list[str]) -> None:
    for name in (
        "README.md",
        "docs/a.md",
        "docs/deep/er/b.md",
        "docs/c.txt",
        "node_modules/pkg/README.md",
        ".venv/lib/x.md",
        ".git/y.md",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x\n")
    found = sorted(p.relative_to(tmp_path).as_posix() for p in glob_files(tmp_path, pattern))
    assert found == expected


def test_markdown_outside_the_root_is_never_picked_up(tmp_path: Path) -> None:
    (tmp_path / "outside.md").write_text(MARKERS)
    root = tmp_path / "project"
    project = make(root, "a.yaml", markdown=("linked.md",))
    (root / "linked.md").symlink_to(tmp_path / "outside.md")
    assert markdown_files(project) == []


def test_a_missing_markdown_entry_is_a_warning(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml", markdown=("READ_ME.md", "docs/*.md"))
    result = plan_build(project, use_cache=False)
    assert result.errors == []
    assert [w.message for w in result.warnings] == [
        "'READ_ME.md' does not exist (paths are relative to the project root)"
    ]


def test_named_files_only(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml", "b.yaml")
    (tmp_path / "doc.md").write_text(MARKERS)
    result = plan_build(project, [project.specs_dir / "b.yaml"], [tmp_path / "doc.md"])
    assert sorted(o.name for o in result.outputs) == ["doc.md", "out/b.mmd"]


def test_named_files_must_be_in_the_project(tmp_path: Path) -> None:
    project = make(tmp_path / "p", "a.yaml")
    (tmp_path / "x.yaml").write_text(SPEC)
    (tmp_path / "x.md").write_text(MARKERS)
    (tmp_path / "p" / "loose.yaml").write_text(SPEC)
    result = plan_build(
        project,
        [tmp_path / "x.yaml", tmp_path / "p" / "loose.yaml"],
        [tmp_path / "x.md", tmp_path / "p" / "gone.md"],
    )
    messages = sorted(f"{e.file}: {e.message}" for e in result.errors)
    assert messages[0].startswith(f"{tmp_path / 'x.md'}: outside the project root")
    assert messages[1].startswith(f"{tmp_path / 'x.yaml'}: not a spec of this project")
    assert messages[2] == "gone.md: Markdown file not found"
    assert messages[3].startswith("loose.yaml: not a spec of this project")


# -------------------------------------------------------------------------- orphans


def test_orphans_are_removed_with_their_empty_folders(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml", "deep/sub/b.yaml")
    build(project)
    (project.specs_dir / "deep" / "sub" / "b.yaml").unlink()
    (project.out_dir / "deep" / "keep.txt").write_text("not ours\n")
    assert build(project) == ["-out/deep/sub/b.mmd"]
    assert not (project.out_dir / "deep" / "sub").exists()
    assert (project.out_dir / "deep" / "keep.txt").exists()
    (project.specs_dir / "a.yaml").unlink()
    (project.out_dir / "deep" / "keep.txt").unlink()
    build(project)
    assert project.out_dir.is_dir(), "the out folder itself stays"


def test_without_the_header_a_manifest_tells_ours_from_theirs(tmp_path: Path) -> None:
    """With `header = false` the outputs carry no mark, so the build lists what it wrote in
    out/.specmaid-manifest: a hand-written .mmd in out/ is never deleted, a generated one
    whose spec is gone is."""
    project = make(tmp_path, "a.yaml", "b.yaml", header=False)
    build(project)
    assert "Generated by specmaid" not in (project.out_dir / "a.mmd").read_text()
    manifest = (project.out_dir / ".specmaid-manifest").read_text()
    assert manifest.splitlines()[-2:] == ["a.mmd", "b.mmd"]
    (project.out_dir / "mine.mmd").write_text("flowchart LR\n")
    assert plan_build(project, use_cache=False).changes == []
    (project.specs_dir / "b.yaml").unlink()
    result = plan_build(project, use_cache=False)
    assert sorted((o.name, o.state) for o in result.changes) == [
        ("out/.specmaid-manifest", "stale"),
        ("out/b.mmd", "orphan"),
    ]
    build(project)
    assert sorted(p.name for p in project.out_dir.iterdir()) == [
        ".specmaid-manifest",
        "a.mmd",
        "mine.mmd",
    ]
    assert plan_build(project, use_cache=False).changes == []


def test_hand_written_mmd_files_in_out_are_left_alone(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml")
    build(project)
    (project.out_dir / "mine.mmd").write_text("flowchart LR\n    a --> b\n")
    assert plan_build(project, use_cache=False).changes == []


# ------------------------------------------------------------------------------ safety


def test_a_failing_spec_means_nothing_is_written(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml", "b.yaml", markdown=("doc.md",))
    (tmp_path / "doc.md").write_text(MARKERS)
    (project.specs_dir / "b.yaml").write_text("diagram: flowchart\nnodes: [\n")
    before = tree(tmp_path)
    result = plan_build(project, use_cache=False)
    assert result.errors and result.errors[0].file == "specs/b.yaml"
    apply_build(result)
    assert tree(tmp_path) == before


def test_an_interrupted_build_leaves_each_file_old_or_new(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make(tmp_path, "a.yaml", "b.yaml", "c.yaml")
    build(project)
    old = tree(tmp_path)
    for name in ("a", "b", "c"):
        (project.specs_dir / f"{name}.yaml").write_text(SPEC.replace("End", "Finish"))
    calls = []
    real_replace = os.replace

    def interrupted(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the second write
        real_replace(src, dst)

    monkeypatch.setattr(specmaid.project.output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        apply_build(plan_build(project, use_cache=False))
    monkeypatch.undo()
    new = {n: (tmp_path / n).read_bytes() for n in ("out/a.mmd", "out/b.mmd", "out/c.mmd")}
    assert b"Finish" in new["out/a.mmd"]
    assert new["out/b.mmd"] == old["out/b.mmd"] and new["out/c.mmd"] == old["out/c.mmd"]
    assert sorted(p.name for p in project.out_dir.iterdir()) == ["a.mmd", "b.mmd", "c.mmd"]
    assert build(project) == ["out/b.mmd", "out/c.mmd"], "the next build finishes the job"


def test_a_read_only_output_is_a_clear_error(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml")
    build(project)
    target = project.out_dir / "a.mmd"
    (project.specs_dir / "a.yaml").write_text(SPEC.replace("End", "Finish"))
    target.chmod(0o444)
    try:
        with pytest.raises(SpecErrors) as info:
            build(project)
        assert str(info.value) == "out/a.mmd: error: cannot write: the file is read-only"
        assert b"Finish" not in target.read_bytes()
    finally:
        target.chmod(0o644)


def test_a_file_where_a_folder_should_be(tmp_path: Path) -> None:
    project = make(tmp_path, "sub/a.yaml")
    project.out_dir.mkdir()
    (project.out_dir / "sub").write_text("a file")
    with pytest.raises(SpecErrors) as info:
        build(project)
    assert "cannot write: sub is a file, not a folder" in str(info.value)


def test_an_out_folder_linking_outside_the_root_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    project = make(tmp_path / "p", "a.yaml")
    project.out_dir.symlink_to(elsewhere, target_is_directory=True)
    result = plan_build(project, use_cache=False)
    assert [e.file for e in result.errors] == ["out/a.mmd"]
    assert "outside the project root" in result.errors[0].message
    apply_build(result)
    assert list(elsewhere.iterdir()) == []


def test_a_symlinked_markdown_file_stays_a_link(tmp_path: Path) -> None:
    project = make(tmp_path, "a.yaml", markdown=("docs/*.md",))
    (tmp_path / "docs").mkdir()
    (tmp_path / "real.md").write_text(MARKERS)
    (tmp_path / "docs" / "link.md").symlink_to(tmp_path / "real.md")
    build(project)
    assert (tmp_path / "docs" / "link.md").is_symlink()
    assert "```mermaid" in (tmp_path / "real.md").read_text()


def test_write_atomic_keeps_no_temp_file_on_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(specmaid.project.output.os, "fsync", full)
    with pytest.raises(OSError):
        write_atomic(tmp_path / "x.mmd", b"new\n")
    assert list(tmp_path.iterdir()) == []
