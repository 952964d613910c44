"""Import of class diagrams: round trips through Mermaid's own parser.

The corpus is Mermaid's documentation examples of class diagrams (the `@mermaid-js/examples`
npm package, MIT, installed by `npm ci`, not copied here), this project's gallery outputs of
class diagrams, and hostile hand-written cases. import → render gives a diagram Mermaid reads
into the same class db data (compared after the normalisations in :func:`normalized`);
render → import → render is a fixed point; what the spec format cannot say comes back as a
warning with its line, asserted exactly.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import (
    MODULES,
    Trips,
    assert_fixed_points,
    breaks_as_newlines,
    documentation_examples,
    gallery_outputs,
    read_back,
    warnings_of,
)
from importcheck import round_trips as round_trips_of

from specmaid.cli.group import main
from specmaid.importing.dispatch import import_diagram
from specmaid.importing.helpers import css_styles
from specmaid.mermaid.bridge import ParseResult

HANDWRITTEN = {
    "class-hostile": r"""---
title: "Shapes #1; \"quoted\" <b>bold</b>"
config:
  class:
    hideEmptyMembersBox: true
---
%% a comment about shapes; direction LR
classDiagram
    accTitle: Shapes
    accDescr: Classes with hostile text
    direction RL
    class Shape["Shape: «form» #59; #100;irection LR"] {
        <<abstract>>
        +String name #35;1
        +area()* double
        +count: int$
        -List~Point~ points
        #draw(Canvas c, int x) void
        ~internal()$
    }
    class Circle~T~
    class `Café crème`
    class Émoji["🙂 <b>hi</b>"]
    Shape <|-- Circle : is a#59; kind of
    Circle "1" --> "0..*" `Café crème` : #100;irection LR inside
    Émoji .. Shape : uses %% not a comment?
""",
    "class-relations": r"""classDiagram
    classA <|-- classB : Inheritance
    classC *-- classD : Composition
    classE o-- classF : Aggregation
    classG <-- classH : Association
    classI -- classJ : Link(Solid)
    classK <.. classL : Dependency
    classM <|.. classN : Realization
    classO .. classP : Link(Dashed)
    classA --|> classC
    classE ..> classG
    classI <|--|> classK
    classM *--o classO
    classB "1" --* "many" classD : owns
    classC --> classE : two<br>lines
    note for classA "can fly<br>can swim<br/>can dive"
""",
    "class-namespaces-links": r"""%%{init: {"theme": "forest"}}%%
classDiagram
    namespace Shapes {
        class Triangle
        class Square {
            +side: float
        }
        note for Square "in a namespace"
        namespace Deep {
            class Inner
        }
    }
    namespace Outer["Outer label"] {
        class Other
    }
    namespace Empty {
        note "only a note"
    }
    Iface ()-- Square
    Square --() Plug
    class Triangle:::hot
    classDef hot fill:#f96,stroke:#333
    classDef cold fill:#9cf
    cssClass "Square,Inner" cold
    style Square stroke:#f00,fill:#ccc
    class Lonely:::ghost
    link Triangle "https://example.com/tri" "A #triangle"
    click Square href "https://example.com/sq" _self
    click Inner call callback("x") "tip"
    note "A free note; with: colons"
    note for Triangle "line one
line two"
    note for Nobody "loose"
    Triangle ()-- Other
    callback Other "showIt"
""",
    "class-v2-default": r"""classDiagram-v2
    class A
    classDef default fill:#eee
    class B
    A <|-- B
    style B fill:#eee,stroke:#000
""",
    "class-generics": "classDiagram\n    class Pair~K,V~\n    class Box~T~\n    Pair <-- Box\n",
}


CORPUS = [
    *documentation_examples(["classDiagram"]),
    *gallery_outputs("classDiagram"),
    *HANDWRITTEN.items(),
]


def _style_items(styles: list[str]) -> list[str]:
    return [item for entry in styles for item in re.split(r"(?<!\\),", entry) if item.strip()]


_BR_RE = re.compile(r"<br\s*/?>", re.I)


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read, without what cannot matter, and without the changes import reports.

    Cannot matter: class ids (never drawn; a class is named here by the text it shows, its
    label and generic, so a `` `Café crème` `` id written as `Cafe_creme` with its label is
    the same class), dom ids and their counter, the `text` Mermaid derives from label and
    generic, the order of classes and of namespaces (a spec writes each namespace's classes
    together, first; relations, members and notes keep their order), `clickable` (Mermaid adds
    it for any link) and the `explicit` flag of namespaces (only read with `class:
    hierarchicalNamespaces: false`). Styles are compared as drawn: a class's classDefs, then
    its inline declarations, the later winning (Mermaid copies a classDef into the inline
    styles of classes that had its css class before the `classDef` line; a spec writes
    classDefs after the classes, so the same declarations arrive by the css class alone).

    Reported on import, with their line (so normalised here): annotations after a class's
    first (never drawn), click callbacks and their tooltips, css classes without a classDef,
    namespace labels, namespaces holding no class, notes inside namespaces, the direction,
    line, label and cardinalities of lollipops (written `Iface ()-- Class`), lollipops named
    like a class, the second mark of
    a relation with different marks at its ends, and a note `for` something that is not a
    class (Mermaid draws it loose, so it becomes a note on the diagram), and a generic the
    spec's `generic` cannot hold. The harness decodes texts, so a raw `<b>` and a written
    `#lt;b#gt;` read the same here; import keeps a label's or note's tags as `html`.
    """
    assert result.ok, result.error
    graph = result.graph or {}
    classes = graph.get("classes") or {}
    class_defs = {
        name: css_styles(_style_items(value.get("styles") or []))
        for name, value in (graph.get("styleClasses") or {}).items()
        if value.get("styles")
    }
    interfaces = {i["id"]: i["label"] for i in graph.get("interfaces") or []}

    def shown(class_id: str) -> str:
        cls = classes.get(class_id)
        if cls is None:
            return interfaces.get(class_id, class_id)
        # A generic the spec cannot hold (`Pair~K,V~`) is reported and left out.
        generic = cls.get("type") if re.match(r"^[A-Za-z0-9_]+$", cls.get("type") or "") else ""
        return f"{cls['label']}<{generic}>" if generic else str(cls["label"])

    out: dict[str, Any] = {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
        "direction": graph.get("direction"),
        "classDefs": class_defs,
    }
    drawn: dict[str, Any] = {}
    for class_id, cls in classes.items():
        css_classes = [
            c for c in str(cls.get("cssClasses") or "").split() if c in class_defs or c == "default"
        ]
        style: dict[str, str] = {}
        for css_class in css_classes:
            style.update(class_defs.get(css_class, {}))
        style.update(css_styles(cls.get("styles") or []))
        linked = bool(cls.get("link"))
        drawn[shown(class_id)] = {
            "annotation": (cls.get("annotations") or [])[:1],
            "members": cls.get("members"),
            "methods": cls.get("methods"),
            "cssClasses": sorted(css_classes),
            "style": style,
            "namespace": cls.get("parent"),
            "link": (
                cls.get("link"),
                cls.get("linkTarget"),
                cls.get("tooltip") if linked else None,
            ),
        }
    out["classes"] = drawn
    out["namespaces"] = sorted(
        (n["id"], n.get("parent"), sorted(shown(c) for c in n.get("classes") or []))
        for n in graph.get("namespaces") or []
        if any(
            m.get("classes") and (m["id"] == n["id"] or m["id"].startswith(n["id"] + "."))
            for m in graph.get("namespaces") or []
        )
    )
    relations: list[Any] = []
    lollipops: list[Any] = []
    for rel in graph.get("relations") or []:
        kinds = dict(rel["relation"])
        if 4 in (kinds["type1"], kinds["type2"]):
            interface = rel["id1"] if kinds["type1"] == 4 else rel["id2"]
            # An interface named like a class cannot be a `provides` (reported).
            if interfaces.get(interface) not in classes:
                lollipops.append(sorted([shown(rel["id1"]), shown(rel["id2"])]))
            continue
        if "none" not in (kinds["type1"], kinds["type2"]) and kinds["type1"] != kinds["type2"]:
            kinds["type2"] = "none"
        relations.append(
            (
                shown(rel["id1"]),
                shown(rel["id2"]),
                kinds,
                rel.get("relationTitle1"),
                rel.get("relationTitle2"),
                _BR_RE.sub("<br/>", str(rel.get("title"))) if rel.get("title") else None,
            )
        )
    out["relations"] = relations
    out["lollipops"] = sorted(lollipops)
    # `<br>` and a line break draw the same: a spec writes the line break.
    out["notes"] = [
        (
            _BR_RE.sub("\n", str(note.get("text"))),
            shown(note["class"]) if note.get("class") in classes else None,
        )
        for note in (graph.get("notes") or {}).values()
    ]
    return breaks_as_newlines(out)


@cache
def round_trips() -> Trips:
    return round_trips_of(CORPUS)


def test_corpus_covers_the_kind() -> None:
    names = [n for n, _ in CORPUS]
    assert sum(n.startswith("examples:classDiagram") for n in names) >= 2
    assert "gallery:safeguards-class" in names
    assert len(names) >= 6


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    original, imported = read_back(round_trips()[name])
    assert normalized(imported) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    assert_fixed_points(round_trips())


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = warnings_of(round_trips())
    for name in warnings:
        if not name.startswith("class-"):
            assert warnings[name] == [], name
    # Names the class grammar cannot read back in every place get a readable key, once each;
    # a class label with tags is drawn as HTML by Mermaid: it is imported as `html`.
    assert [w.split(" (")[0] for w in warnings["class-hostile"]] == [
        "class-hostile:22: warning: the class 'Café crème' is written 'Cafe_creme'",
        "class-hostile:23: warning: the class 'Émoji' is written 'Emoji'",
    ]
    assert import_diagram(HANDWRITTEN["class-hostile"], "h").spec["classes"]["Emoji"] == {
        "html": "🙂 <b>hi</b>"
    }
    assert warnings["class-relations"] == [
        "class-relations:13: warning: the relation classM – classO has different marks at its"
        " ends; a spec's relation marks one end (or both alike), so classO's mark was left out"
    ]
    assert warnings["class-generics"] == [
        "class-generics:2: warning: the generic 'K,V' of class Pair has characters a spec's"
        " `generic` cannot hold (letters, digits, _); it was left out"
    ]
    prefix = "class-namespaces-links"
    assert warnings[prefix] == [
        f"{prefix}:29: warning: the click callback on class Inner and its tooltip was left"
        " out (a spec links classes to URLs; it does not call page scripts)",
        f"{prefix}:35: warning: the click callback on class Other was left out (a spec links"
        " classes to URLs; it does not call page scripts)",
        f"{prefix}:26: warning: class Lonely has the css class 'ghost', which has no classDef;"
        " a spec's `class` names a classDef, so it was left out",
        f"{prefix}:8: warning: a note inside namespace Shapes was moved out of it (a spec's"
        " notes belong to the diagram or to a class)",
        f"{prefix}:13: warning: namespace Outer has the label 'Outer label'; a spec names"
        " namespaces by their id only, so the label was left out",
        f"{prefix}:16: warning: namespace Empty holds no class; a spec's namespaces are where"
        " its classes are, so it was left out",
        f"{prefix}:17: warning: a note inside namespace Empty was moved out of it (a spec's"
        " notes belong to the diagram or to a class)",
        f"{prefix}:20: warning: the lollipop Plug on class Square is written `Plug ()-- Square`:"
        " a spec's `provides` has no other direction, dotted line, label or cardinality",
        f"{prefix}:34: warning: the lollipop interface 'Triangle' on class Other cannot be a"
        " spec's `provides` (it must be a name like a class's, and not a class); it was left"
        " out",
        f"{prefix}:33: warning: the note for 'Nobody' is on no class (Mermaid draws it loose),"
        " so it became a note on the diagram",
    ]


def test_import_keeps_the_spec_readable() -> None:
    spec = import_diagram(HANDWRITTEN["class-hostile"], "h").spec
    assert spec["title"] == 'Shapes #1; "quoted" <b>bold</b>'
    assert spec["comment"] == "a comment about shapes; direction LR"
    assert spec["config"] == {"class": {"hideEmptyMembersBox": True}}
    assert spec["accessibility"] == {"title": "Shapes", "description": "Classes with hostile text"}
    assert spec["direction"] == "RL"
    assert spec["classes"]["Shape"] == {
        "label": "Shape: «form» ; direction LR",
        "annotation": "abstract",
        "members": [
            "+String name #1",
            "+count: int$",
            "-List~Point~ points",
            "+area()* double",
            "#draw(Canvas c, int x) void",
            "~internal()$",
        ],
    }
    assert spec["classes"]["Circle"] == {"generic": "T"}
    assert spec["classes"]["Cafe_creme"] == {"label": "Café crème"}
    assert spec["relations"][:2] == [
        {"from": "Circle", "to": "Shape", "type": "inheritance", "label": "is a; kind of"},
        {
            "from": "Circle",
            "to": "Cafe_creme",
            "from_first": True,
            "label": "direction LR inside",
            "from_card": "1",
            "to_card": "0..*",
        },
    ]
    relations = import_diagram(HANDWRITTEN["class-relations"], "r").spec["relations"]
    assert relations[10] == {
        "from": "classK",
        "to": "classI",
        "type": "inheritance",
        "two_way": True,
    }
    links = import_diagram(HANDWRITTEN["class-namespaces-links"], "n").spec["classes"]
    assert links["Square"]["target"] == "_self"
    assert links["Square"]["provides"] == ["Iface", "Plug"]
    assert links["Inner"] == {"namespace": "Shapes.Deep", "class": "cold"}


def test_render_escapes_what_import_read() -> None:
    """The texts that arrived decoded are written safely again: "direction LR" with its `d`
    as an entity (or Mermaid drops the line), `;` in a relation label and `%%` as entities,
    a class label's tags as the HTML Mermaid draws."""
    _, first, _, _ = round_trips()["class-hostile"]
    assert '    class Shape["Shape: «form» ; #100;irection LR"] {' in first
    assert "    Shape <|-- Circle : is a#59; kind of" in first
    assert '    Circle "1" --> "0..*" Cafe_creme : #100;irection LR inside' in first
    assert "    Emoji .. Shape : uses #37;#37; not a comment?" in first
    assert '    class Emoji["🙂 <b>hi</b>"]' in first  # a label's tags are HTML to Mermaid


def test_import_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.mmd").write_text(HANDWRITTEN["class-relations"])
    result = CliRunner().invoke(main, ["import", "x.mmd"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[1:3] == ["diagram: class", "classes:"]
    assert "x.mmd:13: warning: the relation classM – classO has different marks" in result.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    (tmp_path / "doc.md").write_text(f"# Doc\n\n```mermaid\n{HANDWRITTEN['class-hostile']}```\n")
    adopted = CliRunner().invoke(main, ["adopt", "doc.md"])
    assert adopted.exit_code == 0, adopted.output
    assert len(list((tmp_path / "specs" / "doc").glob("*.yaml"))) == 1
    assert CliRunner().invoke(main, ["check"]).exit_code == 0
