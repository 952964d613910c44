"""Import of C4 diagrams: Mermaid's c4 db → a spec (see importing/dispatch.py).

The db keeps the shapes, boundaries (each with its parent) and relations with what
`UpdateElementStyle` / `UpdateRelStyle` / `UpdateLayoutConfig` set on them; the level, C4's own
`title` and the layout come from `c4Extras` in mermaid_parse.mjs.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching
from specmaid.mermaid.bridge import ParseResult

LEVELS = {
    "C4Context": "context",
    "C4Container": "container",
    "C4Component": "component",
    "C4Dynamic": "dynamic",
    "C4Deployment": "deployment",
}
#: c4 db relation type → (spec direction, two-way)
RELATIONS = {
    "rel": (None, False),
    "birel": (None, True),
    "rel_u": ("up", False),
    "rel_d": ("down", False),
    "rel_l": ("left", False),
    "rel_r": ("right", False),
    "rel_b": ("back", False),
}
#: deployment node types (db nodeType) → spec boundary kind
NODES = {"node": "node", "nodeL": "node_left", "nodeR": "node_right"}
#: a boundary's db type → its kind, for the boundaries whose macro fixes the type
FIXED_TYPES = {"ENTERPRISE": "enterprise", "SYSTEM": "system", "CONTAINER": "container"}
ELEMENT_STYLES = (("bgColor", "background"), ("fontColor", "font"), ("borderColor", "border"))
REL_STYLES = (
    ("textColor", "text"),
    ("lineColor", "line"),
    ("offsetX", "offset_x"),
    ("offsetY", "offset_y"),
)
#: what the db may hold that a spec does not say: how a warning names it, and the statement
#: that sets it (any that names the alias when empty)
UNKEPT = {
    "sprite": ("sprite", ""),
    "tags": ("tags", ""),
    "shadowing": ("shadowing", "UpdateElementStyle"),
    "shape": ("shape", "UpdateElementStyle"),
    "legendText": ("legend text", "UpdateElementStyle"),
    "legendSprite": ("legend sprite", "UpdateElementStyle"),
}
_ALIAS_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _text(value: Any) -> str:
    """A db text: `{text: …}` or (what `$name=` attributes set) a plain string."""
    if isinstance(value, dict):
        return str(value.get("text") or "")
    return "" if value is None else str(value)


def import_c4(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "c4")
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, alias: str | None, statement: str = "") -> None:
        """A warning at the first `<statement>(alias, …` line (any statement by default)."""
        line = (
            line_matching(text, rf"{statement}\(\s*{re.escape(alias)}\s*[,)]", first_line)
            if alias
            else None
        )
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    # C4 draws its own `title` statement (accTitle sets it too), not the front-matter title.
    frontmatter_title = spec.pop("title", None)
    if graph.get("c4Title"):
        spec["title"] = graph["c4Title"]
    elif frontmatter_title:
        warnings.append(
            SpecError(
                f"the front-matter title {frontmatter_title!r} was not imported: C4 diagrams draw"
                " only their `title` statement",
                file=name,
                line=line_matching(text, r"^\s*title\s*:", first_line),
                severity="warning",
            )
        )
    level = LEVELS.get(str(graph.get("c4Type")), "context")
    if level != "context":
        spec["level"] = level

    # Aliases a spec cannot use (letters, digits, _) get one it can, reported.
    shapes = graph.get("c4ShapeArray") or []
    boundaries = [b for b in graph.get("boundaries") or [] if b.get("alias") != "global"]
    taken = {str(item["alias"]) for item in [*shapes, *boundaries]}
    aliases: dict[str, str] = {}
    for item in [*shapes, *boundaries]:
        alias = str(item["alias"])
        if _ALIAS_RE.match(alias):
            aliases[alias] = alias
            continue
        base = re.sub(r"\W", "_", alias, flags=re.ASCII) or "_"
        base = base if re.match(r"[A-Za-z_]", base) else f"_{base}"
        new, n = base, 1
        while new in taken:
            n += 1
            new = f"{base}_{n}"
        taken.add(new)
        aliases[alias] = new
        warn(f"the alias {alias!r} is not one a spec can use; written as {new!r}", alias)

    def unkept(item: dict[str, Any], what: str) -> None:
        for key, (label, statement) in UNKEPT.items():
            value = _text(item.get(key))
            if value:
                warn(f"not imported: the {label} of {what} ({value!r})", item["alias"], statement)

    elements: dict[str, Any] = {}
    for shape in shapes:
        alias = str(shape["alias"])
        shape_type = _text(shape.get("typeC4Shape"))
        external = shape_type.startswith("external_")
        kind = shape_type.removeprefix("external_")
        element: dict[str, Any] = {"kind": kind, "label": _text(shape.get("label"))}
        technology = _text(shape.get("techn"))
        if kind.startswith(("container", "component")):
            if technology:
                element["technology"] = technology
        elif technology:
            warn(f"the technology of {alias!r} was not imported: C4 people and systems have"
                 " none", alias)  # fmt: skip
        if _text(shape.get("descr")):
            element["description"] = _text(shape["descr"])
        if external:
            element["external"] = True
        if _text(shape.get("link")):
            element["link"] = _text(shape["link"])
        style = {key: str(shape[db_key]) for db_key, key in ELEMENT_STYLES if shape.get(db_key)}
        if style:
            element["style"] = style
        unkept(shape, f"element {alias!r}")
        elements[aliases[alias]] = element
    spec["elements"] = elements

    by_parent: dict[str, list[dict[str, Any]]] = {}
    for boundary in boundaries:
        by_parent.setdefault(str(boundary.get("parentBoundary") or "global"), []).append(boundary)
    members: dict[str, list[str]] = {}
    for shape in shapes:
        parent = str(shape.get("parentBoundary") or "global")
        members.setdefault(parent, []).append(aliases[str(shape["alias"])])

    def boundary_spec(boundary: dict[str, Any]) -> dict[str, Any]:
        alias = str(boundary["alias"])
        out: dict[str, Any] = {}
        boundary_type = _text(boundary.get("type"))
        if boundary.get("nodeType"):
            out["kind"] = NODES.get(str(boundary["nodeType"]), "node")
            if boundary_type and boundary_type != "node":
                out["type"] = boundary_type
            if _text(boundary.get("descr")):
                out["description"] = _text(boundary["descr"])
        elif boundary_type in FIXED_TYPES:
            out["kind"] = FIXED_TYPES[boundary_type]
        else:
            out["kind"] = "boundary"
            if boundary_type and boundary_type != "system":
                out["type"] = boundary_type
        label = _text(boundary.get("label"))
        if label != alias or aliases[alias] != alias:
            out["label"] = label
        if members.get(alias):
            out["elements"] = members[alias]
        nested = {aliases[str(b["alias"])]: boundary_spec(b) for b in by_parent.get(alias, [])}
        if nested:
            out["boundaries"] = nested
        unkept(boundary, f"boundary {alias!r}")
        for key in ("link", *(k for k, _ in ELEMENT_STYLES)):
            if _text(boundary.get(key)):
                warn(f"not imported: the {key} of boundary {alias!r} (a spec's boundary has"
                     " none)", alias, "" if key == "link" else "UpdateElementStyle")  # fmt: skip
        return out

    tops = {aliases[str(b["alias"])]: boundary_spec(b) for b in by_parent.get("global", [])}
    if tops:
        spec["boundaries"] = tops

    relations = []
    for rel in graph.get("rels") or []:
        source, target = str(rel["from"]), str(rel["to"])
        where = f"the relation from {source!r} to {target!r}"

        def warn_rel(message: str, source: str = source, target: str = target) -> None:
            pattern = rf"\(\s*{re.escape(source)}\s*,\s*{re.escape(target)}\s*,"
            line = line_matching(text, pattern, first_line)
            warnings.append(SpecError(message, file=name, line=line, severity="warning"))

        if aliases.get(source) not in elements or aliases.get(target) not in elements:
            warn_rel(f"{where} was not imported: a spec's relations join elements")
            continue
        relation: dict[str, Any] = {
            "from": aliases[source],
            "to": aliases[target],
            "label": _text(rel.get("label")),
        }
        if _text(rel.get("techn")):
            relation["technology"] = _text(rel["techn"])
        direction, both = RELATIONS.get(str(rel.get("type")), (None, False))
        if direction:
            relation["direction"] = direction
        if both:
            relation["both"] = True
        if _text(rel.get("link")):
            relation["link"] = _text(rel["link"])
        style = {key: rel[db_key] for db_key, key in REL_STYLES if rel.get(db_key) is not None}
        if style:
            relation["style"] = {
                k: (int(v) if k.startswith("offset") else str(v)) for k, v in style.items()
            }
        if _text(rel.get("descr")):
            warn_rel(f"the description of {where} ({_text(rel['descr'])!r}) was not imported:"
                     " a spec's relation has a label and a technology")  # fmt: skip
        for key in ("sprite", "tags"):
            if _text(rel.get(key)):
                warn_rel(f"not imported: the {key} of {where} ({_text(rel[key])!r})")
        relations.append(relation)
    if relations:
        spec["relations"] = relations

    layout = {}
    if graph.get("shapeInRow") not in (None, 4):
        layout["shapes_per_row"] = int(graph["shapeInRow"])
    if graph.get("boundaryInRow") not in (None, 2):
        layout["boundaries_per_row"] = int(graph["boundaryInRow"])
    if layout:
        spec["layout"] = layout
    return spec, warnings
