"""Import of sequence diagrams: round trips through Mermaid's own parser.

Corpus: Mermaid's documentation examples of sequence diagrams (@mermaid-js/examples), this
project's gallery outputs of that kind, and hand-written cases for every statement, for
hostile text and ids, and for what a spec cannot say. import → render gives a diagram whose db
(messages with their types, actors in order with their neighbours, boxes, creations and
destructions) equals the original's; render → import → render is a fixed point; what a spec
cannot say comes back as a warning with its line, and only those reported changes are applied
to the original's db before comparing (:data:`REPORTED`).
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import (
    MODULES,
    assert_fixed_points,
    documentation_examples,
    gallery_outputs,
    read_back,
    round_trips,
    warnings_of,
)

from specmaid.cli.group import main
from specmaid.importing.dispatch import import_diagram
from specmaid.kinds.sequence import HALF_HEADS, HEADS, RESERVED
from specmaid.mermaid.bridge import ParseResult
from specmaid.pipeline.escape import kind_safe_id

EVERYTHING = """---
title: "Checkout: the happy path"
config:
  sequence: {mirrorActors: false}
---
sequenceDiagram
    accTitle: Checkout
    accDescr: A customer pays
    %% who is involved
    autonumber
    box Aqua Shop side
    actor A as Alice
    participant J as John
    end
    participant C@{ "type": "database" }
    participant Q@{ "type": "queue" } as Jobs
    A->>+J: Hello John, how are you?
    loop Every minute
        J-->>A: Great!
    end
    alt is sick
        J->>A: Not so good :(
    else is well
        J-)A: Feeling fresh
    end
    opt Extra
        A-xJ: bye
        A--xJ: bye again
    end
    par Alice to John
        A->>J: Hi
    and Alice to C
        A->>C: Hi
    end
    par over A,J
        A->J: open
    and
        A-->J: dotted open
    end
    rect rgb(200, 150, 255)
        A->>J: inside
    end
    critical Establish
        A->>C: connect
    option Timeout
        A->>C: retry
    option
        A->>C: give up
    end
    break when failing
        A->>C: fail
    end
    loop
        A--)C: async dotted
    end
    Note right of A: Text in note
    Note left of J: Left
    Note over A,J: Over both
    Note over C: Over one
    A<<->>J: both
    A<<-->>J: both dotted
    J-->>-A: bye
    activate C
    activate C
    deactivate C
    deactivate C
    create participant D as Dave
    A->>D: hi
    destroy D
    D->>A: gone
    autonumber 10 5
    A->>J: numbered
    autonumber off
    A->>Q: queued
    link A: Dashboard @ https://example.com
"""

HANDWRITTEN = {
    "sequence-everything": EVERYTHING,
    "sequence-hostile": """sequenceDiagram
    participant U as User #35;1 #38; <b>co</b>
    participant S as Server: main
    U->>S: GET /a?b=1#59;c=2 — "quoted" ünïcødé
    S-->>U: 100% done #35;ok
    Note over U,S: wrap#58; this is not a switch
    U->>S: end of loop alt else
    S->>U: two<br>lines<BR/>three<br />four
    U->>S: direction LR
    Note right of S: end
""",
    "sequence-odd-ids": """sequenceDiagram
    participant B
    participant 1
    participant 2 as Two
    participant Web-Shop
    participant Ünï
    participant a.b as A dot B
    B->>1: hi
    1->>2: yo
    Web-Shop->>Ünï: hi
    Ünï->>a.b: there
""",
    "sequence-top-level-wrap": """%%{init: {"wrap": true}}%%
sequenceDiagram
    A->>B: wrapped by the top-level setting
    A->>B: nowrap:on one line
""",
    "sequence-created-order": """sequenceDiagram
    A->>B: hi
    create participant C
    B->>C: make
    B->>E: later
    participant A as Alice
""",
    "sequence-wrap-switches": """sequenceDiagram
    box aqua wrap:Team
    participant A as wrap:Alice the long-named
    end
    alt wrap:first
        A->>B: hi
    else wrap:second
        B->>A: ho
    end
    loop wrap:Every minute
        A->>B: again
    end
""",
    "sequence-unsayable": """sequenceDiagram
    box Empty
    end
    participant A
    properties A: {"class": "internal"}
    details A: menu-id
    rect hsl(120, 50%, 50%)
        A->>B: hi
    end
    rect rgb(0 0 255)
        B->>A: ho
    end
    create participant D
    A->>D: make
    destroy B
    create participant E
""",
    "sequence-rect-colours": """sequenceDiagram
    rect rgba(0, 0, 255, .1)
        A->>B: a
    end
    rect Aqua
        A->>B: b
    end
    rect rgb(0,0,0) label
        A->>B: c
    end
    rect #ff0000
        A->>B: d
    end
""",
    "sequence-labels": """sequenceDiagram
    box transparent red team
    participant A as B as C
    participant M@{"type": "actor", "alias": "Al"}
    end
    box rgb(1, 2, 3)
    participant Z
    end
    participant B
    create actor D as Dee
    A->>D: make
    A->>+A: self
    A->>-A: self back
    par_over A,B
        A->>B: x
    and y
        B->>A: y
    end
    A->>()B: to
    A()->>B: from
    A()->>()B: both
    activate B
    A->>B: x
    deactivate B
""",
    "sequence-hostile-config": """---
title: "Ticket #42; \\"q\\" <b>x</b> : direction LR"
config:
  theme: forest
  sequence: {showSequenceNumbers: true, actorMargin: 60}
---
%%{init: {"sequence": {"mirrorActors": false}}}%%
sequenceDiagram
    %% a comment; with #hash
    participant A
    A->>B: Ticket #35;42#59; "quoted" : colon
    B-->>A: 🎉 ünïcødé — ok
    Note left of A: wrap:long note here
    Note over A: nowrap:short
    A->>A: #119;rap:not a switch
""",
    "sequence-wrap": """%%{init: {"sequence": {"wrap": true}}}%%
sequenceDiagram
    A->>B: wrapped by the config
    A->>B: nowrap:kept on one line
    Note right of B: nowrap:a note on one line
""",
    "sequence-late-autonumber": """sequenceDiagram
    A->>B: first
    autonumber 5
    B->>A: numbered from five
""",
}  # fmt: skip

CORPUS = [
    *documentation_examples(["sequence"]),
    *gallery_outputs("sequenceDiagram"),
    *HANDWRITTEN.items(),
]
_BR_RE = re.compile(r"<br\s*/?>", re.I)
_MESSAGE_KEYS = ("type", "message", "wrap", "activate", "placement")
RECT_START = 22


def _spec_id(actor_id: Any) -> Any:
    return kind_safe_id(actor_id, RESERVED, "p") if isinstance(actor_id, str) else actor_id


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read: every message in order with its type, ends, text, wrap and
    activation; the actors in their drawing order, each with its label, type, wrap, links,
    properties and the neighbours Mermaid spaces it against; the boxes; where participants are
    created and destroyed.

    Normalised, as none of it is drawn: the spellings of a line break (`<br>`, `<BR/>`,
    `<br />` draw the same; a spec writes `<br/>`); participant ids as a spec writes them (an
    id that is a sequence keyword or not a plain word gets a safe id and keeps its label:
    Mermaid draws labels, never ids); the spelling of a `rect` colour (CSS colours ignore case
    and spaces)."""
    assert result.ok, result.error
    graph = json.loads(_BR_RE.sub("<br/>", json.dumps(result.graph or {})))
    actors = graph.get("actors") or {}
    order = [_spec_id(a) for a in graph.get("actorKeys") or actors]
    messages = []
    for m in graph.get("messages") or []:
        row = [m.get(k) for k in _MESSAGE_KEYS]
        if m.get("type") == RECT_START:
            row[1] = re.sub(r"\s+", "", str(row[1])).lower()
        messages.append(
            (*row, _spec_id(m.get("from")), _spec_id(m.get("to")), m.get("centralConnection") or 0)
        )
    return {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
        "messages": messages,
        "order": order,
        "actors": {
            _spec_id(key): {
                **{k: v for k, v in actor.items() if k not in ("name", "box")},
                "prevActor": _spec_id(actor.get("prevActor")),
                "nextActor": _spec_id(actor.get("nextActor")),
            }
            for key, actor in actors.items()
        },
        "boxes": [
            {**box, "actorKeys": [_spec_id(a) for a in box.get("actorKeys") or []]}
            for box in graph.get("boxes") or []
        ],
        "created": {_spec_id(k): v for k, v in (graph.get("createdActors") or {}).items()},
        "destroyed": {_spec_id(k): v for k, v in (graph.get("destroyedActors") or {}).items()},
    }


def _reordered(view: dict[str, Any]) -> dict[str, Any]:
    """Reported: participants that are not created are drawn first, then the created ones in
    the order of their creation; Mermaid's neighbours follow that order."""
    created = view["created"]
    view["order"] = [a for a in view["order"] if a not in created] + sorted(
        (a for a in view["order"] if a in created), key=lambda a: created[a]
    )
    for position, actor in enumerate(view["order"]):
        view["actors"][actor]["prevActor"] = view["order"][position - 1] if position else None
        following = view["order"][position + 1 : position + 2]
        view["actors"][actor]["nextActor"] = following[0] if following else None
    return view


def _no_wrap_switches(view: dict[str, Any]) -> dict[str, Any]:
    """Reported: wrap switches on participant, box and block labels are left out."""
    for actor in view["actors"].values():
        actor["wrap"] = False
    for box in view["boxes"]:
        box["wrap"] = False
    view["messages"] = [
        (kind, text, False if kind in (10, 12, 13) else wrap, *rest)
        for kind, text, wrap, *rest in view["messages"]
    ]
    return view


def _unsayable_left_out(view: dict[str, Any]) -> dict[str, Any]:
    """Reported: the empty box, the properties, the trailing `create` (now a participant
    declared at the start) and `destroy` are left out; the rect colours are rewritten."""
    view["boxes"] = [box for box in view["boxes"] if box["actorKeys"]]
    for actor in view["actors"].values():
        actor["properties"] = {}
    end = len(view["messages"])
    for key in ("created", "destroyed"):
        view[key] = {a: index for a, index in view[key].items() if index < end}
    colours = {"hsl(120,50%,50%)": "rgb(64,191,64)", "rgb(00255)": "rgb(0,0,255)"}
    return _reordered(_rect_colours(view, colours))


def _rect_colours(view: dict[str, Any], colours: dict[str, str]) -> dict[str, Any]:
    """Reported: `rect` colours a spec cannot hold, rewritten (spaces and case removed)."""
    view["messages"] = [
        (kind, colours.get(text, text) if kind == RECT_START else text, *rest)
        for kind, text, *rest in view["messages"]
    ]
    return view


#: The hand-written cases whose import reports a change, and that change applied to the
#: original's db (each asserted with its line in test_what_cannot_be_said_is_reported…).
REPORTED = {
    "sequence-created-order": _reordered,
    "sequence-wrap-switches": _no_wrap_switches,
    "sequence-unsayable": _unsayable_left_out,
    # `rect rgb(0,0,0) label` and `rect #ff0000` (a comment: no colour) fill nothing.
    "sequence-rect-colours": lambda view: _rect_colours(
        view, {"rgb(0,0,0)label": "transparent", "": "transparent"}
    ),
}


@cache
def trips() -> dict[str, tuple[str, str, str, list[str]]]:
    return round_trips(CORPUS)


def test_corpus_covers_documentation_and_gallery() -> None:
    names = [n for n, _ in CORPUS]
    assert sum(n.startswith("examples:sequence") for n in names) >= 3
    assert sum(n.startswith("gallery:") for n in names) >= 1


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    original, imported = read_back(trips()[name])
    expected = REPORTED.get(name, lambda view: view)(normalized(original))
    assert normalized(imported) == expected


def test_render_import_render_is_a_fixed_point() -> None:
    assert_fixed_points(trips())


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = warnings_of(trips())
    assert warnings.pop("sequence-hostile") == [
        "sequence-hostile:2: warning: HTML markup (<b>) in a sequence diagram's text: a spec's"
        " text is drawn as written, so the markup will show as text"
    ]
    wrap_rest = "has no place in a spec (only messages and notes take `wrap`); "
    labels = "the label follows the diagram's wrapping"
    assert warnings.pop("sequence-wrap-switches") == [
        "sequence-wrap-switches:2: warning: the wrap: switch of the box 'Team' has no place in"
        " a spec; its label follows the diagram's wrapping",
        "sequence-wrap-switches:3: warning: the wrap: switch of participant 'A' "
        + wrap_rest
        + "its label follows the diagram's wrapping",
        f"sequence-wrap-switches:5: warning: the wrap: switch of the alt label 'first' {wrap_rest}"
        + labels,
        f"sequence-wrap-switches:7: warning: the wrap: switch of the else label 'second' {wrap_rest}"
        + labels,
        "sequence-wrap-switches:10: warning: the wrap: switch of the loop label 'Every minute' "
        + wrap_rest
        + labels,
    ]
    drawn_before = (
        "; a spec declares every participant that is not created at the start, so it is drawn"
        " before the created ones"
    )
    assert warnings.pop("sequence-created-order") == [
        "sequence-created-order:3: warning: participant 'E' is drawn after the created"
        " participant 'C'" + drawn_before,
        "sequence-created-order:6: warning: participant 'A' is declared again after 'E'; Mermaid"
        " then spaces it as the neighbour of 'E', a spec declares each participant once"
        " (spacing may differ)",
    ]
    forms = "is not a form a spec holds ('#rgb', 'rgb(…)', 'rgba(…)' or a CSS name); written as"
    assert warnings.pop("sequence-unsayable") == [
        "sequence-unsayable:2: warning: the box 'Empty' holds no participant; a spec draws a box"
        " around its participants, so it was left out",
        "sequence-unsayable:5: warning: the properties of 'A' are not part of a sequence spec;"
        " left out",
        "sequence-unsayable:6: warning: `details` reads a participant's menu from an element of"
        " the page; a spec has no place for it, so it was left out (write the links under"
        " `links:`)",
        f"sequence-unsayable:7: warning: the rect colour 'hsl(120, 50%, 50%)' {forms}"
        " 'rgb(64, 191, 64)'",
        f"sequence-unsayable:10: warning: the rect colour 'rgb(0 0 255)' {forms} 'rgb(0, 0, 255)'",
        "sequence-unsayable:13: warning: participant 'E' is drawn after the created participant"
        " 'D'" + drawn_before,
        "sequence-unsayable:15: warning: `destroy B` has no message after it (a spec's `destroy`"
        " needs the message that ends the participant); left out",
        "sequence-unsayable:16: warning: `create` of 'E' has no message after it; imported as a"
        " participant declared at the start",
    ]
    assert warnings.pop("sequence-rect-colours") == [
        f"sequence-rect-colours:8: warning: the rect colour 'rgb(0,0,0) label' {forms}"
        " 'transparent'",
        "sequence-rect-colours:11: warning: this rect has no colour Mermaid can read (in a"
        " sequence diagram `#` starts a comment, so `rect #f00` has none); written as"
        " 'transparent'",
    ]
    assert warnings.pop("sequence-hostile-config") == [
        "sequence-hostile-config:2: warning: HTML markup (<b>) in a sequence diagram's text: a"
        " spec's text is drawn as written, so the markup will show as text"
    ]
    for name, found in warnings.items():
        assert found == [], name


def test_every_arrow_comes_back() -> None:
    """Every head, line and half-head placement the spec can write imports as itself."""
    steps = []
    for line in ("solid", "dotted"):
        for head in HEADS:
            for at in ("to", "from") if head in HALF_HEADS else (None,):
                step = {"from": "a", "to": "b", "text": f"{line} {head} {at}", "line": line}
                step["head"] = head
                if at == "from":
                    step["head_at"] = at
                steps.append(step)
    steps += [{"from": "a", "to": "b", "text": c, "central": c} for c in ("from", "to", "both")]
    spec = {"diagram": "sequence", "participants": {"a": None, "b": None}, "steps": steps}
    from importcheck import render

    from specmaid.importing.dispatch import dump_spec

    text = render(dump_spec(spec), Path("."))
    imported = import_diagram(text, "arrows").spec["steps"]
    expected = [
        {k: v for k, v in s.items() if not ((k == "line" and v == "solid") or v == "arrow")}
        for s in steps
    ]
    assert imported == expected


def test_import_reads_what_mermaid_read() -> None:
    spec = import_diagram(EVERYTHING, "s").spec
    assert spec["title"] == "Checkout: the happy path"
    assert spec["participants"]["A"] == {
        "label": "Alice",
        "type": "actor",
        "links": {"Dashboard": "https://example.com"},
    }
    assert spec["participants"]["Q"] == {"label": "Jobs", "type": "queue"}
    assert spec["boxes"] == [{"label": "Aqua Shop side", "participants": ["A", "J"]}]
    assert spec["autonumber"] is True
    steps = spec["steps"]
    assert steps[0] == {
        "from": "A",
        "to": "J",
        "text": "Hello John, how are you?",
        "activate": True,
    }
    assert {"create": "D"} in steps and {"destroy": "D"} in steps
    assert {"autonumber": {"start": 10, "step": 5}} in steps and {"autonumber": False} in steps
    wrap = import_diagram(HANDWRITTEN["sequence-wrap"], "w").spec["steps"]
    assert [s.get("wrap") for s in wrap] == [None, False, False]
    top_level = import_diagram(HANDWRITTEN["sequence-top-level-wrap"], "t").spec["steps"]
    assert [s.get("wrap") for s in top_level] == [None, False]
    # Mermaid's order, not the order of its actors object (which puts `1` and `2` first).
    odd = import_diagram(HANDWRITTEN["sequence-odd-ids"], "o").spec["participants"]
    assert list(odd) == ["B", "1", "2", "Web-Shop", "Ünï", "a.b"]


def test_import_command_writes_a_sequence_spec(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "s.mmd").write_text(HANDWRITTEN["sequence-hostile"])
    result = CliRunner().invoke(main, ["import", "s.mmd", "-o", "s.yaml"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "s.yaml").read_text().splitlines()[1] == "diagram: sequence"
    assert CliRunner().invoke(main, ["render", "s.yaml"]).exit_code == 0
