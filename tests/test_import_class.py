"""Import of class diagrams: round trips through Mermaid's own parser.

Corpus: Mermaid's documentation examples of class diagrams (@mermaid-js/examples), this
project's gallery outputs of that kind, and hand-written cases for every construct and for
hostile text. import → render gives a diagram whose db (classes with their members split the
way Mermaid splits them, relations, notes, classDefs, interfaces) equals the original's after
the normalisations named in `normalized`; render → import → render is a fixed point; what a
spec cannot say comes back as a warning with its line.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import MODULES, documentation_examples, gallery_outputs, round_trips

from specmaid.cli import main
from specmaid.import_class import own_styles
from specmaid.importer import import_diagram
from specmaid.mermaid import ParseResult, parse_diagrams

EVERYTHING = """---
title: Animals
config:
  class: {hideEmptyMembersBox: true}
---
classDiagram
    accTitle: Animals
    accDescr: Who inherits from whom
    direction LR
    %% the zoo
    note "From Duck till Zebra"
    Animal <|-- Duck : extends
    note for Duck "can fly<br>can swim"
    Animal "1" *-- "many" Leg : has
    class Animal{
        <<abstract>>
        +int age
        -String gender$
        #List~int~ ids
        +isMammal()* bool
        +mate(Animal other, int times)$
        ~digest() List~Food~
    }
    class Duck["Ducky McDuck"]{
        +String beakColor
        +swim()
    }
    class Box~T~
    namespace Zoo {
        class Zebra
        class Lion
    }
    Zebra ..|> Animal
    Zebra ..> Box : uses
    Box o-- Leg
    Leg -- Duck
    Leg .. Zebra
    Leg <|--|> Box
    Lion --> Zebra : eats
    Duck "0..1" --> "*" Box
    IFly ()-- Duck
    class Zebra:::hot
    classDef hot fill:#f96,stroke:#333
    classDef calm color:#333
    style Leg fill:#eee,stroke-width:2px
    link Duck "https://example.com/ducks" "Ducks"
    click Zebra href "https://z.example.com"
    cssClass "Box,Lion" calm
"""

HANDWRITTEN = {
    "class-everything": EVERYTHING,
    "class-hostile": """classDiagram
    class Ticket["Ticket #35;42 — &quot;done&quot; #38; ünïcødé"] {
        +String title #59; note
        +set(direction LR)
    }
    class Other
    Ticket --> Other : a #58; b
    note for Other "100% <b>sure</b>"
""",
    "class-renamed": """classDiagram
    class `Animal Class!`
    class Plain:::undefinedClass
    `Animal Class!` --> Plain
    click Plain call callbackFunction() "a tooltip"
""",
    "class-unsupported": """classDiagram
    class Shape {
        <<interface>>
        <<service>>
    }
    class Queue~K,V~
    Shape *.. Queue
    Queue <|--* Shape
""",
}  # fmt: skip

CORPUS = [
    *documentation_examples(["classDiagram"]),
    *gallery_outputs("classDiagram"),
    *HANDWRITTEN.items(),
]
_BR_RE = re.compile(r"<br\s*/?>", re.I)
_MEMBER_KEYS = ("memberType", "visibility", "id", "parameters", "classifier", "returnType")


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read, without what cannot matter: a class's styles copied from a classDef
    that came after the class took that css class (Mermaid copies them; a spec writes
    classDefs first); the numbers in DOM ids; which end of a relation is written first
    (`A --> B` and `B <-- A` are one relation), and the relations' order (lollipop interfaces
    are written first); the spellings of a line break in notes (`<br>` and a line break
    draw the same); spaces around a style's `:` (`stroke-dasharray: 5 5`)."""
    assert result.ok, result.error
    graph = result.graph or {}
    style_classes = graph.get("styleClasses") or {}
    classes = {}
    for class_id, node in (graph.get("classes") or {}).items():
        classes[class_id] = (
            node.get("label"),
            node.get("type"),
            tuple(node.get("annotations") or ()),
            tuple(tuple(m.get(k) for k in _MEMBER_KEYS) for m in node.get("members") or []),
            tuple(tuple(m.get(k) for k in _MEMBER_KEYS) for m in node.get("methods") or []),
            tuple(sorted(str(node.get("cssClasses") or "").split())),
            tuple(re.sub(r"\s*:\s*", ":", x, count=1) for x in own_styles(node, style_classes)),
            node.get("parent"),
            node.get("link"),
            node.get("linkTarget"),
            node.get("tooltip"),
        )
    interfaces = {i["id"]: (i["label"], i["classId"]) for i in graph.get("interfaces") or []}
    relations = []
    for rel in graph.get("relations") or []:
        kind = rel["relation"]
        ends = [
            (interfaces.get(rel["id1"], rel["id1"]), kind["type1"], rel.get("relationTitle1")),
            (interfaces.get(rel["id2"], rel["id2"]), kind["type2"], rel.get("relationTitle2")),
        ]
        if kind["type1"] == "none" and kind["type2"] != "none":
            ends.reverse()
        relations.append((*ends, kind["lineType"], rel.get("title")))
    return {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
        "direction": graph.get("direction"),
        "classes": classes,
        "relations": sorted(relations, key=repr),
        "notes": [
            (n.get("class"), _BR_RE.sub("\n", str(n.get("text"))))
            for n in (graph.get("notes") or {}).values()
        ],
        "styleClasses": style_classes,
        "interfaces": sorted(interfaces.values()),
    }


@cache
def trips() -> dict[str, tuple[str, str, str, list[str]]]:
    return round_trips(CORPUS)


def test_corpus_covers_documentation_and_gallery() -> None:
    names = [n for n, _ in CORPUS]
    assert sum(n.startswith("examples:classDiagram") for n in names) >= 2
    assert sum(n.startswith("gallery:") for n in names) >= 1


@pytest.mark.parametrize(
    "name", [n for n, _ in CORPUS if n not in ("class-unsupported", "class-renamed")]
)
def test_import_then_render_reads_the_same(name: str) -> None:
    original, first, _, _ = trips()[name]
    results = {r.name: r for r in parse_diagrams([("original", original), ("imported", first)])}
    assert normalized(results["imported"]) == normalized(results["original"])


def test_render_import_render_is_a_fixed_point() -> None:
    for name, (_, first, second, _) in trips().items():
        assert second == first, name


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = {name: w for name, (_, _, _, w) in trips().items()}
    assert warnings.pop("class-unsupported") == [
        "class-unsupported:4: warning: 'Shape' has 2 annotations; a spec's class has one, so"
        " only <<interface>> was kept",
        "class-unsupported:6: warning: the generic type ~K,V~ of 'Queue' is not a plain"
        " name; left out",
        "class-unsupported:7: warning: a dotted composition (Shape … Queue) has no spec form;"
        " written as a solid one",
        "class-unsupported:8: warning: the two ends of Queue … Shape have different marks; a"
        " spec's two-way relation has the same at both, so both are written as the first",
    ]
    assert warnings.pop("class-renamed") == [
        "class-renamed:2: warning: the class name 'Animal Class!' is not a spec class name"
        " (letters, digits, _); written as 'Animal_Class_', with the name as its label",
        "class-renamed:3: warning: the class 'undefinedClass' of 'Plain' has no classDef in the"
        " diagram; left out (define it in a theme's `classes:` to keep it)",
        "class-renamed:5: warning: the click callback of 'Plain' is not part of a spec; left out",
    ]
    assert warnings.pop("class-hostile") == [
        "class-hostile:8: warning: HTML markup (<b>) in a class diagram's text: a spec's text is"
        " drawn as written, so the markup will show as text"
    ]
    for name, found in warnings.items():
        assert found == [], name


def test_import_reads_what_mermaid_read() -> None:
    spec = import_diagram(EVERYTHING, "c").spec
    animal = spec["classes"]["Animal"]
    assert animal == {
        "annotation": "abstract",
        "members": [
            "+int age",
            "-String gender$",
            "#List~int~ ids",
            "+isMammal()* bool",
            "+mate(Animal other, int times)$",
            "~digest() List~Food~",
        ],
    }
    assert spec["classes"]["Duck"]["provides"] == ["IFly"]
    assert spec["classes"]["Zebra"] == {
        "namespace": "Zoo",
        "class": "hot",
        "link": "https://z.example.com/",  # as Mermaid's URL sanitiser wrote it
    }
    assert spec["classes"]["Box"] == {"generic": "T", "class": "calm"}
    assert {"from": "Duck", "to": "Animal", "type": "inheritance", "label": "extends"} in (
        spec["relations"]
    )
    assert {"from": "Duck", "to": "Box", "from_card": "0..1", "to_card": "*"} in (spec["relations"])
    assert spec["notes"][1] == {"text": "can fly\ncan swim", "for": "Duck"}
    assert spec["styles"]["hot"] == {"fill": "#f96", "stroke": "#333"}


def test_import_command_writes_a_class_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "c.mmd").write_text(EVERYTHING)
    result = CliRunner().invoke(main, ["import", "c.mmd", "-o", "c.yaml"])
    assert result.exit_code == 0, result.output
    assert "diagram: class" in (tmp_path / "c.yaml").read_text()
    assert CliRunner().invoke(main, ["render", "c.yaml"]).exit_code == 0
