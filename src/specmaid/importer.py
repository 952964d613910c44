"""Import: existing Mermaid flowcharts become specs.

Real Mermaid is the parser here too: the text goes through the pinned ``mermaid`` package
(:mod:`specmaid.mermaid`), and the graph its flowchart db builds (nodes, edges, subgraphs,
classDefs, styles, link styles, clicks, the title and the effective config from frontmatter
and ``%%{init}%%``) is turned into a spec. So whatever Mermaid reads, specmaid reads the same
way, and ``import → render`` gives a diagram Mermaid parses into the same graph.

What a graph cannot carry is reported, never dropped in silence: ``%%`` comments (with their
line), and constructs of other diagram kinds (only flowcharts are imported so far).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from specmaid.errors import SpecError, SpecErrors
from specmaid.importing.helpers import css_styles
from specmaid.mermaid import ParseResult, parse_diagrams

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


@dataclass
class ImportResult:
    spec: dict[str, Any]
    warnings: list[SpecError] = field(default_factory=list)

    def yaml(self, header: str | None = None, schema: str | None = None) -> str:
        return dump_spec(self.spec, header, schema)


def _label(text: str, label_type: str | None) -> dict[str, str]:
    if label_type == "markdown":
        return {"markdown": text}
    if _TAG_RE.search(text):
        return {"html": text}
    return {"label": text}


_LEGACY_GRAPH_RE = re.compile(r"""["']graph["']\s*:""")


def import_flowchart(
    text: str, name: str = "<stdin>", first_line: int = 1, result: ParseResult | None = None
) -> ImportResult:
    """Turn one Mermaid flowchart into a spec (a plain dict), with warnings.

    ``first_line`` is the line of ``text``'s first line in its file (for Markdown blocks);
    ``result``: Mermaid's parse of ``text`` when the caller has it already (swimlanes).
    """
    if result is None:
        (result,) = parse_diagrams([(name, text)])
    if not result.ok:
        raise SpecErrors([SpecError(f"Mermaid cannot parse it: {result.error}", file=name)])
    if result.graph is None or "vertices" not in result.graph:
        raise SpecErrors(
            [
                SpecError(
                    f"only flowcharts can be imported so far; this is a {result.diagram_type}",
                    file=name,
                )
            ]
        )
    graph = result.graph
    warnings: list[SpecError] = []
    # Comments have no place in Mermaid's graph: they become the spec's `comment:`.
    from specmaid.importing.helpers import comment_lines

    comments = comment_lines(text)  # (without specmaid's own generated-file comment)
    if _LEGACY_GRAPH_RE.search(text):
        line = next(i for i, t in enumerate(text.splitlines()) if _LEGACY_GRAPH_RE.search(t))
        warnings.append(
            SpecError(
                "the legacy `graph:` config key is ignored by Mermaid 11, so it was not imported;"
                " add its settings under `config: {flowchart: …}` if you meant them",
                file=name,
                line=first_line + line,
                severity="warning",
            )
        )
    spec: dict[str, Any] = {"diagram": "flowchart"}
    if result.title:
        spec["title"] = result.title
    if comments:
        spec["comment"] = "\n".join(comments)
    if result.config:
        spec["config"] = result.config
    if graph.get("direction") and graph["direction"] != "TB":
        spec["direction"] = "TB" if graph["direction"] == "TD" else graph["direction"]

    subgraph_ids = {s["id"] for s in graph.get("subgraphs") or []}
    nodes: dict[str, Any] = {}
    for vertex in graph["vertices"]:
        if vertex["id"] in subgraph_ids:
            continue  # an edge to a subgraph makes Mermaid record a vertex of that id too
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
        classes = [c for c in vertex.get("classes") or [] if c != "clickable"]
        if classes:
            node["class"] = classes[0] if len(classes) == 1 else classes
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
        if sub.get("title") and sub["title"] != sub_id:
            out["title" if sub.get("labelType") != "markdown" else "markdown"] = sub["title"]
        if sub.get("dir"):
            out["direction"] = sub["dir"]
        members = [m for m in sub.get("nodes") or [] if m not in by_id]
        if members:
            out["nodes"] = members
        nested = {m: subgraph(m) for m in sub.get("nodes") or [] if m in by_id}
        if nested:
            out["subgraphs"] = nested
        if sub.get("classes"):
            out["class"] = sub["classes"][0] if len(sub["classes"]) == 1 else sub["classes"]
        return out

    tops = [s for s in by_id if s not in children]
    if tops:
        spec["subgraphs"] = {s: subgraph(s) for s in tops}

    edges = []
    for edge in graph["edges"]:
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
        name: css_styles(value.get("styles") or [])
        for name, value in (graph.get("classDefs") or {}).items()
        if value.get("styles")
    }
    if classes:
        spec["classes"] = classes
    return ImportResult(spec, warnings)


#: Kinds only a newer Mermaid reads (its diagramType, its header), and the npm package under
#: which that Mermaid is installed beside the pinned one.
NEWER_MERMAID_KINDS = {"usecase": "usecase-beta", "agentflow": "agentflow-beta"}
NEWER_MERMAID_PACKAGE = "mermaid-12"


_FRONTMATTER_RE = re.compile(r"^\s*---\s*\n.*?\n\s*---\s*(\n|$)", re.S)


def _header_word(text: str) -> str | None:
    """The first word of the diagram's header line (after frontmatter, directives and
    comments), which is what Mermaid detects a diagram's kind by."""
    for line in _FRONTMATTER_RE.sub("", text, count=1).splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("%%"):
            return stripped.split()[0]
    return None


def _newer_mermaid_parse(text: str, name: str) -> ParseResult | None:
    """The parse, by the Mermaid that reads :data:`NEWER_MERMAID_KINDS`, of a diagram whose
    header names one of them (the pinned Mermaid refuses those); None for other diagrams."""
    from specmaid.mermaid import MermaidUnavailable

    if _header_word(text) not in NEWER_MERMAID_KINDS.values():
        return None
    try:
        (result,) = parse_diagrams([(name, text)], package=NEWER_MERMAID_PACKAGE)
    except MermaidUnavailable as exc:
        raise SpecErrors(
            [SpecError(f"only Mermaid 12 reads {_header_word(text)} diagrams: {exc}", file=name)]
        ) from None
    return result  # (its error, when it fails, is the one that speaks of this diagram)


def import_diagram(text: str, name: str = "<stdin>", first_line: int = 1) -> ImportResult:
    """Turn one Mermaid diagram into a spec: flowcharts, and the kinds that declare an
    importer (``DiagramKind.importer``); other kinds are a clear error."""
    from specmaid.importing.helpers import importer_for
    from specmaid.kinds.registry import importable_kinds

    result = _newer_mermaid_parse(text, name) or parse_diagrams([(name, text)])[0]
    if not result.ok:
        raise SpecErrors([SpecError(f"Mermaid cannot parse it: {result.error}", file=name)])
    importer = importer_for(str(result.diagram_type))
    # (swimlanes have a flowchart db too, and an importer of their own)
    if importer is None and result.graph is not None and "vertices" in result.graph:
        return import_flowchart(text, name, first_line)
    if importer is None:
        kinds = ", ".join(["flowchart", *importable_kinds()])
        raise SpecErrors(
            [
                SpecError(
                    f"import reads {kinds} so far; this is a {result.diagram_type}",
                    file=name,
                )
            ]
        )
    try:
        spec, warnings = importer(result, text, name, first_line)
    except SpecErrors:
        raise
    except Exception as exc:  # (an importer's bug must not end in a traceback)
        raise SpecErrors([_unexpected(exc, str(result.diagram_type), name, first_line)]) from None
    return ImportResult(spec, warnings)


def _unexpected(exc: Exception, kind: str, name: str, first_line: int) -> SpecError:
    """An importer that fails on a diagram Mermaid reads has met a construct it does not
    know: said as such, at the diagram (its first line), with what went wrong to report."""
    return SpecError(
        f"cannot import this construct of a {kind} diagram: the importer failed with"
        f" {type(exc).__name__}: {exc} (please report it with the diagram)",
        file=name,
        line=first_line,
    )


class _SpecDumper(yaml.SafeDumper):
    """Block style for the structure, flow style for small leaf mappings, readable text."""


def _short_list(value: Any) -> bool:
    """A few short scalars (`actors: [User, Claude]`): one line reads better than a column."""
    return (
        isinstance(value, list)
        and 0 < len(value) <= 6
        and all(not isinstance(v, dict | list) for v in value)
        and sum(len(str(v)) for v in value) <= 60
    )


def _represent_dict(dumper: yaml.SafeDumper, data: dict[str, Any]) -> yaml.Node:
    small = len(data) <= 6 and all(
        (not isinstance(v, dict | list) or _short_list(v))
        and not (isinstance(v, str) and "\n" in v)
        for v in data.values()
    )
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=small or None)


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    return dumper.represent_sequence(
        "tag:yaml.org,2002:seq", data, flow_style=_short_list(data) or None
    )


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    """Text of several lines as a block (`|-`) when YAML can keep it exactly so."""
    if (
        "\n" in data
        and data == data.strip()
        and not any(line != line.rstrip() for line in data.split("\n"))
    ):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")
    return dumper.represent_str(data)


_SpecDumper.add_representer(dict, _represent_dict)
_SpecDumper.add_representer(str, _represent_str)
_SpecDumper.add_representer(list, _represent_list)


def dump_spec(spec: dict[str, Any], header: str | None = None, schema: str | None = None) -> str:
    """The spec as YAML, with the editor's schema line when ``schema`` (a relative path)."""
    text = yaml.dump(spec, Dumper=_SpecDumper, sort_keys=False, allow_unicode=True, width=100)
    lines = [f"# yaml-language-server: $schema={schema}"] if schema else []
    if header:
        lines.append(f"# {header}")
    return "\n".join(lines) + "\n" + text
