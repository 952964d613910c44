"""The per-kind extractors of `specmaid diff` (src/specmaid/kinds/<kind>/diff.py and
src/specmaid/diff/extract.py), over the gallery and seed specs: every registered kind has one, nothing changed is no change, a
renamed id or a reordered collection is no change, and each kind's typical edits (add,
remove, relabel, restyle, rewire) are reported exactly."""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from specmaid.diff.engine import compare
from specmaid.diff.extract import DiffInput, extractor_module, project
from specmaid.diff.formats import change_line
from specmaid.kinds.registry import kind_names
from specmaid.pipeline.resolve import resolve_source
from specmaid.pipeline.source import read_source
from specmaid.project.config import find_project
from specmaid.project.files import spec_files

REPO = Path(__file__).resolve().parents[1]
PROJECT = find_project(REPO)
assert PROJECT is not None
SPECS = spec_files(PROJECT)
NAMES = [p.relative_to(REPO).as_posix() for p in SPECS]


@cache
def resolved(name: str) -> tuple[str, DiffInput]:
    assert PROJECT is not None
    path = REPO / name
    found = resolve_source(
        read_source(path, name), root=REPO, themes_dir=PROJECT.themes_dir, spec_path=path
    )
    return found.kind.name, DiffInput(found.spec, found.class_defs, found.config)


def changes_after(name: str, edit: Callable[[dict[str, Any]], Any]) -> list[str]:
    kind, inp = resolved(name)
    doc = copy.deepcopy(dict(inp.spec))
    edit(doc)
    before = project(kind, inp)
    after = project(kind, DiffInput(doc, inp.class_defs, inp.config))
    return [change_line(c) for c in compare(before, after)]


@pytest.mark.parametrize("kind", kind_names())
def test_every_registered_kind_has_an_extractor(kind: str) -> None:
    module = extractor_module(kind)
    assert callable(module.project)


def test_a_kind_without_an_extractor_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    from specmaid.kinds import registry

    monkeypatch.setitem(registry.KINDS, "newkind", "specmaid.kinds.newkind")
    with pytest.raises(LookupError, match="'newkind' has no diff extractor"):
        extractor_module("newkind")


def test_the_gallery_covers_every_kind() -> None:
    assert {resolved(n)[0] for n in NAMES} == set(kind_names())


@pytest.mark.parametrize("name", NAMES)
def test_an_unchanged_spec_has_no_change(name: str) -> None:
    kind, inp = resolved(name)
    assert compare(project(kind, inp), project(kind, inp)) == []


def _rename_everywhere(value: Any, renames: dict[str, str]) -> Any:
    if isinstance(value, dict):
        return {renames.get(k, k): _rename_everywhere(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [_rename_everywhere(v, renames) for v in value]
    if isinstance(value, str):
        return renames.get(value, value)
    return value


@pytest.mark.parametrize("name", NAMES)
def test_renaming_ids_without_a_visible_change_reports_nothing(name: str) -> None:
    """Every id that is not drawn (the item has a label of its own) renamed in the whole
    spec, as a search-and-replace over the ids would: nothing to report."""
    kind, inp = resolved(name)
    before = project(kind, inp)
    ids = {
        i.key
        for i in before.items
        if i.key
        and i.key != i.label
        and i.key != "diagram"
        and not any(ch in i.key for ch in ":/@#|")
    }
    labels = {i.label for i in before.items} | {v for i in before.items for v in i.attrs.values()}
    spec_keys = set(inp.spec)  # (a search-and-replace would not touch the spec's own keys)
    renames = {k: f"renamed_{k.replace(' ', '_')}" for k in ids if k not in labels | spec_keys}
    if kind == "eventmodeling":
        renames = {}  # frames are numbered, not named
    doc = _rename_everywhere(dict(inp.spec), renames)
    after = project(kind, DiffInput(doc, inp.class_defs, inp.config))
    assert [change_line(c) for c in compare(before, after)] == []


def _reversed(doc: dict[str, Any], *keys: str) -> None:
    for key in keys:
        value = doc.get(key)
        if isinstance(value, dict):
            doc[key] = dict(reversed(list(value.items())))
        elif isinstance(value, list):
            doc[key] = list(reversed(value))


REORDERS = [
    ("specs/system-card/core-challenges.yaml", ("nodes", "edges")),
    ("specs/system-card/dependencies.yaml", ("nodes", "edges", "subgraphs")),
    ("specs/gallery/asl-determination-state.yaml", ("states", "transitions")),
    ("specs/gallery/safeguards-class.yaml", ("classes", "relations", "notes")),
    ("specs/gallery/evaluations-er.yaml", ("entities", "relations")),
    ("specs/gallery/rsp-requirements.yaml", ("requirements", "relations")),
    ("specs/gallery/deployment-context-c4.yaml", ("elements", "relations", "boundaries")),
    ("specs/gallery/safeguards-architecture.yaml", ("groups", "services", "edges")),
    ("specs/gallery/asl-determination-swimlane.yaml", ("nodes", "edges")),
    ("specs/gallery/thinking-safeguards-block.yaml", ("edges",)),
    ("specs/gallery/prompt-injection-pie.yaml", ("slices",)),
    ("specs/gallery/cyber-challenges-sankey.yaml", ("flows",)),
    ("specs/gallery/harm-evaluations-quadrant.yaml", ("points",)),
    ("specs/gallery/evaluation-domains-venn.yaml", ("sets", "overlaps")),
    ("specs/gallery/thinking-wardley.yaml", ("components", "links")),
    ("specs/gallery/cyber-tasks-treemap.yaml", ("items",)),
]


@pytest.mark.parametrize(("name", "keys"), REORDERS, ids=[n for n, _ in REORDERS])
def test_reordering_what_is_not_drawn_in_order_is_no_change(
    name: str, keys: tuple[str, ...]
) -> None:
    assert changes_after(name, lambda doc: _reversed(doc, *keys)) == []


G = "specs/gallery/"
SEED = "specs/system-card/"


def _flowchart(doc: dict[str, Any]) -> None:
    doc["nodes"]["G"] = "New goal"  # add
    doc["edges"].append({"from": "A", "to": "G"})
    del doc["nodes"]["C5"]  # remove (and its edge)
    doc["edges"][2]["to"] = ["C1", "C2", "C3", "C4"]
    doc["nodes"]["D"] = "Transparency"  # relabel
    doc["nodes"]["E"] = {"label": "Responsible Scaling", "class": "muted"}  # restyle
    doc["edges"][5]["to"] = ["F1", "F2", "D3"]  # rewire: F → F3 becomes F → D3


def _sequence(doc: dict[str, Any]) -> None:
    doc["steps"].insert(1, {"from": "app", "to": "user", "text": "ack"})
    doc["steps"][0]["text"] = "Question"
    doc["steps"].pop()  # the last note
    doc["participants"]["app"]["type"] = "boundary"


EDITS: list[tuple[str, Callable[[dict[str, Any]], Any], list[str]]] = [
    (
        SEED + "core-challenges.yaml",
        _flowchart,
        [
            '+ node G "New goal"',
            '- node C5 "Maintain Faithfulness"',
            '~ node D "Transparency": label: Transparency & Trust → Transparency',
            '~ node E "Responsible Scaling": class: + ["muted"]',
            "+ edge A → G",
            "- edge C → C5",
            "~ edge F → D3: to: F3 → D3",
        ],
    ),
    (
        G + "asl-determination-state.yaml",
        lambda d: (
            d["states"]["asl3"].update(label="ASL-3 safeguards required"),
            d["transitions"].append({"from": "asl3", "to": "[*]"}),
            d["states"]["review"].update({"class": "highlight"}),
        ),
        [
            '~ state review "FRT and AST feedback rounds": class: + ["highlight"]',
            '~ state asl3 "ASL-3 safeguards required": label: ASL-3 safeguards → ASL-3'
            " safeguards required",
            "+ transition asl3 → [*]",
        ],
    ),
    (
        G + "safeguards-class.yaml",
        lambda d: (
            d["classes"]["Mitigation"]["members"].append("+remove()"),
            d["relations"][0].update(to="Model"),
            d["classes"].pop("SystemPromptUpdate"),
            d.update(relations=[r for r in d["relations"] if r["from"] != "SystemPromptUpdate"]),
        ),
        [
            '- class "SystemPromptUpdate"',
            '~ class "Mitigation": members: ["+apply()"] → ["+apply()", "+remove()"]',
            "- relation SystemPromptUpdate → Mitigation",
            "~ relation HarmlessnessTraining → Model: to: Mitigation → Model",
        ],
    ),
    (
        G + "evaluations-er.yaml",
        lambda d: (
            d["entities"]["TESTER"].update(label="Tester"),
            d["relations"][1].update(label="applies"),
            d["entities"].update(REPORT={"label": "Report"}),
        ),
        [
            '+ entity REPORT "Report"',
            '~ entity TESTER "Tester": label: Evaluator → Tester',
            '~ relation DOMAIN → METHOD "applies": label: uses → applies',
        ],
    ),
    (
        G + "extended-thinking-sequence.yaml",
        _sequence,
        [
            '~ participant app "Application": type: + boundary',
            '+ message app → user "ack"',
            '~ message user → app "Question": label: Question, with extended thinking toggled'
            " on → Question",
            '- note "Users toggle the mode and set how many tokens Claude may spend thinking"'
            " (right_of user)",
        ],
    ),
    (
        G + "extended-thinking-sequence.yaml",
        lambda d: d["steps"].insert(0, d["steps"].pop(1)),
        ['> message app → claude "Prompt plus a thinking token budget": position 2 → 1'],
    ),
    (
        G + "asl-determination-gantt.yaml",
        lambda d: (
            d["sections"][0]["tasks"][1].update(duration="2s"),
            d["sections"][1]["tasks"].append(
                {"id": "x", "name": "Publish", "after": "asl2", "duration": "1s"}
            ),
        ),
        [
            '+ task x "Publish"',
            '~ task ast "Independent critique by Alignment Stress Testing": duration: 1s → 2s',
        ],
    ),
    (
        G + "cyber-ranges-xychart.yaml",
        lambda d: (
            d["series"][0]["values"].__setitem__(1, 40),
            d["x_axis"]["categories"].append("Hard"),
            d["series"][0]["values"].append(5),
        ),
        [
            '+ category "Hard"',
            "+ point series 1 / Hard",
            "~ point series 1 / Medium (4 of 13): value: 30 → 40",
        ],
    ),
    (
        G + "thinking-safeguards-block.yaml",
        lambda d: (
            d["blocks"].insert(0, d["blocks"].pop(1)),
            d["edges"][2].update(label="harmful"),
        ),
        [
            '> block thinking "Chain of thought": position 2 → 1',
            '~ edge classifier → encrypt "harmful": label: potentially harmful → harmful',
        ],
    ),
    (
        G + "safeguards-architecture.yaml",
        lambda d: (d["services"]["environment"].update({"in": "deployment"}), d["edges"].pop()),
        [
            '~ service environment "Computer environment": in: + deployment',
            '- edge injection → model "halts"',
        ],
    ),
    (
        G + "deployment-context-c4.yaml",
        lambda d: (
            d["boundaries"]["anthropic"]["elements"].remove("ast"),
            d["relations"][0].update(technology="HTTPS"),
        ),
        [
            '~ element ast "Alignment Stress Testing": in: - anthropic',
            '~ relation users → claude "Ask questions": technology: + HTTPS',
        ],
    ),
    (
        G + "system-card-mindmap.yaml",
        lambda d: (
            d["root"]["children"][0]["children"].__setitem__(0, "Proprietary mix"),
            d["root"]["children"][1].update(shape="square"),
        ),
        [
            '~ node "Claude 3.7 Sonnet system card" › "Training" › "Proprietary mix": label:'
            " Proprietary data mix → Proprietary mix",
            '~ node "Claude 3.7 Sonnet system card" › "Extended thinking": shape: + square',
        ],
    ),
    (
        G + "prompt-injection-pie.yaml",
        lambda d: d.update(slices={"Not prevented": 12, "Prevented": 88}),
        ['~ slice "Prevented": label: Prevented by the mitigations → Prevented'],
    ),
    (
        G + "cyber-challenges-sankey.yaml",
        lambda d: (
            [
                f.update({s: "Easy ones"})
                for f in d["flows"]
                for s in ("from", "to")
                if f[s] == "Easy"
            ],
            d["flows"][-1].update(value=8),
        ),
        [
            '~ node "Easy ones": label: Easy → Easy ones',
            "~ flow Medium → Not solved: value: 9 → 8",
        ],
    ),
    (
        G + "rsp-requirements.yaml",
        lambda d: (
            d["requirements"]["Cyber evaluations"].update(risk="medium"),
            d.setdefault("relations", []).append(
                {"from": "CBRN evaluations", "to": "ASL-2 standard", "type": "satisfies"}
            ),
        ),
        [
            '~ requirement "Cyber evaluations": risk: high → medium',
            "+ relation CBRN evaluations → ASL-2 standard",
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "edit", "expected"),
    EDITS,
    ids=[f"{n.split('/')[-1]}-{i}" for i, (n, _, _) in enumerate(EDITS)],
)
def test_typical_edits_are_reported_exactly(
    name: str, edit: Callable[[dict[str, Any]], Any], expected: list[str]
) -> None:
    assert changes_after(name, edit) == expected


# Edits of the other kinds: (spec, edit, expected); the edit's lambda mutates the
# resolved spec.
MORE_EDITS: list[tuple[str, Callable[[dict[str, Any]], Any], list[str]]] = [
    (
        G + "asl-determination-swimlane.yaml",
        lambda d: (
            d["lanes"]["ast"]["nodes"].append("pretest"),
            d["lanes"]["institutes"]["nodes"].remove("pretest"),
            d["edges"].append({"from": "release", "to": "enhance", "line": "dotted"}),
        ),
        [
            '~ node pretest "Pre-deployment testing": in: institutes → ast',
            "+ edge release → enhance",
        ],
    ),
    (
        G + "evaluation-timeline.yaml",
        lambda d: (
            d["sections"][0]["periods"][1]["events"].append("Capture the flag"),
            d["sections"][2]["periods"][0].update(period="Launch"),
        ),
        ['~ period "Launch": label: Release → Launch', '+ event "Capture the flag"'],
    ),
    (
        G + "thinking-journey.yaml",
        lambda d: (
            d["sections"][0]["tasks"][0].update(score=3),
            d["sections"][2]["tasks"][0]["actors"].remove("User"),
        ),
        [
            '~ task "Toggle extended thinking on": score: 5 → 3',
            '~ task "Give the final answer": actors: ["Claude", "User"] → ["Claude"]',
        ],
    ),
    (
        G + "harm-evaluations-quadrant.yaml",
        lambda d: (
            d["points"][0].update(x=0.5),
            d["points"].append({"name": "New", "x": 0.1, "y": 0.1}),
        ),
        ['+ point "New"', '~ point "Standard thinking - 45% fewer": x: 0.45 → 0.5'],
    ),
    (
        G + "snapshots-gitgraph.yaml",
        lambda d: (
            d["steps"].insert(2, {"commit": "extra"}),
            d["steps"][5].update(commit="snapshot one"),
        ),
        ['+ commit "extra"', '~ commit "snapshot one": label: snapshot 1 → snapshot one'],
    ),
    (
        G + "mitigations-kanban.yaml",
        lambda d: d["columns"]["preparing"]["tasks"].append(d["columns"]["done"]["tasks"].pop(0)),
        ['~ card "Enhanced ASL-2 safety measures": in: done → preparing'],
    ),
    (
        G + "cyber-tasks-packet.yaml",
        lambda d: (
            d["fields"][0].update(bits=12),
            d["fields"].append({"bits": 1, "label": "spare"}),
        ),
        ['+ field "spare"', '~ field "Easy, solved (13)": bits: 13 → 12'],
    ),
    (
        G + "reported-rates-radar.yaml",
        lambda d: (d["curves"][0]["values"].update(easy=60), d["axes"].update(hard="Hard tasks")),
        ['+ axis "Hard tasks"', "~ point sonnet37 / easy: value: 56 → 60"],
    ),
    (
        G + "cyber-tasks-treemap.yaml",
        lambda d: (d["items"][0]["children"][1].update(value=11), d["items"][1]["children"].pop()),
        [
            '- item "Medium (13 tasks)" › "Not solved"',
            '~ item "Easy (23 tasks)" › "Not solved": value: 10 → 11',
        ],
    ),
    (
        G + "faithfulness-ishikawa.yaml",
        lambda d: (
            d["causes"][0]["causes"].append("A new cause"),
            d["causes"][1].update(label="Scores"),
        ),
        [
            '+ cause "Hints" › "A new cause"',
            '~ cause "Scores": label: Faithfulness scores → Scores',
        ],
    ),
    (
        G + "evaluation-domains-venn.yaml",
        lambda d: (d["sets"]["cyber"].update(label="Cyber"), d["overlaps"].pop(0)),
        [
            '~ set cyber "Cyber": label: Cybersecurity → Cyber',
            '- overlap "Agentic task evaluations" (sets autonomy, cbrn)',
        ],
    ),
    (
        G + "system-card-tree.yaml",
        lambda d: (
            d["items"][0]["children"][2].update(description="changed"),
            d["items"][0]["children"].pop(),
        ),
        [
            '- item "Claude 3.7 Sonnet system card" › "Third-party assessments"',
            '~ item "Claude 3.7 Sonnet system card" › "Appropriate harmlessness": description: 45% fewer unnecessary refusals in standard mode → changed',
        ],
    ),
    (
        G + "thinking-wardley.yaml",
        lambda d: (d["components"].update({"Encryption": [0.2, 0.7]}), d["links"].pop(0)),
        [
            '~ component "Encryption": at: [0.2, 0.6] → [0.2, 0.7]',
            '- link Users → Extended thinking "toggle on or off"',
        ],
    ),
    (
        G + "refusals-cynefin.yaml",
        lambda d: (
            d["domains"]["clear"].append("New clear item"),
            d["transitions"][0].update(label="feedback"),
        ),
        [
            '+ item "New clear item"',
            '~ transition complex → complicated "feedback": label: Rounds of FRT and AST feedback → feedback',
        ],
    ),
    (
        G + "thinking-railroad.yaml",
        lambda d: d["rules"]["safety_level"][1]["choice"].append({"terminal": "4"}),
        [
            '~ rule "safety_level": expression: [{"terminal": "ASL-"}, {"choice": [{"terminal": "2"}, {"terminal": "3"}]}] → [{"terminal": "ASL-"}, {"choice": [{"terminal": "2"}, {"terminal": "3"}, {"terminal": "4"}]}]'
        ],
    ),
    (
        G + "thinking-eventmodeling.yaml",
        lambda d: (d["frames"][0].update(data="changed"), d["frames"].pop()),
        [
            '- frame "ThinkingEncrypted"',
            '~ frame "ChatSettings": data: extended thinking: on or off → changed',
        ],
    ),
    (
        G + "computer-use-mitigations-block.yaml",
        lambda d: d["blocks"][2]["blocks"].pop(0),
        ['- block training "Harmlessness training"'],
    ),
    (
        G + "prompt-injection-sequence.yaml",
        lambda d: d["boxes"][0]["participants"].append("environment"),
        [
            '~ box "Safeguards" (participants classifier, environment): participants: classifier → classifier, environment'
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "edit", "expected"), MORE_EDITS, ids=[n.split("/")[-1] for n, _, _ in MORE_EDITS]
)
def test_typical_edits_of_the_other_kinds(
    name: str, edit: Callable[[dict[str, Any]], Any], expected: list[str]
) -> None:
    assert changes_after(name, edit) == expected
