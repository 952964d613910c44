"""Import of the newer kinds (block, architecture, ishikawa, venn, tree view, wardley, cynefin,
railroad, event modeling, swimlane): round trips through Mermaid's own parser.

The corpus is Mermaid's documentation examples of those kinds (@mermaid-js/examples, not copied
here), this project's gallery outputs of those kinds, and hand-written cases covering each
kind's syntax. import → render gives a diagram Mermaid reads into the same db contents
(compared after the normalisations each kind's function names); render → import → render is a
fixed point; what a spec cannot say comes back as a warning with its line.
"""

from __future__ import annotations

import json
import re
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from importcheck import Trips, documentation_examples, gallery_outputs, render

from specmaid.importing.dispatch import ImportResult
from specmaid.importing.helpers import importer_for
from specmaid.kinds.eventmodeling.importer import TYPES, drawn_data
from specmaid.mermaid.bridge import ParseResult, parse_diagrams

#: kind → (the ids of its @mermaid-js/examples entries, the headers of its Mermaid text).
#: The examples package has no swimlanes: the gallery's and the hand-written ones cover it.
KINDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "block": (("block",), ("block-beta",)),
    "architecture": (("architecture",), ("architecture-beta",)),
    "ishikawa": (("ishikawa",), ("ishikawa-beta",)),
    "venn": (("venn",), ("venn-beta",)),
    "tree_view": (("treeView",), ("treeView-beta",)),
    "wardley": (("wardley",), ("wardley-beta",)),
    "cynefin": (("cynefin",), ("cynefin-beta",)),
    "railroad": (
        ("railroad", "railroadEbnf", "railroadAbnf", "railroadPeg"),
        ("railroad-beta", "railroad-ebnf-beta", "railroad-abnf-beta", "railroad-peg-beta"),
    ),
    "eventmodeling": (("eventmodeling",), ("eventmodeling",)),
    "swimlane": ((), ("swimlane-beta",)),
}

HANDWRITTEN = {
    "block-everything": 'block-beta\n  columns 3\n  a["Ask #1 & <b>go</b>"]:2 b\n  block:grp:2\n    columns auto\n    c d\n  end\n  block\n    e("Round")\n  end\n  space\n  space:2\n  f<["go"]>(left, up)\n  g[("Store")] h{{"Hex"}} i>"Flag"] j[/"Lean"/] k[\\"Alt"/]\n  a --> b\n  c -- "yes" --> d\n  a <--> f\n  b --- c\n  d --x e\n  e --o f\n  g ==> h\n  h -.-> i\n  classDef red fill:#f00,stroke:#000\n  class a,b red\n  style c fill:#0f0,stroke-width:2px\n',
    "block-unknown-class": "block-beta\n  a b\n  class a ghost\n",
    "block-chained-link": 'block-beta\n  columns 3\n  a["Frontend"] b c\n  a --> b ==> c\n  b --> c\n',
    "architecture-everything": 'architecture-beta\n    title Arch\n    accTitle: Parts\n    accDescr: How it fits\n    group api(cloud)[API]\n    group inner(server)[Inner] in api\n    service db(database)[Database] in api\n    service disk1(disk)[Storage] in inner\n    service txt "T"[Texty]\n    service ext(logos:aws)["Quoted [x]"]\n    junction j1 in api\n    db:L <--> R:disk1\n    db:T -[uses]-> B:txt\n    txt:R <-- L:ext\n    disk1{group}:R --> L:ext\n    j1:B -- T:db\n    align column db txt\n    align row txt ext\n',
    "architecture-bare": "architecture-beta\n    group g[Plain]\n    service s[Alone] in g\n    service t(server)[Other]\n    s{group}:R -- L:t{group}\n",
    "ishikawa-hostile": "---\ntitle: Late releases\n---\nishikawa-beta\n    Release #42 slips &amp; <b>why</b><br/>again\n    People\n        #105;shikawa fans; \"quotes\"\n            Too few reviewers\n                Hiring freeze\n    Process\n        %% a comment\n        No checklist : none\n    Tools\n",
    "venn-everything": 'venn-beta\n    title Skills\n    set ml["Machine learning"]:20\n        text "PyTorch"\n    set stats["Statistics & #quot;R#quot;"]\n    set "union"\n    union ml,stats["Data science"]:5\n        text ds1["Models"]\n    union ml,stats,"union"\ntext stats "Tests; p < 0.05"\nstyle ds1 color:red\nstyle ml fill:"#ffcc00", fill-opacity:0.4, stroke-dasharray:4\nstyle stats,ml stroke:blue\nstyle ds1 font-weight:bold\n',
    "tree_view-everything": 'treeView-beta\n    title Repository\n    accTitle: Files\n    accDescr: The files of the repository\n    "repo/"\n        src/\n            "main & helpers.py" :::highlight icon(mdi:language-python) ## entry point\n            util.py icon(none)\n        "README.md" ## read me #1\n        empty/\n    "notes.txt"\n',
    "wardley-everything": "wardley-beta\ntitle Tea\naccTitle: Tea map\nsize [1100, 800]\nevolution Genesis@0.2 -> Custom@0.4 -> Product@0.7 -> Commodity@1.0\nanchor Business [0.95, 0.63]\ncomponent Cup of Tea [0.79, 0.61] label [19, -4] (buy) inertia\ncomponent Kettle [0.43, 0.35]\npipeline Kettle {\n  component Electric [0.62] label [-10, 5]\n  component \"Gas; #1\" [30.0]\n}\nBusiness +<> -> Cup of Tea ; likes\nCup of Tea -.-> Kettle\n\"Gas; #1\" +'heats'> Kettle\nevolve Kettle 0.62\nnote \"Standard\" [0.3, 0.7]\nannotations [0.1, 0.1]\nannotation 1, [0.5, 0.5] \"First\"\nannotation 2, [0.6, 0.6] \"Second\"\naccelerator Faster [0.4, 0.4]\ndeaccelerator Slower [0.5, 0.5]\n",
    "wardley-loose": "wardley-beta\nevolution Genesis@0.25 -> Custom -> Product -> Commodity\ncomponent Need [0.9, 0.2]\ncomponent Build [0.5, 0.4] (build)\nNeed +< -> Build\nannotation 3, [0.2, 0.2] \"Only one\"\n",
    "cynefin-everything": "cynefin-beta\n  title T\n  accTitle: A\n  complex\n    \"One #1 \\\"q\\\"\"\n  clear\n  chaotic\n    \"Act\"\n  clear --> chaotic\n  clear --> chaotic : \"again\"\n  chaotic --> chaotic\n  complex --> clear : \"Move\"\n",
    "railroad-everything": "railroad-beta\n    title Lists\n    accTitle: A list grammar\n    list = sequence(terminal(\"[\"), optional(sequence(nonterminal(\"item\"), zeroOrMore(sequence(terminal(\",\"), nonterminal(\"item\"))))), terminal(\"]\"));\n    item = choice(nonterminal(\"number\"), special(\"any \\\"quoted\\\" text\"), terminal(\"#1; <b>\"));\n    number = oneOrMore(nonterminal(\"digit\"));\n",
    "railroadAbnf-limits": "railroad-abnf-beta\n    phone = [ \"+\" country-code ] subscriber ;\n    country-code = 1*3DIGIT ;\n    subscriber = 2*( DIGIT / \"-\" / \" \" ) ;\n    digits = 3DIGIT ;\n",
    "eventmodeling-everything": "eventmodeling\n\ntf 01 ui CartUI\ntf 02 cmd AddItem [[AddItem01]]\ntf 03 evt ItemAdded [[ItemAdded]]\n\nrf 04 evt Warehouse.StockChanged\ntf 05 pcr StockProcessor\ntf 06 cmd UpdateAvailability\ntf 07 evt Shop.AvailabilityUpdated\n\ndata AddItem01 {\n  sku: 'SHIRT-M'\n  quantity: 2\n}\n\ndata ItemAdded {\n  sku: string\n  quantity: number\n}\n\ntf 08 rmo Cart ->> 07 ->> 03 `json`{ \"a\": 1 }\nentity Foo\n",
    "eventmodeling-ids": "---\ntitle: Orders\n---\neventmodeling\ntf 01 ui Shop\ntf 02 cmd Order `json`{ \"id\": 1<br/>\"n\": <i>2</i> }\ntf 03 evt Ordered ->> 02\ntf 04 rmo Orders ->> 03 [[Rows]]\nrf 05 pcr Billing.Biller ->> 04\ntf 09 cmd Bill ->> 05\ndata Rows `json`{\n  {\"id\": 1}\n}\ndata Unused {\n  nothing\n}\n",
    "swimlane-everything": "swimlane-beta LR\n    accTitle: Lanes\n    subgraph a [\"Team A\"]\n        direction TB\n        x[\"Do #1\"]\n        subgraph inner [Inner]\n            direction LR\n            y((Round))\n        end\n    end\n    subgraph b\n        z{Decide}\n    end\n    w[Loose]\n    x --> y\n    y -.->|maybe| z\n    z ==> w\n    classDef hot fill:#f00\n    class z hot\n    style w stroke:#00f\n",
    "swimlane-plain": "swimlane-beta\n    subgraph ops [Operations]\n        a[Start] --> b[Stop]\n    end\n    subgraph dev [Development]\n        c[Code]\n    end\n    b --> c\n",
    "venn-renamed": "venn-beta\n  set B\n  set A:1\n  set \"My set\"\n  union B,A:5\n  union B,\"My set\"\ntext \"My set\" \"hi\"\nstyle \"My set\" fill:red\n",
    "eventmodeling-wrong-source": "eventmodeling\ntf 01 ui Shop\ntf 02 evt Happened ->> 01\n",
    "block-too-wide": "block-beta\n  columns 2\n  a b c:3\n  block:g:2\n    columns 1\n    x:2\n    space:3\n  end\n",
    "architecture-markdown": "architecture-beta\n  group api(cloud)[API]\n  service db(database)[Data `base`] in api\n  service web(server)[Web <b>x</b>] in api\n  db:L -[see https://x.org]- R:web\n",
    "railroad-twice": 'railroad-beta\n  a = terminal("x");\n  b = nonterminal("a");\n  a = terminal("y");\n',
}  # fmt: skip

CORPUS = [
    *documentation_examples([example for examples, _ in KINDS.values() for example in examples]),
    *(
        item
        for _, headers in KINDS.values()
        for header in headers
        for item in gallery_outputs(header)
    ),
    *HANDWRITTEN.items(),
]

_GENERATED_ID_RE = re.compile(r"^id-[0-9a-z]+-\d+(-\d+)?$")


def _block_tree(blocks: list[dict[str, Any]]) -> list[Any]:
    """A block diagram's grid: ids Mermaid generates (spaces, groups without an id) are
    left out (import names an anonymous group `group1`…), `columns auto` is the default."""
    out: list[Any] = []
    for block in blocks:
        generated = _GENERATED_ID_RE.match(str(block.get("id"))) or str(block["id"]).startswith(
            "group"
        )
        out.append(
            (
                None if generated else block["id"],
                block.get("type"),
                block.get("label") if block.get("type") not in ("space",) else None,
                block.get("widthInColumns") or 1,
                block.get("width"),
                max(block.get("columns") or -1, -1),
                block.get("directions"),
                block.get("classes"),
                block.get("styles"),
                _block_tree(block.get("children") or []),
            )
        )
    return out


def _venn(graph: dict[str, Any]) -> dict[str, Any]:
    """A venn diagram's regions (sizes, labels, styles) and the texts drawn in each, with
    the colour their style gives them; statement order, and the name of a text nothing
    styles, are not drawn. Styles of one target merge, as when Mermaid draws them."""
    text_ids = {str(t["id"]) for t in graph.get("textData") or []}
    styles: dict[tuple[str, ...], dict[str, Any]] = {}
    for style in graph.get("styleData") or []:
        styles.setdefault(tuple(style["targets"]), {}).update(style["styles"])
    regions = sorted(
        (tuple(s["sets"]), round(s["size"], 9), s.get("label"), styles.get(tuple(s["sets"])))
        for s in graph.get("subsetData") or []
    )
    texts: dict[tuple[str, ...], list[Any]] = {}
    for entry in graph.get("textData") or []:
        color = styles.get((str(entry["id"]),), {}).get("color")
        shown = entry.get("label") if entry.get("label") is not None else entry["id"]
        texts.setdefault(tuple(entry["sets"]), []).append((shown, color))
    unknown = [t for t in styles if len(t) == 1 and t[0] in text_ids]
    return {"regions": regions, "texts": texts, "text styles": len(unknown) > 0}


def normalized(result: ParseResult) -> dict[str, Any]:
    """What Mermaid read, per kind (see each kind's branch for what is left out)."""
    assert result.ok, result.error
    graph = result.graph or {}
    out: dict[str, Any] = {
        "type": result.diagram_type,
        "title": result.title,
        "config": result.config,
        "acc": (result.acc_title, result.acc_description),
    }
    if result.diagram_type == "block":
        out["columns"] = graph.get("rootColumns")
        out["blocks"] = _block_tree(graph.get("blocks") or [])
        out["edges"] = graph.get("edges")
        out["classes"] = graph.get("classes")
    elif result.diagram_type == "architecture":
        parents = {n["id"]: n.get("in") for n in graph.get("nodes") or []}

        def end(edge: dict[str, Any], side: str) -> Any:
            # `id{group}` is the border of id's group: which member names it does not matter.
            node = edge[f"{side}Id"]
            at_group = edge[f"{side}Group"] and parents.get(node)
            return ("group", parents[node]) if at_group else node

        out["groups"] = graph.get("groups")
        out["nodes"] = sorted(
            ({k: v for k, v in n.items() if k != "edges"} for n in graph.get("nodes") or []),
            key=lambda n: n["id"],
        )
        out["edges"] = [
            (
                end(e, "lhs"),
                e["lhsDir"],
                e["lhsInto"],
                end(e, "rhs"),
                e["rhsDir"],
                e["rhsInto"],
                e.get("title"),
            )
            for e in graph.get("edges") or []
        ]
        out["align"] = graph.get("layoutHints")
    elif result.diagram_type == "ishikawa":
        out["title"] = None  # (the db's title is the effect's text as written: root holds it)
        out["root"] = graph.get("root")
    elif result.diagram_type == "treeView":

        def tree(node: dict[str, Any]) -> Any:
            # (`level` is the indentation Mermaid read; the nesting is what it drew)
            return {
                **{k: v for k, v in node.items() if k not in ("level", "children")},
                "children": [tree(child) for child in node.get("children") or []],
            }

        out["root"] = tree(graph.get("root") or {})
    elif result.diagram_type == "wardley":
        data = graph.get("wardleyData") or {}
        axes = data.get("axes") or {}
        stages, ends = axes.get("stages") or [], axes.get("stageBoundaries") or []
        # Mermaid uses the stage ends only when every stage has one.
        out["axes"] = (stages, ends if len(ends) == len(stages) else [])
        rounded = json.loads(json.dumps(data), parse_float=lambda v: round(float(v), 6))
        out.update({k: v for k, v in rounded.items() if k != "axes"})
        out["annotations"] = [a["text"] for a in data.get("annotations") or []]
    elif result.diagram_type == "cynefin":
        out["domains"] = graph.get("domains")
        out["transitions"] = graph.get("transitions")
    elif str(result.diagram_type).startswith("railroad"):
        out["type"] = "railroad"  # (EBNF, ABNF and PEG build the same drawing)
        # Mermaid draws no railroad title: the db keeps a `title` line's, and its parser
        # clears the front matter's (the spec keeps the title; render warns it is not drawn).
        out["title"] = None
        out["rules"] = graph.get("rules")
    elif result.diagram_type == "eventmodeling":
        model = graph.get("eventModel") or {}
        out["frames"] = [
            {
                **frame,
                "modelEntityType": TYPES[frame["modelEntityType"]],
                "dataInlineValue": drawn_data(frame.get("dataInlineValue") or "", "{").strip(),
            }
            for frame in model.get("frames") or []
        ]
        out["data"] = [
            (d["name"], d.get("dataType"), drawn_data(d["dataBlockValue"], "{\n"))
            for d in model.get("dataEntities") or []
        ]
    elif result.diagram_type == "swimlane":
        from test_import import normalized as flowchart_normalized

        out["graph"] = flowchart_normalized(result)
    elif result.diagram_type == "venn":
        out.update(_venn(graph))
    else:
        raise AssertionError(f"no normalisation for {result.diagram_type}")
    return out


EVENTMODELING_WITHOUT_ENTITY = HANDWRITTEN["eventmodeling-everything"].replace("entity Foo\n", "")
SWIMLANE_WITHOUT_LANE_DIRECTION = HANDWRITTEN["swimlane-everything"].replace(
    "        direction TB\n", ""
)

PHONE_NUMBER = "examples:railroadAbnf: Phone Number"

#: Changes import makes on purpose (each reported with its line): name → the reference the
#: imported diagram is compared with, as (name, text) of a diagram written without them.
EXPECTED: dict[str, str] = {
    "block-unknown-class": "block-beta\n  a b\n",
    "block-chained-link": 'block-beta\n  columns 3\n  a["Frontend"] b c\n  b --> c\n',
    "venn-everything": 'venn-beta\n    title Skills\n    set ml["Machine learning"]:20\n        text "PyTorch"\n    set stats["Statistics & #quot;R#quot;"]\n    set "union"\n    union ml,stats["Data science"]:5\n        text ds1["Models"]\n    union ml,stats,"union"\ntext stats "Tests; p < 0.05"\nstyle ds1 color:red\nstyle ml fill:"#ffcc00", fill-opacity:0.4\nstyle stats,ml stroke:blue\n',
    "wardley-loose": 'wardley-beta\nevolution Genesis -> Custom -> Product -> Commodity\ncomponent Need [0.9, 0.2]\ncomponent Build [0.5, 0.4] (build)\nNeed +< -> Build\nannotation 1, [0.2, 0.2] "Only one"\n',
    "cynefin-everything": 'cynefin-beta\n  title T\n  accTitle: A\n  complex\n    "One #1 \\"q\\""\n  clear\n  chaotic\n    "Act"\n  clear --> chaotic\n  complex --> clear : "Move"\n',
    "railroadAbnf-limits": 'railroad-abnf-beta\n    phone = [ "+" country-code ] subscriber ;\n    country-code = 1*DIGIT ;\n    subscriber = 1*( DIGIT / "-" ) ;\n    digits = 1*DIGIT ;\n',
    "eventmodeling-everything": EVENTMODELING_WITHOUT_ENTITY,
    "railroad-twice": 'railroad-beta\n  a = terminal("x");\n  b = nonterminal("a");\n',
    "block-too-wide": "block-beta\n  columns 2\n  a b c:2\n  block:g:2\n    columns 1\n    x:1\n    space:1\n  end\n",
    "architecture-markdown": "architecture-beta\n  group api(cloud)[API]\n  service db(database) in api\n  service web(server) in api\n  db:L -- R:web\n",
    "venn-renamed": 'venn-beta\n  set B\n  set A:1\n  set My_set["My set"]\n  union B,A:1\n  union B,My_set\ntext My_set "hi"\nstyle My_set fill:red\n',
    "eventmodeling-wrong-source": "eventmodeling\ntf 01 ui Shop\ntf 02 evt Happened\n",
    PHONE_NUMBER: dict(CORPUS)[PHONE_NUMBER].replace(' / " " ', " "),
    "swimlane-everything": SWIMLANE_WITHOUT_LANE_DIRECTION,
    "eventmodeling-ids": HANDWRITTEN["eventmodeling-ids"].replace(
        "rf 05 pcr Billing.Biller ->> 04", "rf 05 pcr Billing.Biller"
    ),
    "architecture-bare": "architecture-beta\n    group g(cloud)[Plain]\n    service s(server)[Alone] in g\n    service t(server)[Other]\n    s{group}:R -- L:t\n",
}


def _imported(result: ParseResult, text: str) -> ImportResult:
    """import_diagram's dispatch, on a parse made beforehand (so a whole corpus is read in
    one Node process: a process per diagram would take minutes)."""
    assert result.ok, (result.name, result.error)
    importer = importer_for(str(result.diagram_type))
    assert importer is not None, result.diagram_type
    spec, warnings = importer(result, text, result.name, 1)
    return ImportResult(spec, warnings)


@cache
def batch() -> tuple[Trips, dict[str, ParseResult]]:
    """The round trips (original, import → render, render → import → render, warnings), and
    what Mermaid reads from each original, each first render and each EXPECTED text, all
    from two Node processes."""
    root = Path(tempfile.mkdtemp())
    texts = dict(CORPUS)
    originals = parse_diagrams([*CORPUS, *((f"expected:{n}", t) for n, t in EXPECTED.items())])
    reads = {r.name: r for r in originals}
    first: dict[str, tuple[str, list[str]]] = {}
    for name, text in CORPUS:
        imported = _imported(reads[name], text)
        first[name] = (render(imported.yaml(), root), [str(w) for w in imported.warnings])
    again = parse_diagrams([(f"imported:{n}", t) for n, (t, _) in first.items()])
    trips: Trips = {}
    for result in again:
        name = result.name.removeprefix("imported:")
        reads[result.name] = result
        second = render(_imported(result, first[name][0]).yaml(), root)
        trips[name] = (texts[name], first[name][0], second, first[name][1])
    return trips, reads


def test_corpus_covers_every_kind() -> None:
    names = [n for n, _ in CORPUS]
    for kind, (examples, _) in KINDS.items():
        for example in examples:
            assert any(n.startswith(f"examples:{example}:") for n in names), example
        assert any(n.startswith(kind) for n in HANDWRITTEN), kind
    for kind, (_, headers) in KINDS.items():
        assert any(gallery_outputs(header) for header in headers), kind


@pytest.mark.parametrize("name", [n for n, _ in CORPUS])
def test_import_then_render_reads_the_same(name: str) -> None:
    _, reads = batch()
    original = reads[f"expected:{name}" if name in EXPECTED else name]
    assert normalized(reads[f"imported:{name}"]) == normalized(original)


def test_render_import_render_is_a_fixed_point() -> None:
    for name, (_, first, second, _) in batch()[0].items():
        assert second == first, name


REPORTED: dict[str, list[str]] = {
    "block-everything": [
        "block-everything:3: warning: HTML markup (<b>) in a block diagram's text: a spec's"
        " text is drawn as written, so the markup will show as text"
    ],
    "block-chained-link": [
        "block-chained-link:4: warning: Mermaid's block diagrams do not chain links"
        " (`a --> b --> c`; write one link a line): it draws this line as an empty block and"
        " no link, neither of which was imported"
    ],
    "block-unknown-class": [
        "block-unknown-class:3: warning: the class 'ghost' of 'a' has no classDef (it styles"
        " nothing), so it was not imported"
    ],
    "venn-everything": [
        "venn-everything:12: warning: the style 'stroke-dasharray' of ml: a venn region takes"
        " fill, fill-opacity, stroke, stroke-width, color, so it was not imported",
        "venn-everything:14: warning: the style 'font-weight' of the text 'ds1': a spec"
        " styles a venn text's color only, so it was not imported",
    ],
    "wardley-loose": [
        "wardley-loose:2: warning: stage boundaries (`@…`) are given for some stages only, so"
        " Mermaid spaces the stages evenly; they were not imported",
        "wardley-loose:6: warning: annotation 3 is number 1 in a spec (a spec numbers its"
        " annotations 1, 2, … in order)",
    ],
    "cynefin-everything": [
        "cynefin-everything:10: warning: the transition clear --> chaotic is given twice (a"
        " spec refuses it), so it was not imported"
    ],
    "railroadAbnf-limits": [
        "railroadAbnf-limits:3: warning: a repetition of 1 to 3 in rule 'country-code': a spec"
        " repeats zero or more or one or more times, so it is drawn as one or more",
        "railroadAbnf-limits:4: warning: a terminal of blank text ' ' in rule 'subscriber': a"
        " spec cannot hold it, so it was left out",
        "railroadAbnf-limits:4: warning: a repetition of at least 2 in rule 'subscriber': a"
        " spec repeats zero or more or one or more times, so it is drawn as one or more",
        "railroadAbnf-limits:5: warning: a repetition of exactly 3 in rule 'digits': a spec"
        " repeats zero or more or one or more times, so it is drawn as one or more",
    ],
    PHONE_NUMBER: [
        f"{PHONE_NUMBER}:6: warning: a terminal of blank text ' ' in rule 'subscriber': a spec"
        " cannot hold it, so it was left out"
    ],
    "eventmodeling-everything": [
        "eventmodeling-everything:23: warning: Mermaid parses entity statements but does not"
        " draw them, and a spec has none; it was left out"
    ],
    "block-too-wide": [
        "block-too-wide:3: warning: 'c' is 3 columns wide in a container of 2, which a spec"
        " refuses; written as 2",
        "block-too-wide:6: warning: 'x' is 2 columns wide in a container of 1, which a spec"
        " refuses; written as 1",
        "block-too-wide:7: warning: 'a space' is 3 columns wide in a container of 1, which a"
        " spec refuses; written as 1",
    ],
    "architecture-markdown": [
        "architecture-markdown:3: warning: the label of service 'db' was left out: found '`'"
        " (Markdown code); Mermaid draws architecture labels as Markdown and would not show it"
        " as written",
        "architecture-markdown:4: warning: the label of service 'web' was left out: found an"
        " HTML tag (Markdown splits it into words); Mermaid draws architecture labels as"
        " Markdown and would not show it as written",
        "architecture-markdown:5: warning: the label of the edge db → web was left out: found"
        " a link or address (Markdown autolink); Mermaid draws architecture labels as Markdown"
        " and would not show it as written",
    ],
    "railroad-twice": [
        "railroad-twice:4: warning: rule 'a' is defined again; a spec has one rule of a name,"
        " so the first was kept"
    ],
    "venn-renamed": [
        "venn-renamed:4: warning: the set name 'My set' is not a spec set id (letters, digits,"
        " _, -); written as 'My_set', keeping the name as its label",
        "venn-renamed:5: warning: the overlap A, B (5) is larger than one of its sets (1),"
        " which a spec refuses; written as 1",
    ],
    "eventmodeling-wrong-source": [
        "eventmodeling-wrong-source:3: warning: frame 02 (event) takes input from frame 01"
        " (ui), which a spec refuses (event frames take input from command frames), so it"
        " was left out"
    ],
    "eventmodeling-ids": [
        "eventmodeling-ids:6: warning: HTML markup (<i>) in a frame's text: a spec's text is"
        " drawn as written, so the markup will show as text",
        "eventmodeling-ids:9: warning: reset frame 05 names frames it takes input from; a reset"
        " frame starts a new flow (Mermaid draws no arrow in), so they were left out",
    ],
    "swimlane-everything": [
        "swimlane-everything:4: warning: lane 'a' has a direction of its own; the swimlane"
        " layout sets the lanes' direction (a spec's lane has none), so it was left out"
    ],
    "architecture-bare": [
        "architecture-bare:2: warning: the group 'g' has no icon; a spec's group always draws"
        " one, so it was given `cloud`",
        "architecture-bare:3: warning: the service 's' has no icon; a spec's service always"
        " draws one, so it was given `server`",
        "architecture-bare:5: warning: t{group}: 't' is in no group, so the edge is drawn from"
        " 't' itself (as Mermaid does)",
    ],
}


def test_what_cannot_be_said_is_reported_with_its_line() -> None:
    for name, (_, _, _, found) in batch()[0].items():
        assert found == REPORTED.get(name, []), name


def _spec(name: str) -> dict[str, Any]:
    return _imported(batch()[1][name], HANDWRITTEN[name]).spec


def test_block_spec_reads_as_written() -> None:
    spec = _spec("block-everything")
    assert spec["columns"] == 3
    assert spec["blocks"][:3] == [
        {"id": "a", "label": "Ask #1 & <b>go</b>", "shape": "square", "span": 2, "class": "red"},
        {"id": "b", "class": "red"},
        {
            "group": "grp",
            "span": 2,
            "blocks": [{"id": "c", "style": {"fill": "#0f0", "stroke-width": "2px"}}, {"id": "d"}],
        },
    ]
    assert spec["blocks"][3] == {
        "group": "group1",
        "blocks": [{"id": "e", "label": "Round", "shape": "round"}],
    }
    assert spec["blocks"][4:7] == [
        {"space": 1},
        {"space": 2},
        {"id": "f", "label": "go", "arrow": ["left", "up"]},
    ]
    assert spec["edges"][:4] == [
        {"from": "a", "to": "b"},
        {"from": "c", "to": "d", "label": "yes"},
        {"from": "a", "to": "f", "arrow": "both"},
        {"from": "b", "to": "c", "arrow": "none"},
    ]
    assert spec["classes"] == {"red": {"fill": "#f00", "stroke": "#000"}}
