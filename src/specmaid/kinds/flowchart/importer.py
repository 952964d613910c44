"""Import of flowcharts: Mermaid's flowDb → a spec (see :mod:`specmaid.importing.dispatch`).

The graph Mermaid's flowchart db builds (nodes, edges, subgraphs, classDefs, styles, link
styles, clicks, the title and the effective config from frontmatter and ``%%{init}%%``) is
turned into a spec, so ``import → render`` gives a diagram Mermaid parses into the same graph.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, css_styles, line_matching, line_of
from specmaid.mermaid.bridge import ParseResult
from specmaid.pipeline.escape import is_flowchart_id

#: flowDb vertex type → spec shape (None: the default rectangle)
SHAPES = {
    None: None,
    "square": None,
    "rect": None,
    "round": "rounded",
    "stadium": "stadium",
    "subroutine": "fr-rect",
    "cylinder": "cyl",
    "circle": "circle",
    "odd": "odd",
    "diamond": "diamond",
    "hexagon": "hexagon",
    "lean_right": "lean-r",
    "lean_left": "lean-l",
    "trapezoid": "trap-b",
    "inv_trapezoid": "trap-t",
    "doublecircle": "dbl-circ",
}
#: flowDb edge type → (head, tail)
EDGE_TYPES = {
    "arrow_point": ("arrow", "none"),
    "arrow_open": ("none", "none"),
    "arrow_circle": ("circle", "none"),
    "arrow_cross": ("cross", "none"),
    "double_arrow_point": ("arrow", "arrow"),
    "double_arrow_circle": ("circle", "circle"),
    "double_arrow_cross": ("cross", "cross"),
}
LINES = {"normal": "solid", "dotted": "dotted", "thick": "thick", "invisible": "invisible"}
_AUTO_EDGE_ID_RE = re.compile(r"^L_.+_\d+$")
_TAG_RE = re.compile(r"<[A-Za-z/][^>]*>")
_LEGACY_GRAPH_RE = re.compile(r"""["']graph["']\s*:""")


#: HTML elements a label may use (Mermaid's sanitizer keeps them, or drops them for their
#: text): a tag-like text naming none of them (`<env>`, `<proj>`, written `&lt;env&gt;`) is
#: text the original drew as written.
HTML_ELEMENTS = frozenset(
    """a abbr address b bdi bdo big blockquote br caption center cite code col colgroup dd del
    details dfn div dl dt em figcaption figure font footer h1 h2 h3 h4 h5 h6 header hr i img
    ins kbd label li main mark nav ol p pre q rp rt ruby s samp section small span strike
    strong sub summary sup table tbody td tfoot th thead time tr tt u ul var wbr""".split()  # noqa: SIM905
)
_TAG_NAME_RE = re.compile(r"<(/?)([A-Za-z][\w-]*)")


def _is_html_tag(tag: str) -> bool:
    name = _TAG_NAME_RE.match(tag)
    return name is not None and name.group(2).lower() in HTML_ELEMENTS


def _label(text: str, label_type: str | None) -> dict[str, str]:
    if label_type == "markdown":
        return {"markdown": text}
    tags = _TAG_RE.findall(text)
    if not any(_is_html_tag(tag) for tag in tags):
        return {"label": text}
    # Real HTML next to tag-like text: the latter written as entities, which draw as `<`/`>`.
    return {
        "html": _TAG_RE.sub(
            lambda m: (
                m.group(0)
                if _is_html_tag(m.group(0))
                else m.group(0).replace("<", "&lt;").replace(">", "&gt;")
            ),
            text,
        )
    }


def _classes(items: list[str]) -> str | list[str] | None:
    classes = [c for c in items if c != "clickable"]
    if not classes:
        return None
    return classes[0] if len(classes) == 1 else classes


def import_flowchart(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    graph = result.graph or {}
    warnings: list[SpecError] = []
    legacy = line_matching(text, _LEGACY_GRAPH_RE.pattern, first_line)
    if legacy is not None:
        warnings.append(
            SpecError(
                "the legacy `graph:` config key is ignored by Mermaid 11, so it was not imported;"
                " add its settings under `config: {flowchart: …}` if you meant them",
                file=name,
                line=legacy,
                severity="warning",
            )
        )
    spec = common(result, text, "flowchart")
    if graph.get("direction") and graph["direction"] != "TB":
        spec["direction"] = "TB" if graph["direction"] == "TD" else graph["direction"]

    subgraph_ids = {s["id"] for s in graph.get("subgraphs") or []}
    # `style <subgraph>` and `class <subgraph>` make Mermaid record a vertex of the subgraph's
    # id (as an edge to a subgraph does): its styles and classes belong to the subgraph.
    subgraph_vertices: dict[str, dict[str, Any]] = {}
    nodes: dict[str, Any] = {}
    for vertex in graph.get("vertices") or []:
        if vertex["id"] in subgraph_ids:
            subgraph_vertices[vertex["id"]] = vertex
            continue
        node: dict[str, Any] = {}
        label_text = vertex.get("text", vertex["id"])
        label_type = vertex.get("labelType")
        if vertex.get("img") or vertex.get("icon"):
            key = "img" if vertex.get("img") else "icon"
            node[key] = vertex[key]
            if label_text:
                node.update(_label(label_text, label_type))
            for prop in ("form", "pos", "w", "h", "constraint"):
                if vertex.get(prop) is not None:
                    node[prop] = vertex[prop]
        else:
            # A label equal to the id is kept when the source wrote brackets (`B[B]`), since
            # Mermaid records a shape for it then and not for a bare `B`.
            if label_text != vertex["id"] or label_type == "markdown" or vertex.get("type"):
                node.update(_label(label_text, label_type))
            shape_type = vertex.get("type")
            shape = SHAPES.get(shape_type, shape_type)
            if shape:
                node["shape"] = shape
        classes = _classes(vertex.get("classes") or [])
        if classes:
            node["class"] = classes
        styles = css_styles(vertex.get("styles") or [])
        if styles:
            node["style"] = styles
        if vertex.get("link"):
            node["link"] = vertex["link"]
            if vertex.get("linkTarget"):
                node["target"] = vertex["linkTarget"]
        if vertex.get("tooltip") and vertex.get("link"):
            node["tooltip"] = vertex["tooltip"]
        nodes[vertex["id"]] = node if set(node) != {"label"} else node["label"]
        if node == {}:
            nodes[vertex["id"]] = None
    spec["nodes"] = nodes

    # Subgraphs: Mermaid lists them flat, each with its members (nodes and child subgraphs).
    by_id = {s["id"]: s for s in graph.get("subgraphs") or []}
    children = {
        member for s in by_id.values() for member in s.get("nodes") or [] if member in by_id
    }

    def subgraph(sub_id: str) -> dict[str, Any]:
        sub = by_id[sub_id]
        out: dict[str, Any] = {}
        title = sub.get("title")
        if title is not None and title != sub_id:
            # A blank title (`subgraph a[" "]`) is kept as such: Mermaid draws none, while a
            # subgraph without a title shows its id.
            key = "title" if sub.get("labelType") != "markdown" else "markdown"
            out[key] = title or " "
        if sub.get("dir"):
            out["direction"] = sub["dir"]
        members = [m for m in sub.get("nodes") or [] if m not in by_id]
        if members:
            out["nodes"] = members
        nested = {m: subgraph(m) for m in sub.get("nodes") or [] if m in by_id}
        if nested:
            out["subgraphs"] = nested
        vertex = subgraph_vertices.get(sub_id) or {}
        classes = _classes([*(sub.get("classes") or []), *(vertex.get("classes") or [])])
        if classes:
            out["class"] = classes
        styles = css_styles(vertex.get("styles") or [])
        if styles:
            out["style"] = styles
        return out

    tops = [s for s in by_id if s not in children]
    if tops:
        spec["subgraphs"] = {s: subgraph(s) for s in tops}

    edges = []
    for edge in graph.get("edges") or []:
        item: dict[str, Any] = {"from": edge["start"], "to": edge["end"]}
        line = LINES.get(edge.get("stroke", "normal"), "solid")
        head, tail = EDGE_TYPES.get(edge.get("type", "arrow_point"), ("arrow", "none"))
        if line != "solid":
            item["line"] = line
        if line != "invisible":
            if head != "arrow":
                item["head"] = head
            if tail != "none":
                item["tail"] = tail
        if edge.get("length", 1) != 1:
            item["length"] = edge["length"]
        if edge.get("text"):
            item.update(_label(edge["text"], edge.get("labelType")))
        if not _AUTO_EDGE_ID_RE.match(edge["id"]):
            item["id"] = edge["id"]
        if edge.get("animation"):
            item["animation"] = edge["animation"]
        elif edge.get("animate"):
            item["animate"] = True
        if edge.get("interpolate"):
            item["curve"] = edge["interpolate"]
        styles = [s for s in edge.get("style") or [] if s != "fill:none"]
        if styles:
            item["style"] = css_styles(styles)
        if edge.get("classes"):
            item["class"] = edge["classes"][0] if len(edge["classes"]) == 1 else edge["classes"]
        edges.append(item)
    if edges:
        spec["edges"] = edges
    classes = {
        class_name: css_styles(value.get("styles") or [])
        for class_name, value in (graph.get("classDefs") or {}).items()
        if value.get("styles")
    }
    if classes:
        spec["classes"] = classes
    _rename_unwritable_ids(spec, text, name, first_line, warnings)
    return spec, warnings


def _readable_id(mermaid_id: str, taken: set[str]) -> str:
    """A stable, readable stand-in for an id render cannot write as it is (`check ff` →
    `check_ff`): its letters and digits joined by `_`, numbered when that is taken."""
    base = re.sub(r"\W+", "_", mermaid_id).strip("_")
    if not base or not is_flowchart_id(base):
        base = "node"
    candidate, number = base, 1
    while candidate in taken or not is_flowchart_id(candidate):
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def _rename_unwritable_ids(
    spec: dict[str, Any], text: str, name: str, first_line: int, warnings: list[SpecError]
) -> None:
    """Ids Mermaid read but render would have to rename (letters of scripts it is not known
    to read back the same): renamed here once, readably, with a warning, and kept as the
    label when the node showed its id."""
    nodes: dict[str, Any] = spec.get("nodes") or {}
    subgraph_ids: list[str] = []

    def walk(subs: dict[str, Any]) -> None:
        for sub_id, sub in subs.items():
            subgraph_ids.append(sub_id)
            walk(sub.get("subgraphs") or {})

    walk(spec.get("subgraphs") or {})
    every = [*nodes, *subgraph_ids]
    taken = set(every)
    renames: dict[str, str] = {}
    for old in every:
        if is_flowchart_id(old):
            continue
        new = _readable_id(old, taken)
        taken.add(new)
        renames[old] = new
        warnings.append(
            SpecError(
                f"the id {old!r} is written {new!r}: Mermaid is not known to read it back as"
                " written in every place a spec puts an id",
                file=name,
                line=line_of(text, old, first_line),
                severity="warning",
            )
        )
    if not renames:
        return
    spec["nodes"] = {renames.get(k, k): _shown_as(k, v, renames) for k, v in nodes.items()}

    def rename_subgraphs(subs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for sub_id, sub in subs.items():
            sub = dict(sub)
            if sub_id in renames and not ({"title", "markdown"} & set(sub)):
                sub = {"title": sub_id, **sub}
            if sub.get("nodes"):
                sub["nodes"] = [renames.get(m, m) for m in sub["nodes"]]
            if sub.get("subgraphs"):
                sub["subgraphs"] = rename_subgraphs(sub["subgraphs"])
            out[renames.get(sub_id, sub_id)] = sub
        return out

    if spec.get("subgraphs"):
        spec["subgraphs"] = rename_subgraphs(spec["subgraphs"])
    for edge in spec.get("edges") or []:
        edge["from"] = renames.get(edge["from"], edge["from"])
        edge["to"] = renames.get(edge["to"], edge["to"])


def _shown_as(old: str, node: Any, renames: dict[str, str]) -> Any:
    """A renamed node keeps showing its old id when that was its text."""
    if old not in renames:
        return node
    if node is None:
        return old
    if isinstance(node, dict) and not ({"label", "html", "markdown"} & set(node)):
        return {"label": old, **node}
    return node
