"""What Mermaid draws of a diagram, and whether two parses draw the same: the comparison the
import round trip (:mod:`specmaid.importing.roundtrip`) makes between an original diagram and
the one regenerated from its imported spec. Visible text for every kind; the whole db,
normalised, for graph kinds (see :func:`normalised_graph`)."""

from __future__ import annotations

import collections
import json
import re
from collections.abc import Iterator
from typing import Any

from specmaid.mermaid.bridge import ParseResult

#: kinds whose Mermaid db is a graph (nodes and the links between them): their db is compared
GRAPH_KINDS = frozenset(
    {
        "flowchart",
        "sequence",
        "class",
        "state",
        "er",
        "requirement",
        "c4",
        "block",
        "architecture",
        "sankey",
        "gitgraph",
        "mindmap",
    }
)

SAME = "same"
TEXT_DIFFERS = "text differs"
GRAPH_DIFFERS = "graph differs"
UNSUPPORTED = "not imported: kind unsupported"
IMPORT_ERROR = "not imported: error"
RENDER_REFUSED = "render refuses the imported spec"
NOT_PARSED = "regenerated does not parse"
ORIGINAL_NOT_PARSED = "original does not parse"
#: every outcome, best first
OUTCOMES = (
    SAME,
    GRAPH_DIFFERS,
    TEXT_DIFFERS,
    NOT_PARSED,
    RENDER_REFUSED,
    IMPORT_ERROR,
    UNSUPPORTED,
    ORIGINAL_NOT_PARSED,
)

#: db keys whose string values are drawn as text (not ``type``: mostly a shape or a kind of
#: arrow; where a type is drawn, a requirement's, the graph comparison sees it)
TEXT_KEYS = frozenset(
    {
        "text",
        "label",
        "title",
        "description",
        "descr",
        "techn",
        "message",
        "task",
        "section",
        "sections",
        "events",
        "relationTitle",
        "roleA",
        "tag",
        "tags",
        "people",
        "name",
        "alias",
        "ID",
        "note",
        "notes",
        "title1",
        "title2",
        "accTitle",
        "accDescription",
    }
)
#: db keys that hold a map whose keys are drawn (pie slices, ER entity names)
TEXT_MAP_KEYS = frozenset({"sections", "entities"})
#: keys under which a string is an identifier, a style or a layout setting, never drawn
NOT_TEXT_PARENTS = frozenset(
    {"config", "styles", "style", "classes", "cssClasses", "cssStyles", "cssCompiledStyles"}
)
#: db leaves that say nothing about the diagram: layout, generated ids, render state
DROPPED_KEYS = frozenset(
    {
        "config",
        "domId",
        "look",
        "rectData",
        "actorCnt",
        "x",
        "y",
        "width",
        "height",
        "padding",
        "rx",
        "ry",
        "fill",
        "processed",
        "raw",
        "times",
        "diagramId",
        # mind map: the indentation width of a node and what follows from it (its edge's
        # depth class); the tree itself (children, in order) is compared
        "level",
        "depth",
        "nodeId",
        # state: the parse tree in statement order (the oracle reads every db query, and
        # getRootDocV2 is one); what it draws is compared through the states and relations
        "rootDocV2",
        "rootDoc",
        # block: getBlocksFlat, the same blocks as `blocks` in one list (compared there)
        "blocksFlat",
    }
)
#: db leaves whose absence the drawer reads as this value (blockRenderer: a block's
#: ``widthInColumns ?? 1``; a block first named in a link has none)
DEFAULT_VALUES: dict[str, Any] = {"widthInColumns": 1}
#: db leaves the drawer reads as integers (c4Renderer: ``parseInt(String(rel.offsetX))``);
#: Mermaid's C4 db keeps some as the string written, others as a number
INTEGER_KEYS = frozenset({"offsetX", "offsetY"})
_LEADING_INTEGER = re.compile(r"^\s*[-+]?\d+")
_DEPTH_CLASS = re.compile(r"\bedge-depth-\d+\b")
#: a colour is drawn as a colour, not as text (sequence boxes keep theirs beside the name)
_COLOUR = re.compile(r"^(rgba?|hsla?)\(.*\)$|^#[0-9a-fA-F]{3,8}$")
#: ids Mermaid makes up when the source gives none (an import may give others)
GENERATED_ID = re.compile(
    r"^(L_.+_\d+|L-.+-\d+|subGraph\d+|entity-.+-\d+|classId-.+-\d+|edge\d+|edge_\d+_\d+"
    r"|id-[a-z0-9]+-\d+(?:-\d+)?|\d+-.+-.+|task\d+|parent\d+|\d+|.+----note-\d+.*)$"
)
#: the id Mermaid makes for a git commit written without one (gitGraphAst.ts: its sequence
#: number, a dash, seven random hex digits): the number says which commit, the rest is chance
_COMMIT_AUTO_ID = re.compile(r"^(\d+)-[0-9a-f]{7}$")
#: lists whose order is drawn (messages in time, tasks and sections in sequence, values by axis)
ORDERED_KEYS = frozenset(
    {
        "messages",
        "tasks",
        "sections",
        "events",
        "entries",
        "axes",
        "curves",
        "packet",
        "blocks",
        "actorKeys",
        "parents",
        "columns",
        "children",
        "points",
        "data",
        "attributes",
        "members",
        "methods",
    }
)


_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.I)
#: CSS declarations: `stroke-dasharray: 5 5` and `stroke-dasharray:5 5` draw the same
_CSS_COLON = re.compile(r"^([a-z-]+)\s*:\s*")
#: db keys that hold CSS declarations
_CSS_KEYS = frozenset({"styles", "style", "textStyles"})


def _clean(text: str) -> str:
    """Text as drawn: runs of white space are one space, a line break is a line break, however
    it is written (`<br>`, `<br/>` or a new line, which the kinds draw alike)."""
    lines = _BREAK.sub("\n", text).split("\n")
    return "<br>".join(" ".join(line.split()) for line in lines).strip()


def _without_subgraph_vertices(graph: dict[str, Any]) -> dict[str, Any]:
    """A flowchart's db records a vertex for a subgraph an edge points at; Mermaid draws the
    subgraph, not a node, so that vertex is left out of what is compared."""
    if "vertices" not in graph:
        return graph
    subgraph_ids = {s.get("id") for s in graph.get("subgraphs") or []}
    vertices = [v for v in graph["vertices"] if v.get("id") not in subgraph_ids]
    return {**graph, "vertices": vertices}


#: db keys, per diagram type, that Mermaid keeps but never draws: a git commit's message
#: (gitGraphRenderer.ts labels a commit with its id and tags only)
UNDRAWN_KEYS = {"gitGraph": frozenset({"message"})}


def _drawn(result: ParseResult) -> dict[str, Any]:
    """The db of a parse without what its renderer never draws."""
    undrawn = UNDRAWN_KEYS.get(str(result.diagram_type), frozenset())

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k not in undrawn}
        if isinstance(value, list):
            return [strip(item) for item in value]
        return value

    graph = _without_subgraph_vertices(strip(result.graph or {}))
    if result.diagram_type == "block":
        graph = _without_unreferenced_group_ids(graph)
    if result.diagram_type == "timeline" and graph.get("sections"):
        # timelineRenderer draws, when there are sections, each section's tasks only: the
        # periods written before the first section are not drawn
        tasks = [t for t in graph.get("tasks") or [] if t.get("section") in graph["sections"]]
        graph = {**graph, "tasks": tasks}
    return graph


#: what a block group's id is compared as when nothing refers to it
UNREFERENCED_GROUP = "<group nothing refers to>"


def _without_unreferenced_group_ids(graph: dict[str, Any]) -> dict[str, Any]:
    """A block group's id is drawn nowhere (its label is); it matters only to the links and
    styles that name it. An anonymous `block … end` gets an id Mermaid makes up, and its
    import one the spec needs (``group1``): neither is a difference unless referred to."""
    referred = {str(e.get(end)) for e in graph.get("edges") or [] for end in ("start", "end")}

    def renamed(blocks: list[Any]) -> list[Any]:
        out = []
        for block in blocks:
            if isinstance(block, dict) and block.get("type") == "composite":
                block = {**block, "children": renamed(block.get("children") or [])}
                if str(block.get("id")) not in referred:
                    block["id"] = UNREFERENCED_GROUP
            out.append(block)
        return out

    return {**graph, "blocks": renamed(graph.get("blocks") or [])}


def _text_drawn(result: ParseResult) -> dict[str, Any]:
    """The db, for reading its text: a sequence participant is drawn with its description
    (its alias, or its name when it has none); its name is an id, which an import may have
    had to rename (``p_Database_61074f as Database``)."""
    graph = _drawn(result)
    actors = graph.get("actors")
    if result.diagram_type != "sequence" or not isinstance(actors, dict):
        return graph
    return {
        **graph,
        "actors": {
            key: {k: v for k, v in actor.items() if k != "name"}
            if isinstance(actor, dict) and actor.get("description") is not None
            else actor
            for key, actor in actors.items()
        },
    }


def visible_text(result: ParseResult) -> collections.Counter[str]:
    """What Mermaid draws as text, read from its parse: a multiset of white-space-collapsed
    strings (the title, accessibility texts, and every text-like leaf of the db)."""
    found: collections.Counter[str] = collections.Counter()
    for value in (result.title, result.acc_title, result.acc_description):
        if value and _clean(value):
            found[_clean(value)] += 1

    def walk(value: Any, key: str | None) -> None:
        if key in NOT_TEXT_PARENTS:
            return
        if isinstance(value, dict):
            if key in TEXT_MAP_KEYS:
                for name in value:
                    if _clean(str(name)):
                        found[_clean(str(name))] += 1
            for name, item in value.items():
                walk(item, str(name))
        elif isinstance(value, list):
            for item in value:
                walk(item, key)
        elif isinstance(value, str) and key in TEXT_KEYS:
            text = _clean(value)
            if text and not GENERATED_ID.match(text) and not _COLOUR.match(text):
                found[text] += 1

    walk(_text_drawn(result), None)
    # Visible text appears once per place a drawer reads it; a db may keep the same item
    # in two views (architecture: nodes and services), so count distinct texts only.
    return collections.Counter(set(found))


#: an id specmaid wrote for one Mermaid cannot take as it is
#: (:func:`specmaid.pipeline.escape.mermaid_id`, ``kind_safe_id``): a prefix, the readable part,
#: six hex digits of the original's SHA-1
_RENAMED_ID = re.compile(r"^[a-z]+_(?:([A-Za-z0-9_]*)_)?([0-9a-f]{6})$")


def _strings(value: Any) -> Iterator[str]:
    """Every string of a db: keys and leaves."""
    if isinstance(value, dict):
        for name, item in value.items():
            yield str(name)
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, str):
        yield value


def _renamed_back(value: Any, originals: dict[str, str]) -> Any:
    """The regenerated db with each id the import renamed given its original name back
    (``originals``: renamed id → original id)."""
    if isinstance(value, dict):
        return {originals.get(str(k), k): _renamed_back(v, originals) for k, v in value.items()}
    if isinstance(value, list):
        return [_renamed_back(item, originals) for item in value]
    if isinstance(value, str):
        return originals.get(value, value)
    return value


def renames(original: Any, regenerated: Any) -> dict[str, str]:
    """Ids of the regenerated db that are the import's renaming of an original id: the
    readable part and the digest both match (so a real change is never taken for one)."""
    import hashlib

    by_digest: dict[str, list[str]] = collections.defaultdict(list)
    for text in set(_strings(original)):
        by_digest[hashlib.sha1(text.encode("utf-8")).hexdigest()[:6]].append(text)
    found = {}
    for text in set(_strings(regenerated)):
        match = _RENAMED_ID.match(text)
        if not match:
            continue
        readable, digest = match.group(1) or "", match.group(2)
        for candidate in by_digest.get(digest, []):
            if re.sub(r"[^A-Za-z0-9]+", "_", candidate).strip("_")[:24] == readable:
                found[text] = candidate
    return found


def normalised_graph(value: Any, key: str | None = None) -> Any:
    """The db, compared where it means something: generated ids blanked, layout and config
    dropped, lists Mermaid does not draw in order sorted."""
    if isinstance(value, dict):
        out = {}
        for name, item in value.items():
            if name in DROPPED_KEYS or item in (None, "", [], {}):
                continue
            if name in DEFAULT_VALUES and item == DEFAULT_VALUES[name]:
                continue
            if name in INTEGER_KEYS and (number := _LEADING_INTEGER.match(str(item))):
                item = int(number.group())
            if name == "descriptions" and item == [value.get("id")]:
                continue  # a state described by its own name is drawn as a bare one
            label = _COMMIT_AUTO_ID.sub(r"\1-<id>", str(name))
            label = "<id>" if GENERATED_ID.match(label) else label
            if name == "labelType" and item == "string":
                item = "text"  # a quoted label ("…") is drawn like a bare one
            out[label] = normalised_graph(item, name)
        return out
    if isinstance(value, list):
        items = [normalised_graph(item, key) for item in value]
        if key in ORDERED_KEYS:
            return items
        return sorted(items, key=lambda item: json.dumps(item, sort_keys=True))
    if isinstance(value, str):
        if key in _CSS_KEYS:
            value = _CSS_COLON.sub(r"\1:", value.strip())
        value = _COMMIT_AUTO_ID.sub(r"\1-<id>", value)
        if _COLOUR.match(value.strip()):
            value = "".join(value.split())  # (`rgb(0, 255, 0)` is `rgb(0,255,0)`)
        return (
            "<id>" if GENERATED_ID.match(value) else _clean(_DEPTH_CLASS.sub("edge-depth", value))
        )
    return value


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    """Where two normalised dbs part (for the failure report)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for name in sorted(set(a) | set(b)):
            if a.get(name) != b.get(name):
                return _first_difference(a.get(name), b.get(name), f"{path}.{name}")
        return path
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path}: {json.dumps(a)[:120]} ≠ {json.dumps(b)[:120]}"


def compare(
    kind: str,
    original: ParseResult,
    regenerated: ParseResult,
    import_renames: dict[str, str] | None = None,
) -> tuple[str, str]:
    """(outcome, detail) of comparing the original's parse with the regenerated one's
    (``import_renames``: new id → original id, for ids the import renamed readably)."""
    if not regenerated.ok:
        return NOT_PARSED, (regenerated.error or "").split("\n")[0][:200]
    before, after = visible_text(original), visible_text(regenerated)
    if before != after:
        lost = sorted((before - after).elements())[:5]
        gained = sorted((after - before).elements())[:5]
        return TEXT_DIFFERS, f"lost {lost}, gained {gained}"
    if kind in GRAPH_KINDS:
        drawn_before, drawn_after = _drawn(original), _drawn(regenerated)
        a = normalised_graph(drawn_before)
        originals = {**renames(drawn_before, drawn_after), **(import_renames or {})}
        b = normalised_graph(_renamed_back(drawn_after, originals))
        if a != b:
            return GRAPH_DIFFERS, _first_difference(a, b)
    return SAME, ""
