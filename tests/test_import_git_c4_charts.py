"""Import of git graphs, C4, quadrant charts, requirement diagrams, XY charts, kanban boards,
packets, radar charts and treemaps: round trips through Mermaid's own parser.

Corpus: Mermaid's documentation examples of those kinds (@mermaid-js/examples), this
project's gallery outputs, and hand-written cases covering each kind's syntax. import →
render gives a diagram Mermaid reads into the same db contents (compared after the
normalisations named in `normalized`); render → import → render is a fixed point; what a spec
cannot say comes back as a warning with its line; `adopt` converts a Markdown block of each.
"""

from __future__ import annotations

import os
import random
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from importcheck import (
    MODULES,
    Trips,
    assert_fixed_points,
    documentation_examples,
    gallery_outputs,
    render,
    warnings_of,
)

from specmaid.cli.group import main
from specmaid.importing.dispatch import ImportResult, import_diagram
from specmaid.importing.helpers import importer_for
from specmaid.mermaid.bridge import ParseResult, parse_diagrams

#: example id in @mermaid-js/examples → the header of the kind's gallery outputs
KINDS = {
    "gitGraph": "gitGraph",
    "c4": "C4",
    "quadrantChart": "quadrantChart",
    "requirement": "requirementDiagram",
    "xychart": "xychart",
    "kanban": "kanban",
    "packet": "packet",
    "radar": "radar-beta",
    "treemap": "treemap-beta",
}

HANDWRITTEN = {
    "gitgraph-flow": 'gitGraph\n    accTitle: Releases\n    commit\n    branch develop\n    commit id: "feature-a"\n    checkout main\n    commit type: REVERSE\n    branch hotfix\n    commit id: "fix" type: HIGHLIGHT tag: "v1.0.1"\n    checkout main\n    merge hotfix\n    checkout develop\n    merge main id: "sync" type: REVERSE tag: "synced"\n    cherry-pick id: "fix"\n    switch main\n    branch empty\n',
    "gitgraph-orders": "---\nconfig:\n  gitGraph:\n    mainBranchName: trunk\n    mainBranchOrder: 2\n---\ngitGraph BT:\n    commit\n    branch a order: 3\n    commit\n    checkout trunk\n    branch b order: 1\n    commit\n    branch c\n    commit\n",
    "gitgraph-lost": 'gitGraph\n    %% the release train\n    commit id: "one" msg: "first commit"\n    commit tag: "v1" tag: "stable"\n    branch side\n    commit id: "two"\n    checkout main\n    cherry-pick id: "two" tag: "picked" tag: "again"\n',
    "gitgraph-untagged-pick": 'gitGraph\n    commit id: "a"\n    branch side\n    commit id: "b"\n    checkout main\n    cherry-pick id: "b" tag: ""\n    cherry-pick id: "b" tag: "again"\n',
    "c4-container": 'C4Container\n    title Shop: containers\n    accDescr: The shop\n    Person_Ext(buyer, "Buyer", "Buys things", $link="https://example.org/buyer")\n    System_Boundary(shop, "Shop") {\n        Container(web, "Web app", "TypeScript", "Serves pages")\n        ContainerQueue(jobs, "Jobs", "Redis")\n        Container_Boundary(data, "Data") {\n            ContainerDb(db, "Orders DB", "Postgres")\n        }\n    }\n    System(mail, "Mail")\n    Rel(buyer, web, "Browses", "HTTPS")\n    Rel_R(web, jobs, "Queues")\n    Rel_Down(jobs, db, "Writes", $link="https://example.org/w")\n    BiRel(web, mail, "Mails")\n    Rel_L(mail, buyer, "Notifies")\n    UpdateElementStyle(buyer, $bgColor="grey", $borderColor="#333")\n    UpdateRelStyle(buyer, web, $textColor="blue", $offsetY="-20")\n    UpdateLayoutConfig($c4ShapeInRow="2", $c4BoundaryInRow="1")\n',
    "c4-deployment": 'C4Deployment\n    title Where it runs\n    Deployment_Node(cloud, "Cloud", "AWS") {\n        Node_R(vm, "VM", "Ubuntu 22.04", "Two cores") {\n            Container(api, "API", "Go")\n        }\n        Node(store, "Store") {\n            ContainerDb(s3, "Bucket", "S3")\n        }\n    }\n    Boundary(client, "Client side", "BROWSER") {\n        Component(ui, "UI", "React", "Draws")\n    }\n    Rel(ui, api, "Calls", "JSON")\n    Rel_U(api, s3, "Stores")\n    Rel_Back(s3, api, "Reads")\n',
    "c4-lost": '---\ntitle: Shown nowhere\n---\nC4Component\n    Person(user-1, "User", $sprite="person", $tags="vip")\n    Component(x, "X", "Java", "Does", $tags="core")\n    System_Boundary(b, "B") {\n        System(s, "S")\n    }\n    Rel(user-1, x, "Uses", "HTTP", "every day")\n    Rel(x, b, "Lives in")\n    UpdateElementStyle(b, $bgColor="red")\n    UpdateElementStyle(x, $shape="RoundedBoxShape")\n',
    "quadrant-styles": "---\nconfig:\n  quadrantChart:\n    chartWidth: 400\n    pointRadius: 4\n---\nquadrantChart\n    title Risk review\n    accTitle: Risks\n    x-axis Unlikely --> Likely\n    y-axis Minor --> Severe\n    quadrant-1 Act now\n    quadrant-2 Plan\n    quadrant-3 Accept\n    quadrant-4 Watch\n    Data loss: [0.2, 0.9] radius: 12, color: #ff0000, stroke-color: #10f, stroke-width: 3px\n    Outage:::hot: [0.75, 0.8]\n    Typo: [0, 0.05]\n    Slow page:::calm: [1, 0.3] radius: 6\n    classDef hot color: #f96, radius: 10\n    classDef calm stroke-color: #333333, stroke-width: 1px\n",
    "quadrant-partial": "quadrantChart\n    x-axis Cheap -->\n    y-axis Slow\n    quadrant-3 Avoid\n    Option A: [0.5, 0.5]\n",
    "quadrant-lost": 'quadrantChart\n    x-axis Low --> High\n    y-axis "`**Bold** axis`"\n    Point A:::ghost: [0.1, 0.2]\n',
    "requirement-everything": 'requirementDiagram\n    direction RL\n    accDescr: Brakes\n    requirement stop {\n        id: R1\n        text: Stops within 4 m.\n        risk: High\n        verifymethod: Test\n    }\n    functionalRequirement "lever pull" {\n        id: "1.1"\n        risk: low\n        verifymethod: analysis\n    }\n    interfaceRequirement bus {\n    verifyMethod: inspection\n    }\n    performanceRequirement speed {\n    risk: medium\n    verifymethod: demonstration\n    }\n    physicalRequirement weight {\n    text: "under 2 kg"\n    }\n    designConstraint ip67:::hot {\n    }\n    element controller {\n        type: hardware\n        docRef: "specs/brake-controller"\n    }\n    element road_tests:::calm {\n    }\n    stop - contains -> "lever pull"\n    stop - copies -> bus\n    "lever pull" - derives -> ip67\n    controller - satisfies -> stop\n    road_tests - verifies -> speed\n    weight - refines -> stop\n    bus - traces -> weight\n    ip67 <- contains - speed\n    classDef hot fill:#f96,stroke:#333\n    classDef calm fill:#cfc\n    class controller calm\n    style stop fill:#ff0,stroke-width:2px\n    style controller stroke:#00f\n',
    "requirement-markdown": 'requirementDiagram\n    requirement md {\n    text: "Must be **fast**"\n    }\n',
    "xychart-ranges": "---\nconfig:\n  xyChart:\n    showLegend: true\n---\nxychart-beta\n    title \"Latency; p50 & p99\"\n    accTitle: Latency\n    accDescr: Two lines\n    x-axis \"Load (rps)\" 100 --> 500\n    y-axis \"ms\"\n    line \"p50\" [12, 14.5, 20, 31, 48]\n    line \"p99\" [40, 52, 75, 120, 260]\n    bar [1, 2, 3, 4, 5]\n",
    "xychart-bare": "xychart-beta horizontal\n    bar [3, -1, 4.25]\n    line [2, 2, 2]\n",
    "xychart-lost": 'xychart-beta\n    x-axis [a, b, c]\n    bar [1, 2, 3, 4]\n    line [1, 2]\n',
    "kanban-board": "---\nconfig:\n  kanban:\n    ticketBaseUrl: 'https://example.org/t/#TICKET#'\n---\nkanban\n  backlog[Backlog]\n    a1[Write the \"spec\" & tests]@{ ticket: 101, assigned: 'Ada', priority: 'Very Low' }\n    [Plain task]\n  wip[In progress]\n    b2(Review #42)@{ priority: 'High' }\n  [Done]\n  end\n    c3[Ship]@{ assigned: 'Grace', priority: 'Low' }\n",
    "kanban-lost": "---\ntitle: Sprint 7\n---\nkanban\n  todo\n    t[Fix]@{ priority: 'Urgent' }\n    ::icon(fa fa-bug)\n",
    "packet-rows": '---\nconfig:\n  packet:\n    bitsPerRow: 16\n---\npacket\n    title "Frame; v2"\n    accDescr: A frame\n    0-3: "Version"\n    +4: "IHL"\n    8-23: "Crosses a row"\n    +1: "A"\n    +1: "A"\n    26-47: "Payload #1 & <more>"\n',
    "radar-options": 'radar-beta\n    title Skills; "team" A\n    accTitle: Skills\n    axis tk["Ticks #1"], b2["Build & ship"]\n    axis c["Care"]\n    curve x["Ann"]{ c: 3, tk: 1.5, b2: 4 }\n    curve y{2, 2, 2}\n    min 1\n    max 6\n    ticks 3\n    graticule polygon\n    showLegend false\n',
    "radar-lost": "radar-beta\n    axis a, b, c\n    curve ok{1, 2, 3}\n    curve short{1, 2}\n",
    "treemap-nested": '---\nconfig:\n  treemap:\n    valueFormat: "$0,0"\n---\ntreemap-beta\n    title Budget; "2025"\n    accDescr: Where it goes\n    "Home & garden"\n        "Rent": 1400.5\n        "Power #1": 220:::hot\n        "Deep"\n            "Deeper": 3\n    "Food":::calm\n        "Groceries": 480\n    "Savings": 0\n\n    classDef hot fill:#f96,stroke:#333,stroke-width:2px;\n    classDef calm fill:#cfc\n',
    "treemap-lost": 'treemap-beta\n"Nothing"\n"Styled": 2:::ghost\n',
}  # fmt: skip

CORPUS = [
    *documentation_examples(list(KINDS)),
    *(item for header in KINDS.values() for item in gallery_outputs(header)),
    *HANDWRITTEN.items(),
]

_AUTO_ID_RE = re.compile(r"^(\d+)-[0-9a-z]{7}$")


def _gitgraph(graph: dict[str, Any]) -> dict[str, Any]:
    """Commits in sequence with Mermaid's random ids replaced by their sequence number; the
    message only of merges (a spec's commit has no message: reported), the first tag only
    (reported; a cherry-pick's too, which a spec writes unless it is Mermaid's default)."""
    commits = sorted((graph.get("commits") or {}).values(), key=lambda c: c["seq"])

    def ident(commit_id: str | None) -> str | None:
        match = _AUTO_ID_RE.match(commit_id or "")
        return f"#{match.group(1)}" if match else commit_id

    return {
        "direction": graph.get("direction"),
        "branchOrder": graph.get("branchOrder"),
        "lanes": graph.get("lanes"),
        "heads": {b: ident(h) for b, h in (graph.get("branches") or {}).items()},
        "commits": [
            (
                ident(c["id"]),
                c["seq"],
                c["type"],
                c.get("customType"),
                [ident(p) for p in c["parents"]],
                c["branch"],
                c["message"] if c["type"] == 3 else None,
                c["tags"][:1],
            )
            for c in commits
        ],
    }


def _c4(graph: dict[str, Any]) -> dict[str, Any]:
    """Shapes per boundary in order (a spec writes a boundary's elements inside it, the others
    after the boundaries), without what a spec does not keep (reported): sprites, tags, shapes,
    relation descriptions, relations to boundaries; a person's or system's technology is empty;
    aliases a spec cannot use are renamed (`-` → `_`, reported)."""

    def alias(value: str) -> str:
        return value.replace("-", "_")

    def text(value: Any) -> str:
        return str(value.get("text") or "") if isinstance(value, dict) else str(value or "")

    shapes: dict[str, list[Any]] = {}
    for shape in graph.get("c4ShapeArray") or []:
        kind = text(shape.get("typeC4Shape"))
        shapes.setdefault(shape.get("parentBoundary"), []).append(
            (
                alias(shape["alias"]),
                kind,
                text(shape.get("label")),
                text(shape.get("techn")) if "container" in kind or "component" in kind else "",
                text(shape.get("descr")),
                text(shape.get("link")),
                [shape.get(k) for k in ("bgColor", "fontColor", "borderColor")],
            )
        )
    aliases = {alias(s["alias"]) for s in graph.get("c4ShapeArray") or []}
    return {
        "level": graph.get("c4Type"),
        "c4Title": graph.get("c4Title"),
        "layout": (graph.get("shapeInRow"), graph.get("boundaryInRow")),
        "shapes": shapes,
        "boundaries": [
            (
                b["alias"],
                text(b.get("label")),
                text(b.get("type")),
                text(b.get("descr")),
                b.get("nodeType"),
                b.get("parentBoundary"),
            )
            for b in graph.get("boundaries") or []
        ],
        "rels": [
            (
                r["type"],
                alias(r["from"]),
                alias(r["to"]),
                text(r.get("label")),
                text(r.get("techn")),
                text(r.get("link")),
                [r.get(k) for k in ("textColor", "lineColor", "offsetX", "offsetY")],
            )
            for r in graph.get("rels") or []
            if alias(r["from"]) in aliases and alias(r["to"]) in aliases
        ],
    }


def _quadrant(graph: dict[str, Any]) -> dict[str, Any]:
    """What the parser handed the db: texts trimmed (as the db keeps them) and without their
    markdown flag (reported), points in order, classDefs by name (the db resolves them when it
    draws, so where they stand does not matter), style lists as name → value, a point's class
    only if defined (reported: Mermaid draws it with the default style)."""

    def value(arg: Any) -> Any:
        if isinstance(arg, dict):
            return str(arg["text"]).strip()
        if isinstance(arg, list):
            return sorted((k.strip(), v.strip()) for k, _, v in (s.partition(":") for s in arg))
        return arg

    calls = [(method, [value(a) for a in args]) for method, args in graph.get("calls") or []]
    classes = {args[0]: args[1] for method, args in calls if method == "addClass"}
    points = [
        (args[0], args[1] if args[1] in classes else "", float(args[2]), float(args[3]), args[4])
        for method, args in calls
        if method == "addPoint"
    ]
    texts = {
        method: args[0]
        for method, args in calls
        if method not in ("addPoint", "addClass", "setDiagramTitle")
    }
    return {"texts": texts, "points": points, "classes": classes}


def _requirement(graph: dict[str, Any]) -> dict[str, Any]:
    """Nodes by name with their styles as a multiset (a spec writes classes on the definition
    and `style` statements last; the db appends styles in statement order)."""

    def node(item: dict[str, Any]) -> dict[str, Any]:
        fields = {k: v for k, v in item.items() if k not in ("cssStyles", "classes")}
        return {
            **fields,
            "classes": item.get("classes"),
            "cssStyles": sorted(str(s).strip() for s in item.get("cssStyles") or []),
        }

    return {
        "direction": graph.get("direction"),
        "requirements": {n: node(r) for n, r in (graph.get("requirements") or {}).items()},
        "elements": {n: node(e) for n, e in (graph.get("elements") or {}).items()},
        "relationships": graph.get("relationships"),
        "classes": graph.get("classes"),
    }


def _xychart(graph: dict[str, Any]) -> dict[str, Any]:
    """What the parser handed the db: the last setting of each axis part, texts without their
    markdown flag; series in order, their values cut to the categories as Mermaid draws them,
    without series with fewer values than categories (reported)."""

    def value(arg: Any) -> Any:
        if isinstance(arg, dict):
            return arg.get("value", arg.get("text"))
        if isinstance(arg, list):
            return [value(a) for a in arg]
        return arg

    settings: dict[str, Any] = {}
    series = []
    for method, args in graph.get("calls") or []:
        if method in ("setBarData", "setLineData"):
            series.append((method, value(args[0]), value(args[1])))
        elif method != "setDiagramTitle":
            settings[method] = value(args)
    categories = (settings.get("setXAxisBand") or [None])[0]
    if categories is not None:
        series = [
            (method, name, values[: len(categories)])
            for method, name, values in series
            if len(values) >= len(categories)
        ]
    return {"settings": settings, "series": series}


def _kanban(graph: dict[str, Any]) -> dict[str, Any]:
    """What the board draws, without the ids (never drawn; specmaid writes its own for
    columns), icons and priorities a spec cannot name (both reported)."""
    nodes = (graph.get("data") or {}).get("nodes") or []
    priorities = ("Very High", "High", "Low", "Very Low")
    return {
        "columns": [
            (
                column["label"],
                [
                    (
                        item["label"],
                        item.get("ticket"),
                        item.get("assigned"),
                        item.get("priority") if item.get("priority") in priorities else None,
                    )
                    for item in nodes
                    if item.get("parentId") == column["id"]
                ],
            )
            for column in nodes
            if column.get("isGroup")
        ]
    }


def _radar(graph: dict[str, Any]) -> dict[str, Any]:
    """Labels, values and options; no ids (never drawn: specmaid renames ids its grammar
    would misread), no curve with a value count other than the axes' (reported)."""
    axes = graph.get("axes") or []
    return {
        "axes": [a["label"] for a in axes],
        "curves": [
            (c["label"], c["entries"])
            for c in graph.get("curves") or []
            if len(c["entries"]) == len(axes)
        ],
        "options": graph.get("options"),
    }


def _treemap(graph: dict[str, Any]) -> dict[str, Any]:
    """The tree without what a spec cannot hold (reported): items with neither value nor
    children, classes with no classDef; classDef styles without a `;`."""
    classes = graph.get("classes") or {}

    def node(item: dict[str, Any]) -> Any:
        children = [c for c in (node(child) for child in item.get("children") or []) if c]
        if not children and item.get("value") is None:
            return None
        selector = item.get("classSelector")
        return (
            item["name"],
            item.get("value"),
            selector if selector in classes else None,
            [s.rstrip(";") for s in item.get("cssCompiledStyles") or []],
            children,
        )

    return {
        "root": [
            n for n in (node(c) for c in (graph.get("root") or {}).get("children") or []) if n
        ],
        "classes": {
            name: [s.rstrip(";") for s in c.get("styles") or []] for name, c in classes.items()
        },
    }


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read, without what cannot matter (named per kind)."""
    assert result.ok, result.error
    graph = result.graph or {}
    out: dict[str, Any] = {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
    }
    if result.diagram_type == "gitGraph":
        out.update(_gitgraph(graph))
    elif result.diagram_type == "c4":
        out.update(_c4(graph))
    elif result.diagram_type == "requirement":
        out.update(_requirement(graph))
    elif result.diagram_type == "xychart":
        out.update(_xychart(graph))
    elif result.diagram_type == "kanban":
        out.update(_kanban(graph))
    elif result.diagram_type == "packet":
        out["packet"] = graph.get("packet")
    elif result.diagram_type == "radar":
        out.update(_radar(graph))
    elif result.diagram_type == "treemap":
        out.update(_treemap(graph))
    elif result.diagram_type == "quadrantChart":
        out.update(_quadrant(graph))
    return out


def imported(result: ParseResult, text: str) -> ImportResult:
    """What `import` makes of a diagram Mermaid has already read (as import_diagram does,
    without a Node process per diagram)."""
    assert result.ok, (result.name, result.error)
    importer = importer_for(str(result.diagram_type))
    assert importer is not None, result.diagram_type
    spec, warnings = importer(result, text, result.name, 1)
    return ImportResult(spec, warnings)


@cache
def parsed_trips() -> tuple[Trips, dict[str, tuple[ParseResult, ParseResult]]]:
    """The round trips (as importcheck.round_trips) and, per name, what Mermaid reads from
    the original and from import → render: two Node calls for the whole corpus."""
    root = Path(tempfile.mkdtemp())
    originals = parse_diagrams(CORPUS)
    firsts: dict[str, tuple[str, list[str]]] = {}
    for result, (name, text) in zip(originals, CORPUS, strict=True):
        first = imported(result, text)
        firsts[name] = (render(first.yaml(), root), [str(w) for w in first.warnings])
    again = parse_diagrams([(name, first) for name, (first, _) in firsts.items()])
    trips: Trips = {}
    reads = {}
    for original, result, (name, text) in zip(originals, again, CORPUS, strict=True):
        first, warnings = firsts[name]
        second = render(imported(result, first).yaml(), root)
        trips[name] = (text, first, second, warnings)
        reads[name] = (original, result)
    return trips, reads


def trips() -> Trips:
    return parsed_trips()[0]


def read_backs() -> dict[str, tuple[ParseResult, ParseResult]]:
    return parsed_trips()[1]


def test_corpus_covers_every_kind() -> None:
    names = [n for n, _ in CORPUS]
    for kind in KINDS:
        assert any(n.startswith(f"examples:{kind}") for n in names), kind
    for header in KINDS.values():
        assert any(t.split("%%")[-1].lstrip().startswith(header) for _, t in CORPUS), header


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    original, imported = read_backs()[name]
    assert normalized(imported) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    assert_fixed_points(trips())


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    warnings = warnings_of(trips())
    assert warnings["gitgraph-flow"] == []
    assert warnings["gitgraph-orders"] == []
    assert warnings["gitgraph-lost"] == [
        "gitgraph-lost:3: warning: the message of commit 'one' ('first commit') was not"
        " imported: a spec's commit has an id and a tag, not a message",
        "gitgraph-lost:4: warning: commit 2 has 2 tags; a spec's commit has one, so only 'v1'"
        " was kept",
        "gitgraph-lost:8: warning: the cherry-pick of 'two' has 2 tags; a spec's has one, so"
        " only 'picked' was kept",
    ]
    assert warnings["gitgraph-untagged-pick"] == []
    assert warnings["c4-container"] == warnings["c4-deployment"] == []
    assert warnings["quadrant-styles"] == warnings["quadrant-partial"] == []
    assert warnings["requirement-everything"] == []
    assert warnings["xychart-ranges"] == warnings["xychart-bare"] == []
    assert warnings["kanban-board"] == warnings["packet-rows"] == []
    assert warnings["radar-options"] == warnings["treemap-nested"] == []
    assert warnings["treemap-lost"] == [
        "treemap-lost:2: warning: 'Nothing' was not imported: it has neither a value nor children",
        "treemap-lost:3: warning: the class 'ghost' of 'Styled' was not imported: it has no"
        " classDef",
    ]
    assert warnings["radar-lost"] == [
        "radar-lost:4: warning: curve 'short' was not imported: it has 2 values for 3 axes (a"
        " spec's curve has one per axis)"
    ]
    assert warnings["kanban-lost"] == [
        "kanban-lost:2: warning: the title 'Sprint 7' was not imported: kanban boards do not"
        " draw one",
        "kanban-lost:6: warning: the priority 'Urgent' of task 'Fix' was not imported: a spec's"
        " is one of Very High, High, Low, Very Low",
        "kanban-lost:7: warning: the icon 'fa fa-bug' of task 'Fix' was not imported: a spec's"
        " task has none",
    ]
    assert warnings["xychart-lost"] == [
        "xychart-lost:3: warning: series 1 has 4 values for 3 categories; Mermaid leaves out"
        " the last 1, and so does the import",
        "xychart-lost:4: warning: series 2 was not imported: it has 2 values for 3 categories"
        " (a spec's series has one per category)",
    ]
    assert warnings["requirement-markdown"] == [
        "requirement-markdown:3: warning: the text of 'md' ('Must be **fast**') has Markdown,"
        " which Mermaid draws as such: a spec's text is drawn as typed"
    ]
    assert warnings["quadrant-lost"] == [
        "quadrant-lost:3: warning: the markdown of the y-axis text was not imported: a quadrant"
        " chart's spec text is drawn as written",
        "quadrant-lost:4: warning: the class 'ghost' of point 'Point A' was not imported: it"
        " has no classDef",
    ]
    assert warnings["c4-lost"] == [
        "c4-lost:2: warning: the front-matter title 'Shown nowhere' was not imported: C4"
        " diagrams draw only their `title` statement",
        "c4-lost:5: warning: the alias 'user-1' is not one a spec can use; written as 'user_1'",
        "c4-lost:5: warning: not imported: the sprite of element 'user-1' ('person')",
        "c4-lost:5: warning: not imported: the tags of element 'user-1' ('vip')",
        "c4-lost:6: warning: not imported: the tags of element 'x' ('core')",
        "c4-lost:13: warning: not imported: the shape of element 'x' ('RoundedBoxShape')",
        "c4-lost:12: warning: not imported: the bgColor of boundary 'b' (a spec's boundary has"
        " none)",
        "c4-lost:10: warning: the description of the relation from 'user-1' to 'x' ('every"
        " day') was not imported: a spec's relation has a label and a technology",
        "c4-lost:11: warning: the relation from 'x' to 'b' was not imported: a spec's relations"
        " join elements",
    ]


def test_gitgraph_steps_as_written() -> None:
    spec = import_diagram(HANDWRITTEN["gitgraph-orders"], "g").spec
    assert spec["direction"] == "BT"
    # Each branch is created as soon as its base commit exists (b from a: the same commit),
    # and the orders are the smallest that draw the lanes as Mermaid drew them.
    assert spec["steps"] == [
        {"commit": None},
        {"branch": "a", "order": 2},
        {"branch": "b", "order": 1},
        {"checkout": "a"},
        {"commit": None},
        {"checkout": "b"},
        {"commit": None},
        {"branch": "c"},
        {"commit": None},
    ]


def _random_git_graph(rng: random.Random) -> str:
    """Commits (with and without ids), branches (some ordered), checkouts, merges and
    cherry-picks in random order; Mermaid refuses some, which are left out."""
    lines, branches, ids = ["gitGraph"], ["main"], []
    for n in range(rng.randint(3, 14)):
        roll = rng.random()
        if roll < 0.4:
            ids.append(f"c{n}")
            lines.append(f'  commit id: "c{n}"' if rng.random() < 0.5 else "  commit")
        elif roll < 0.6:
            branches.append(f"b{len(branches)}")
            order = f" order: {rng.randint(0, 4)}" if rng.random() < 0.3 else ""
            lines.append(f"  branch {branches[-1]}{order}")
        elif roll < 0.8:
            lines.append(f"  checkout {rng.choice(branches)}")
        elif roll < 0.93:
            lines.append(f"  merge {rng.choice(branches)}")
        elif ids:
            lines.append(f'  cherry-pick id: "{rng.choice(ids)}"')
    return "\n".join(lines) + "\n"


def test_random_git_graphs_round_trip(tmp_path: Path) -> None:
    """The steps rebuilt from the commits make the same commits, parents, branches and lanes
    whatever order branches were made and left in (SPECMAID_DEEP=1: many more graphs)."""
    rng = random.Random(int(os.environ.get("SPECMAID_FUZZ_SEED", "19")))
    wanted = 200 if os.environ.get("SPECMAID_DEEP") else 12
    candidates = [(f"g{n}", _random_git_graph(rng)) for n in range(wanted * 4)]
    originals = [r for r in parse_diagrams(candidates) if r.ok][:wanted]
    assert len(originals) == wanted
    texts = dict(candidates)
    rendered = [(r.name, render(imported(r, texts[r.name]).yaml(), tmp_path)) for r in originals]
    for original, again in zip(originals, parse_diagrams(rendered), strict=True):
        assert normalized(again) == normalized(original), texts[original.name]


#: one block of each kind for `adopt`
ADOPTED = [
    "gitgraph-flow",
    "c4-container",
    "quadrant-styles",
    "requirement-everything",
    "xychart-ranges",
    "kanban-board",
    "packet-rows",
    "radar-options",
    "treemap-nested",
]


def test_adopt_converts_a_block_of_each_kind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(MODULES))
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    blocks = [HANDWRITTEN[name] for name in ADOPTED]
    (tmp_path / "doc.md").write_text(
        "".join(f"Diagram {n}:\n\n```mermaid\n{block}```\n\n" for n, block in enumerate(blocks))
    )
    adopted = CliRunner().invoke(main, ["adopt", "doc.md"])
    assert adopted.exit_code == 0, adopted.output
    doc = (tmp_path / "doc.md").read_text()
    assert doc.count("<!-- specmaid: specs/doc/") == len(blocks)
    assert CliRunner().invoke(main, ["check"]).exit_code == 0
    embedded = [part.split("```", 1)[0] for part in doc.split("```mermaid\n")[1:]]
    results = {
        r.name: r
        for r in parse_diagrams(
            [(f"o{n}", b) for n, b in enumerate(blocks)]
            + [(f"e{n}", t) for n, t in enumerate(embedded)]
        )
    }
    for n in range(len(blocks)):
        assert normalized(results[f"e{n}"]) == normalized(results[f"o{n}"]), ADOPTED[n]
