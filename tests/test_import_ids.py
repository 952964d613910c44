"""Import keeps what the author drew: ids as written, subgraph colours, line breaks, `&nbsp;`
titles; and what render would refuse is dropped with its line while the rest still renders.

The diagrams are shaped like real-world ones (issue 19's corpus of 228 diagrams from ~90
repositories): ids such as `check-ff`, `checkout/:id/summary`, `:core:data`, `HTTP1.1`,
`diseño_relacional`, `TB`, `CI/CD`; `style <subgraph>`; `stroke:#none`. Real Mermaid judges:
the original and its import → render must parse into the same graph.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from importcheck import render

from specmaid.importing.dispatch import import_diagram
from specmaid.kinds.sequence.builder import is_participant_id
from specmaid.kinds.state import is_state_id
from specmaid.mermaid.bridge import ParseResult, parse_diagrams
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.escape import is_flowchart_id, mermaid_id
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

#: Ids from real diagrams that Mermaid reads as written, and ids made to probe the edges of
#: the rule (`a-.b` starts a dotted arrow; `a.-b` is read as an id, but kept out for safety).
KEPT_IDS = [
    *("check-ff", "checkout/:id/summary", ":core:data", "HTTP1.1", "diseño_relacional"),
    *("TB", "LR", "direction", "v1.2.3", "a.b-c", "x-end", "endpoint", "Ωmega", "用户", "1st"),
    *("o", "x", "a:b", "End", "x/style", "café-ü"),
    # the ends of each range of letters escape.is_flowchart_id allows (every character up to
    # U+052F was tried against the parser in each place; these keep the rule honest)
    *("ª", "µ", "º", "À", "Ö", "Ø", "ö", "ø", "ɏ", "Ά", "Έ", "Ί", "Ό", "Ύ", "Ρ", "Σ", "ϵ"),
    *("Ϸ", "Ͽ", "Ѐ", "ҁ", "Ҋ", "ӿ", "ぁ", "ゟ", "ァ", "ヿ", "一", "\u9fcc", "가", "힣"),
]
KEPT_SUBGRAPH_IDS = ["CI/CD", "deploy.prod", ":core", "Stage-1"]
RENAMED_IDS = [
    *("end", "end-x", ":end", "style.x", "class", "a--b", "a-.b", "--a", "x-", "a b"),
    *("flowchart-elk1", "click", "default", "a:::b", "a,b", "a;b", "a×b", "a.-b", "a::b"),
    *("\u038b", "϶", "҂", "a゠", "\u9fd5"),
]


def test_the_id_rule_keeps_real_world_ids() -> None:
    for kept in KEPT_IDS + KEPT_SUBGRAPH_IDS:
        assert is_flowchart_id(kept) and mermaid_id(kept) == kept, kept
    for renamed in RENAMED_IDS:
        assert not is_flowchart_id(renamed), renamed
        assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", mermaid_id(renamed)), renamed


def _every_place_spec(ids: list[str], sub_ids: list[str]) -> dict[str, Any]:
    """Each id in every place a flowchart spec puts a node or subgraph id."""
    nodes: dict[str, Any] = {}
    for i, node_id in enumerate(ids):
        form = i % 4
        if form == 0:
            nodes[node_id] = {"label": f"L{i}", "class": "hot", "style": {"fill": "#fee"}}
        elif form == 1:
            nodes[node_id] = {"shape": "diamond", "link": "https://example.org/", "tooltip": "t"}
        elif form == 2:
            nodes[node_id] = {"label": f"L{i}", "shape": "card"}  # written `@{ shape: … }`
        else:
            nodes[node_id] = None
    half = len(ids) // 2
    subgraphs: dict[str, Any] = {}
    for j, sub_id in enumerate(sub_ids):
        members = ids[j * 2 : j * 2 + 2] if j < half else []
        subgraphs[sub_id] = {"title": f"S{j}", "style": {"fill": "#eef"}, "class": "cool"}
        if members:
            subgraphs[sub_id]["nodes"] = members
    edges: list[dict[str, Any]] = [{"from": a, "to": b} for a, b in itertools.pairwise(ids)]
    edges.append({"from": ids[:3], "to": ids[-2:], "line": "dotted", "label": "fan"})
    edges.append({"from": ids[0], "to": sub_ids[0]})
    return {
        "diagram": "flowchart",
        "nodes": nodes,
        "subgraphs": subgraphs,
        "edges": edges,
        "classes": {"hot": {"fill": "#f00"}, "cool": {"stroke": "#00f"}},
    }


def test_ids_are_written_as_they_are_in_every_place(tmp_path: Path) -> None:
    spec = _every_place_spec(KEPT_IDS, KEPT_SUBGRAPH_IDS)
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    rendered = render_source(SourceText("ids.yaml", text), Project(root=tmp_path)).text
    (result,) = parse_diagrams([("ids", rendered)])
    assert result.ok, f"{result.error}\n{rendered}"
    graph = result.graph or {}
    vertices = {v["id"]: v for v in graph["vertices"]}
    assert set(vertices) - set(KEPT_SUBGRAPH_IDS) == set(KEPT_IDS)
    for node_id, node in spec["nodes"].items():
        vertex = vertices[node_id]
        if node and node.get("class"):
            assert vertex["classes"] == ["hot"] and vertex["styles"] == ["fill:#fee"], node_id
        if node and node.get("link"):
            assert vertex["link"] == "https://example.org/" and vertex["tooltip"] == "t"
    subgraphs = {s["id"]: s for s in graph["subgraphs"]}
    assert set(subgraphs) == set(KEPT_SUBGRAPH_IDS)
    for sub_id, sub in spec["subgraphs"].items():
        assert subgraphs[sub_id]["nodes"] == sub.get("nodes", [])
        assert subgraphs[sub_id]["title"] == sub["title"]
        assert vertices[sub_id]["styles"] == ["fill:#eef"]
        assert "cool" in subgraphs[sub_id]["classes"] + vertices[sub_id]["classes"]
    ends = [(e["start"], e["end"]) for e in graph["edges"]]
    expected = [(a, b) for a, b in itertools.pairwise(KEPT_IDS)]
    expected += [(a, b) for a in KEPT_IDS[:3] for b in KEPT_IDS[-2:]]
    expected.append((KEPT_IDS[0], KEPT_SUBGRAPH_IDS[0]))
    assert ends == expected


def test_ids_that_cannot_be_kept_still_render(tmp_path: Path) -> None:
    spec = _every_place_spec(RENAMED_IDS, ["end.y", "s b", ":class", "y-"])
    spec["nodes"] = {k: v if v else {"label": k} for k, v in spec["nodes"].items()}
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    rendered = render_source(SourceText("ids.yaml", text), Project(root=tmp_path)).text
    (result,) = parse_diagrams([("ids", rendered)])
    assert result.ok, f"{result.error}\n{rendered}"
    vertices = {v["id"] for v in (result.graph or {})["vertices"]}
    assert {mermaid_id(i) for i in RENAMED_IDS} <= vertices


def _graph(result: ParseResult) -> dict[str, Any]:
    """What a flowchart's drawing depends on, with label types and `<br>` spellings made one."""
    assert result.ok, result.error
    graph = result.graph or {}

    def text(value: Any) -> Any:
        return re.sub(r"<br\s*/?>", "\n", value) if isinstance(value, str) else value

    def plain(item: dict[str, Any]) -> dict[str, Any]:
        out = {k: text(v) for k, v in item.items() if k not in ("labelType", "type", "id")}
        out["id"] = item["id"]
        # `stroke-dasharray: 5 5` and `stroke-dasharray:5 5` are one CSS declaration
        out["styles"] = [re.sub(r"\s*:\s*", ":", s, count=1) for s in item.get("styles", [])]
        return out

    return {
        "direction": graph.get("direction"),
        "vertices": sorted((plain(v) for v in graph["vertices"]), key=lambda v: v["id"]),
        "edges": [(e["start"], e["end"], text(e.get("text"))) for e in graph["edges"]],
        "subgraphs": sorted((plain(s) for s in graph["subgraphs"]), key=lambda s: s["id"]),
        "classDefs": graph.get("classDefs"),
    }


REAL_WORLD = """\
flowchart TB
    subgraph CI/CD ["&nbsp;"]
        check-ff["Check<br>fast-forward"] --> HTTP1.1
        checkout/:id/summary --> :core:data
    end
    subgraph diseño_relacional [Diseño]
        TB --> check-ff
    end
    style CI/CD fill:#f9f,color:#333,stroke-dasharray: 5 5
    style diseño_relacional fill:#eef
    classDef ok fill:#dfd
    class TB ok
"""


def test_a_real_world_flowchart_keeps_ids_subgraph_colours_and_blank_titles(
    tmp_path: Path,
) -> None:
    imported = import_diagram(REAL_WORLD, "real.mmd")
    assert imported.warnings == []
    assert set(imported.spec["nodes"]) == {
        *("check-ff", "HTTP1.1", "checkout/:id/summary", ":core:data", "TB"),
    }
    cicd = imported.spec["subgraphs"]["CI/CD"]
    assert cicd["title"] == "\u00a0"
    assert cicd["style"] == {"fill": "#f9f", "color": "#333", "stroke-dasharray": "5 5"}
    rendered = render(imported.yaml(), tmp_path)
    assert 'subgraph CI/CD ["#160;"]' in rendered
    assert "id_" not in rendered  # no id was renamed
    original, again = parse_diagrams([("o", REAL_WORLD), ("r", rendered)])
    assert _graph(again) == _graph(original)


def test_what_render_refuses_is_dropped_with_its_line_and_the_rest_renders(
    tmp_path: Path,
) -> None:
    source = (
        "flowchart LR\n"
        "    A --> B\n"
        "    classDef broken stroke:#none,fill:#fff\n"  # line 3: a colour browsers ignore
        "    class A broken\n"
        "    style B fill:#abc,stroke:#zz\n"  # line 5
    )
    imported = import_diagram(source, "d.mmd", first_line=10)
    messages = [str(w) for w in imported.warnings]
    assert len(messages) == 2, messages
    assert messages[0].startswith("d.mmd:12: warning: dropped classes.broken.stroke ('#none')")
    assert messages[1].startswith("d.mmd:14: warning: dropped nodes.B.style.stroke ('#zz')")
    assert imported.spec["classes"] == {"broken": {"fill": "#fff"}}
    assert imported.spec["nodes"]["B"] == {"style": {"fill": "#abc"}}
    rendered = render(imported.yaml(), tmp_path)
    (result,) = parse_diagrams([("r", rendered)])
    assert result.ok and {v["id"] for v in (result.graph or {})["vertices"]} == {"A", "B"}


def test_dropping_is_general_across_kinds() -> None:
    """The mechanism sits in the dispatcher: a kind's importer need not know render's rules."""
    from specmaid.importing.checked import renderable

    spec = {
        "diagram": "pie",
        "slices": {"a": 1, "b": "lots"},  # a slice value must be a number
    }
    kept, dropped = renderable(spec, 'pie\n  "a" : 1\n  "b" : lots\n', "p.mmd", 1)
    assert kept == {"diagram": "pie", "slices": {"a": 1}}
    assert [(w.line, w.severity) for w in dropped] == [(3, "warning")]
    assert "slices.b" in dropped[0].message


@pytest.mark.parametrize(
    ("source", "ids"),
    [
        ("flowchart LR\n  مرحبا --> שלום\n", {"node", "node_2"}),
        ("flowchart LR\n  node --> مرحبا\n", {"node", "node_2"}),
    ],
)
def test_an_id_render_cannot_keep_is_renamed_readably_once(
    source: str, ids: set[str], tmp_path: Path
) -> None:
    imported = import_diagram(source, "r.mmd")
    assert set(imported.spec["nodes"]) == ids
    renamed = [w for w in imported.warnings if "is written" in w.message]
    assert len(renamed) == len([i for i in source.split() if not i.isascii()])
    assert all(w.line == 2 for w in renamed)
    rendered = render(imported.yaml(), tmp_path)
    original, again = parse_diagrams([("o", source), ("r", rendered)])
    texts = sorted(v.get("text") for v in (again.graph or {})["vertices"])
    assert texts == sorted(v.get("text") for v in (original.graph or {})["vertices"])


def test_a_part_left_incomplete_by_a_drop_is_one_warning_with_the_first_reason() -> None:
    from specmaid.importing.checked import renderable

    spec = {
        "diagram": "er",
        "entities": {"DOC": {"attributes": [{"type": "string", "name": "id"},
                                            {"type": "bad type!", "name": "x"}]}},
    }  # fmt: skip
    source = "erDiagram\n  DOC {\n    string id\n    bad type! x\n  }\n"
    kept, dropped = renderable(spec, source, "e.mmd", 1)
    assert kept["entities"]["DOC"]["attributes"] == [{"type": "string", "name": "id"}]
    assert len(dropped) == 1 and dropped[0].line == 4
    assert dropped[0].message.startswith(
        "dropped entities.DOC.attributes[1] (dict): render would refuse it:"
        " entities.DOC.attributes[1].type: found 'bad type!'"
    )


def test_er_entity_names_with_accents_are_kept(tmp_path: Path) -> None:
    source = (
        "erDiagram\n"
        '  diseño_relacional["D"] {\n    string id PK\n  }\n'
        "  diseño_relacional ||--o{ Ñandú : tiene\n"
        "  Ñandú:::hot\n  classDef hot fill:#f00\n  style diseño_relacional fill:#0f0\n"
    )
    imported = import_diagram(source, "e.mmd")
    assert imported.warnings == [] and set(imported.spec["entities"]) == {
        "diseño_relacional",
        "Ñandú",
    }
    original, again = parse_diagrams([("o", source), ("r", render(imported.yaml(), tmp_path))])

    def read(result: ParseResult) -> Any:
        graph = result.graph or {}
        entities = graph["entities"]
        return (
            {n: (e["alias"], set(e["cssClasses"].split()), e["cssStyles"]) for n, e in entities.items()},
            [(r["entityA"].split("-")[1], r["entityB"].split("-")[1]) for r in graph["relationships"]],
        )  # fmt: skip

    assert read(again) == read(original)


#: State ids Mermaid's state grammar reads back as written in every place the state template
#: writes one, and ids its `class`/`style` statements refuse (so render renames them).
KEPT_STATE_IDS = ["x1", "_x", "1st", "a_b", "End_2", "stateX", "noteA", "TB", "leftX", "__"]
RENAMED_STATE_IDS = ["diseño", "a.b", "a-b", "café", "Ωmega", "x:y", "note", "class", "as"]


def _every_place_state_spec(ids: list[str]) -> dict[str, Any]:
    """Each id as a plain state (with a note, a class and a style), a transition's end and a
    composite state (`state X {`) holding another."""
    states: dict[str, Any] = {}
    for i, state_id in enumerate(ids):
        if i % 2:
            states[state_id] = {"states": {f"inner{i}": None}, "class": "hot"}
        else:
            states[state_id] = {
                "label": f"L{i}",
                "note": {"text": "n"},
                "class": "hot",
                "style": {"fill": "#0f0"},
            }
    transitions = [{"from": "[*]", "to": ids[0]}]
    transitions += [{"from": a, "to": b} for a, b in itertools.pairwise(ids)]
    return {
        "diagram": "state",
        "states": states,
        "transitions": transitions,
        "classes": {"hot": {"fill": "#f00"}},
    }


def _state_nodes(result: ParseResult) -> dict[str, dict[str, Any]]:
    data = (result.graph or {}).get("data") or {}
    return {n["id"]: n for n in data.get("nodes") or []}


def test_state_ids_are_written_as_they_are_in_every_place(tmp_path: Path) -> None:
    for kept in KEPT_STATE_IDS:
        assert is_state_id(kept), kept
    for renamed in RENAMED_STATE_IDS:
        assert not is_state_id(renamed), renamed
    spec = _every_place_state_spec(KEPT_STATE_IDS)
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    rendered = render_source(SourceText("ids.yaml", text), Project(root=tmp_path)).text
    (result,) = parse_diagrams([("ids", rendered)])
    assert result.ok, f"{result.error}\n{rendered}"
    nodes = _state_nodes(result)
    for i, state_id in enumerate(KEPT_STATE_IDS):
        node = nodes[state_id]
        assert "hot" in str(node.get("cssClasses")), state_id
        if i % 2:
            assert node.get("isGroup") and nodes[f"inner{i}"]["parentId"] == state_id
        else:
            assert node["cssStyles"] == ["fill:#0f0"] and f"{state_id}----note-" in " ".join(
                nodes
            ), state_id
    edges = [(e["start"], e["end"]) for e in (result.graph or {})["data"]["edges"]]
    assert all(pair in edges for pair in itertools.pairwise(KEPT_STATE_IDS))


def test_state_ids_the_grammar_refuses_are_renamed_readably_once(tmp_path: Path) -> None:
    # The oracle refuses each of these in some place the template writes an id.
    refused = parse_diagrams(
        [
            (
                state_id,
                f"stateDiagram-v2\n  classDef hot fill:#f00\n  state {state_id}\n"
                f"  {state_id} --> b\n  note right of {state_id} : t\n"
                f"  class {state_id} hot\n  style {state_id} fill:#0f0\n",
            )
            for state_id in RENAMED_STATE_IDS
        ]
    )
    assert [r.ok for r in refused] == [False] * len(RENAMED_STATE_IDS)
    source = (
        "stateDiagram-v2\n  [*] --> diseño\n  diseño --> dise_o\n  state a.b {\n"
        "    [*] --> x.y\n  }\n  dise_o --> a.b\n  a.b --> a_b\n  note right of diseño : hi\n"
    )
    imported = import_diagram(source, "s.mmd")
    states = imported.spec["states"]
    assert list(states) == ["diseno", "dise_o", "a_b_2", "a_b"]
    assert states["diseno"] == {"label": "diseño", "note": {"text": "hi"}}
    assert states["a_b_2"]["label"] == "a.b" and states["a_b_2"]["states"] == {"x_y": "x.y"}
    renamed = [(w.line, w.message.split(":")[0]) for w in imported.warnings]
    assert renamed == [
        (2, "the state id 'diseño' is written 'diseno'"),
        (4, "the state id 'a.b' is written 'a_b_2'"),
        (5, "the state id 'x.y' is written 'x_y'"),
    ]
    original, again = parse_diagrams([("o", source), ("r", render(imported.yaml(), tmp_path))])
    assert again.ok, again.error

    def drawn(result: ParseResult) -> list[tuple[str, str]]:
        nodes = _state_nodes(result)
        labels = {
            n: "[*]" if node.get("shape") in ("stateStart", "stateEnd") else str(node["label"])
            for n, node in nodes.items()
        }
        return sorted(
            (labels[e["start"]], labels[e["end"]]) for e in (result.graph or {})["data"]["edges"]
        )

    assert drawn(again) == drawn(original)


#: Class names Mermaid's class grammar reads back as written in every place the class
#: template writes one, and names its `style` statement refuses (written `` `…` `` elsewhere).
KEPT_CLASS_NAMES = ["Order", "_x", "order_line", "HTTP2", "Svc_v1"]
RENAMED_CLASS_NAMES = ["diseño", "Ñandú", "a.b", "a-b", "Ωmega", "用户", "café"]


def test_class_names_are_kept_or_given_a_readable_key_once(tmp_path: Path) -> None:
    def every_place(name: str) -> str:
        return (
            f"classDiagram\n  classDef hot fill:#f00\n  class {name} {{\n    +int x\n  }}\n"
            f"  {name} <|-- Other\n  {name} : +m()\n  class {name}:::hot\n"
            f'  style {name} fill:#0f0\n  note for {name} "t"\n'
            f"  namespace N {{\n    class {name}2\n  }}\n"
        )

    results = parse_diagrams([(n, every_place(n)) for n in KEPT_CLASS_NAMES + RENAMED_CLASS_NAMES])
    for name, result in zip(KEPT_CLASS_NAMES + RENAMED_CLASS_NAMES, results, strict=True):
        kept = result.ok and {name, f"{name}2"} <= set((result.graph or {})["classes"])
        assert kept == (name in KEPT_CLASS_NAMES), name
    source = (
        "classDiagram\n"
        + "".join(f"  class `{n}`\n  `{n}` --> Hub\n" for n in RENAMED_CLASS_NAMES)
        + "  class diseno\n  class Order\n"
    )
    imported = import_diagram(source, "c.mmd")
    classes = imported.spec["classes"]
    keys = ["diseno_2", "Nandu", "a_b", "a_b_2", "mega", "C", "cafe"]
    assert list(classes) == [keys[0], "Hub", *keys[1:], "diseno", "Order"]
    assert [classes[k]["label"] for k in keys] == RENAMED_CLASS_NAMES
    renamed = [(w.line, w.message.split(" (")[0]) for w in imported.warnings]
    assert renamed == [
        (2 + 2 * i, f"the class {n!r} is written {k!r}")
        for i, (n, k) in enumerate(zip(RENAMED_CLASS_NAMES, keys, strict=True))
    ]
    original, again = parse_diagrams([("o", source), ("r", render(imported.yaml(), tmp_path))])
    assert again.ok, again.error

    def drawn(result: ParseResult) -> list[tuple[str, str]]:
        graph = result.graph or {}
        label = {c: str(v.get("label") or c) for c, v in graph["classes"].items()}
        return sorted((label[r["id1"]], label[r["id2"]]) for r in graph["relations"])

    assert drawn(again) == drawn(original)


#: Participant ids Mermaid's sequence grammar reads back as written in every place the
#: sequence template writes one, and ids it refuses somewhere (render renames those).
KEPT_PARTICIPANT_IDS = [
    *("diseño", "a.b", "API-GW", "CI/CD", "Ωmega", "用户", "café", "1st", "_x", "v1.2"),
    *("a.b-c", "endpoint", "alias", "Notes", "box1", "ñ"),
]
REFUSED_PARTICIPANT_IDS = ["x:y", "a,b", "end", "a-", "-a", "a--b", "a@b", "box", "Note", "xas"]


def _every_place_sequence(ids: list[str]) -> dict[str, Any]:
    """Each id declared (as an actor or with a label), in a box, at both ends of messages
    that activate and deactivate it, in notes, activated by itself, created and destroyed."""
    participants: dict[str, Any] = {"Hub": None}
    for i, pid in enumerate(ids):
        participants[pid] = {"type": "actor"} if i % 2 else {"label": f"L{i}"}
    steps: list[dict[str, Any]] = []
    for pid in ids:
        steps += [
            {"from": "Hub", "to": pid, "text": "go", "activate": True},
            {"note": "n", "right_of": pid},
            {"note": "n", "over": [pid, "Hub"]},
            {"from": pid, "to": "Hub", "text": "back", "deactivate": True},
            {"activate_participant": pid},
            {"deactivate_participant": pid},
        ]
    return {
        "diagram": "sequence",
        "participants": participants,
        "boxes": [{"label": "B", "participants": ids[:2]}],
        "steps": steps,
    }


def test_participant_ids_are_written_as_they_are_in_every_place(tmp_path: Path) -> None:
    for kept in KEPT_PARTICIPANT_IDS:
        assert is_participant_id(kept), kept
    spec = _every_place_sequence(KEPT_PARTICIPANT_IDS)
    text = yaml.safe_dump(spec, allow_unicode=True, sort_keys=False)
    rendered = render_source(SourceText("ids.yaml", text), Project(root=tmp_path)).text
    refused = [
        f"sequenceDiagram\n  participant {pid} as L\n  actor B\n  {pid}->>+B: hi\n"
        f"  B-->>-{pid}: back\n  note over {pid},B: n\n  activate {pid}\n  deactivate {pid}\n"
        for pid in REFUSED_PARTICIPANT_IDS
    ]
    result, *refusals = parse_diagrams(
        [("ids", rendered), *((f"r{i}", t) for i, t in enumerate(refused))]
    )
    assert result.ok, f"{result.error}\n{rendered}"
    actors = (result.graph or {})["actors"]
    assert set(actors) == {"Hub", *KEPT_PARTICIPANT_IDS}
    for i, pid in enumerate(KEPT_PARTICIPANT_IDS):
        assert actors[pid]["type"] == ("actor" if i % 2 else "participant"), pid
        assert i % 2 or actors[pid]["description"] == f"L{i}", pid
    for pid, refusal in zip(REFUSED_PARTICIPANT_IDS, refusals, strict=True):
        assert not is_participant_id(pid), pid
        kept = refusal.ok and pid in (refusal.graph or {})["actors"]
        assert not kept, pid
