"""Import of sequence diagrams: round trips through Mermaid's own parser.

Corpus: Mermaid's documentation examples of sequence diagrams (@mermaid-js/examples), this
project's gallery outputs of that kind, and hand-written cases for every statement and for
hostile text. import → render gives a diagram whose db (messages with their types, actors,
boxes, creations and destructions) equals the original's; render → import → render is a fixed
point; what a spec cannot say comes back as a warning with its line.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import MODULES, documentation_examples, gallery_outputs, round_trips

from specmaid.cli import main
from specmaid.importer import import_diagram
from specmaid.kinds.sequence import HALF_HEADS, HEADS
from specmaid.mermaid import ParseResult, parse_diagrams

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
_MESSAGE_KEYS = ("type", "from", "to", "message", "wrap", "activate", "placement")


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read: every message in order with its type, ends, text, wrap and
    activation; every actor with its label, type, links and box; the boxes; where
    participants are created and destroyed. One normalisation: the spellings of a line break
    (`<br>`, `<BR/>`, `<br />`) are one (a spec writes `<br/>`; all draw the same)."""
    assert result.ok, result.error
    graph = json.loads(_BR_RE.sub("<br/>", json.dumps(result.graph or {})))
    return {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
        "messages": [
            (
                *(m.get(k) for k in _MESSAGE_KEYS),
                m.get("centralConnection") or 0,
            )
            for m in graph.get("messages") or []
        ],
        "actors": graph.get("actors"),
        "boxes": graph.get("boxes"),
        "created": graph.get("createdActors"),
        "destroyed": graph.get("destroyedActors"),
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
    original, first, _, _ = trips()[name]
    results = {r.name: r for r in parse_diagrams([("original", original), ("imported", first)])}
    assert normalized(results["imported"]) == normalized(results["original"])


def test_render_import_render_is_a_fixed_point() -> None:
    for name, (_, first, second, _) in trips().items():
        assert second == first, name


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = {name: w for name, (_, _, _, w) in trips().items()}
    assert warnings.pop("sequence-hostile") == [
        "sequence-hostile:2: warning: HTML markup (<b>) in a sequence diagram's text: a spec's"
        " text is drawn as written, so the markup will show as text"
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

    from specmaid.importer import dump_spec

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
