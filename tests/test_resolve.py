"""Reuse: theme inheritance, includes, variables, views and template overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from specmaid.errors import SpecErrors, format_path
from specmaid.pipeline.compile import render_file
from specmaid.project.config import Project


def write(root: Path, files: dict[str, str]) -> Project:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return Project(root=root)


def render(root: Path, files: dict[str, str], spec: str = "specs/d.yaml") -> str:
    return render_file(root / spec, write(root, files)).text


def failure(root: Path, files: dict[str, str], spec: str = "specs/d.yaml") -> list[str]:
    project = write(root, files)
    with pytest.raises(SpecErrors) as info:
        render_file(root / spec, project)
    return [str(e) for e in info.value.errors]


def body(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


# ----------------------------------------------------------------------- themes


def test_theme_extends_deep_merges(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "themes/base-look.yaml": "config:\n  theme: dark\n  flowchart: {curve: linear, htmlLabels: false}\n"
            "classes:\n  hot: {fill: '#f00'}\n",
            "themes/mine.yaml": "extends: base-look\nconfig:\n  flowchart: {curve: natural}\n",
            "specs/d.yaml": "diagram: flowchart\ntheme: mine\nnodes: {A: {label: a, class: hot}}\n",
        },
    )
    assert "  flowchart:\n    curve: natural\n    htmlLabels: false\n" in out
    assert "  theme: dark\n" in out and "classDef hot fill:#f00" in out


def test_theme_extends_builtin(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "themes/t.yaml": "extends: forest\nconfig: {look: handDrawn}\n",
            "specs/d.yaml": "diagram: flowchart\ntheme: t\nnodes: {A: a}\n",
        },
    )
    assert "config:\n  theme: forest\n  look: handDrawn\n" in out


def test_theme_cycle(tmp_path: Path) -> None:
    errors = failure(
        tmp_path,
        {
            "themes/a.yaml": "extends: b\n",
            "themes/b.yaml": "extends: a\n",
            "specs/d.yaml": "diagram: flowchart\ntheme: a\n",
        },
    )
    assert errors == [
        "themes/b.yaml:1:10: error: extends: themes extend each other in a cycle: a → b → a"
    ]


def test_theme_unknown_parent(tmp_path: Path) -> None:
    errors = failure(
        tmp_path,
        {"themes/a.yaml": "extends: darkk\n", "specs/d.yaml": "diagram: flowchart\ntheme: a\n"},
    )
    assert "themes/a.yaml:1:10: error: extends: unknown theme 'darkk'" in errors[0]
    assert "Did you mean 'dark'?" in errors[0]


# ---------------------------------------------------------------------- includes

SHARED = {
    "specs/_shared/people.yaml": "nodes:\n  alice: {label: Alice, class: person}\n  bob: Bob\n"
    "classes:\n  person: {fill: '#ffe'}\nedges:\n  - {from: alice, to: bob, label: knows}\n",
}


def test_include_shares_nodes_classes_and_edges(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            **SHARED,
            "specs/d.yaml": "diagram: flowchart\ninclude: [_shared/people.yaml]\n"
            "nodes:\n  bob: Robert\n  carol: Carol\nedges:\n  - {from: bob, to: carol}\n",
        },
    )
    lines = body(out)
    assert 'alice["Alice"]' in lines and 'bob["Robert"]' in lines  # the spec overrides
    assert lines.index('alice -->|"knows"| bob') < lines.index("bob --> carol")
    assert "classDef person fill:#ffe" in lines and "class alice person" in lines


def test_include_conflict_between_fragments(tmp_path: Path) -> None:
    errors = failure(
        tmp_path,
        {
            **SHARED,
            "specs/_shared/other.yaml": "nodes:\n  bob: Bobby\n",
            "specs/d.yaml": "diagram: flowchart\ninclude: [_shared/people.yaml, _shared/other.yaml]\n",
        },
    )
    assert errors == [
        "specs/_shared/other.yaml:2:3: error: nodes.bob: conflicting definitions of nodes.bob:"
        " here and in specs/_shared/people.yaml; define it once, or override it in the spec itself"
    ]


def test_include_cycle_shows_the_chain(tmp_path: Path) -> None:
    errors = failure(
        tmp_path,
        {
            "specs/_a.yaml": "include: _b.yaml\n",
            "specs/_b.yaml": "include: [_a.yaml]\n",
            "specs/d.yaml": "diagram: flowchart\ninclude: _a.yaml\n",
        },
    )
    assert errors == [
        "specs/_b.yaml:1:11: error: include[0]: includes form a cycle:"
        " specs/d.yaml → specs/_a.yaml → specs/_b.yaml → specs/_a.yaml"
    ]


def test_include_missing_and_outside_root(tmp_path: Path) -> None:
    errors = failure(tmp_path, {"specs/d.yaml": "diagram: flowchart\ninclude: [nope.yaml]\n"})
    assert "specs/d.yaml:2:11: error: include[0]: include 'nope.yaml' not found" in errors[0]
    errors = failure(
        tmp_path, {"specs/d.yaml": "diagram: flowchart\ninclude: [../../etc/passwd]\n"}
    )
    assert "points outside the project root" in errors[0]


def test_errors_inside_a_fragment_point_into_it(tmp_path: Path) -> None:
    errors = failure(
        tmp_path,
        {
            "specs/_f.yaml": "nodes:\n  A: {label: a, shape: diamnd}\n",
            "specs/d.yaml": "diagram: flowchart\ninclude: _f.yaml\n",
        },
    )
    assert errors[0].startswith("specs/_f.yaml:2:24: error: nodes.A.shape: unknown value 'diamnd'")


# --------------------------------------------------------------------- variables


def test_variables_from_theme_fragment_and_spec(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "themes/t.yaml": "vars: {brand: '#BB2528', product: Claude}\nconfig:\n"
            "  themeVariables: {primaryColor: '${brand}'}\n",
            "specs/_f.yaml": "vars: {size: 40}\nnodes:\n  logo: {img: 'https://x/logo.png', label: '${product} logo', h: '${size}'}\n",
            "specs/d.yaml": "diagram: flowchart\ntheme: t\ninclude: _f.yaml\nvars: {product: Claude 3.7 Sonnet}\n"
            "title: ${product} overview, $${literal}\nnodes:\n  A: {label: a, style: {fill: '${brand}'}}\n",
        },
    )
    assert "title: Claude 3.7 Sonnet overview, ${literal}" in out.replace('"', "")
    assert 'label: "Claude 3.7 Sonnet logo"' in out and "h: 40" in out
    assert "style A fill:#BB2528" in out


def test_unknown_variable(tmp_path: Path) -> None:
    errors = failure(
        tmp_path,
        {
            "specs/d.yaml": "diagram: flowchart\nvars: {colour: '#fff'}\nnodes:\n  A: {label: '${color}'}\n"
        },
    )
    assert errors[0].startswith("specs/d.yaml:4:14: error: nodes.A.label: unknown variable 'color'")
    assert "Did you mean 'colour'?" in errors[0]


# ------------------------------------------------------------------------- views

MODEL = """nodes:
  web: {label: Web app, tags: [frontend]}
  api: {label: API, tags: [backend]}
  db: {label: Database, shape: cyl, tags: [backend, data]}
  queue: {label: Queue, tags: [backend]}
  mail: {label: Mailer, tags: [external]}
subgraphs:
  core: {title: Core, nodes: [api, db, queue]}
edges:
  - {from: web, to: api}
  - {from: api, to: [db, queue]}
  - {from: queue, to: mail}
"""


def test_view_by_tags(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "models/arch.yaml": MODEL,
            "specs/d.yaml": "diagram: flowchart\nview: {model: ../models/arch.yaml, tags: backend}\n",
        },
    )
    lines = body(out)
    assert "web" not in out and "mail" not in out
    assert lines[-2:] == ["api --> db", "api --> queue"]
    assert 'subgraph core ["Core"]' in lines


def test_view_around_a_node(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "models/arch.yaml": MODEL,
            "specs/d.yaml": "diagram: flowchart\nview:\n  model: ../models/arch.yaml\n  around: {node: queue, depth: 1}\n",
        },
    )
    assert "api --> queue" in out and "queue --> mail" in out
    assert "web" not in out and "api --> db" not in out


def test_view_subgraph_and_unknown_names(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "models/arch.yaml": MODEL,
            "specs/d.yaml": "diagram: flowchart\nview: {model: ../models/arch.yaml, subgraph: core}\n",
        },
    )
    assert "web" not in out and "api --> db" in out
    errors = failure(
        tmp_path,
        {
            "specs/d.yaml": "diagram: flowchart\nview: {model: ../models/arch.yaml, subgraph: kore}\n"
        },
    )
    assert "no subgraph 'kore'" in errors[0] and "Did you mean 'core'?" in errors[0]


# --------------------------------------------------------------------- templates


def test_project_template_overrides_builtin(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "templates/flowchart.mmd.j2": "{% include '_preamble.mmd.j2' %}flowchart {{ d.direction }}\n"
            "    %% our own template\n",
            "specs/d.yaml": "diagram: flowchart\nnodes: {A: a}\n",
        },
    )
    assert out.endswith("\nflowchart TB\n    %% our own template\n")


def test_spec_names_its_template(tmp_path: Path) -> None:
    out = render(
        tmp_path,
        {
            "templates/compact.mmd.j2": "flowchart {{ d.direction }}\n{% for e in d.edges %}{{ e.start }}-->{{ e.end }}\n{% endfor %}",
            "specs/d.yaml": "diagram: flowchart\ntemplate: compact.mmd.j2\nnodes: {A: a, B: b}\nedges: [{from: A, to: B}]\n",
        },
    )
    assert out == "flowchart TB\nA-->B\n"


def test_format_path_helper() -> None:
    assert format_path(("nodes", "my node", "label")) == "nodes['my node'].label"


def test_dark_variant_is_built_beside_the_light_one(tmp_path: Path) -> None:
    from specmaid.project.apply import apply_build
    from specmaid.project.plan import plan_build

    project = write(
        tmp_path,
        {
            "themes/light.yaml": "dark: night\nconfig: {theme: default}\nclasses:\n  hot: {fill: '#f00'}\n",
            "themes/night.yaml": "extends: light\ndark: night\nconfig: {theme: dark}\n",
            "specs/d.yaml": "diagram: flowchart\ntheme: light\nnodes: {A: {label: a, class: hot}}\n",
            "specs/e.yaml": "diagram: flowchart\ntheme: night\nnodes: {A: a}\n",
        },
    )
    result = plan_build(project)
    assert sorted(o.name for o in result.outputs) == ["out/d.dark.mmd", "out/d.mmd", "out/e.mmd"]
    apply_build(result)
    light = (tmp_path / "out" / "d.mmd").read_text()
    dark = (tmp_path / "out" / "d.dark.mmd").read_text()
    assert "theme: default" in light and "theme: dark" in dark
    assert "classDef hot fill:#f00" in dark, "the dark variant inherits the classes"
