"""Import of block diagrams: Mermaid's block db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    css_styles,
    line_matching,
    line_of,
    markup_warnings,
)
from specmaid.importing.nothing_drawn import require_content
from specmaid.mermaid.bridge import ParseResult

#: block db type → spec shape (None: a plain block, drawn as a rectangle)
SHAPES = {
    "na": None,
    "square": "square",
    "round": "round",
    "stadium": "stadium",
    "subroutine": "subroutine",
    "cylinder": "cylinder",
    "circle": "circle",
    "rect_left_inv_arrow": "asymmetric",
    "diamond": "diamond",
    "hexagon": "hexagon",
    "lean_right": "lean-right",
    "lean_left": "lean-left",
    "trapezoid": "trapezoid",
    "inv_trapezoid": "trapezoid-alt",
    "doublecircle": "double-circle",
}
#: a link's arrow in the block grammar (`-->`, `---`, `==>`, `-.->`, `--x`, `<-->`…)
_LINK = r"<?(?:--|==|-\.)[-=.]*[>xo]?"
#: the db's end marker of an edge → the spec's arrow ("" is a link without a head)
ARROWS = {"arrow_point": "to", "": "none", "arrow_cross": "cross", "arrow_circle": "circle"}


def _columns(value: Any) -> int | None:
    """`columns n` as the spec writes it; `columns auto` (-1) and none are the default."""
    return value if isinstance(value, int) and value > 0 else None


def import_block(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "block")
    graph = result.graph or {}
    # Mermaid draws block labels as HTML; a spec's are drawn as written (one line).
    warnings = markup_warnings(text, name, first_line, "block diagram")
    # Mermaid's block grammar has no accessibility statements; a title comes only from the
    # front matter (the spec keeps it: it is not drawn, which render reports).
    spec.pop("accessibility", None)
    taken = {str(b.get("id")) for b in _walk(graph.get("blocks") or [])}
    anonymous = iter(f"group{n}" for n in range(1, 10_000) if f"group{n}" not in taken)

    def fit(item: dict[str, Any], key: str, columns: int | None) -> None:
        """Mermaid lays a block wider than its container's columns out over the edge (and
        only logs it); a spec refuses it: written as wide as the container."""
        if columns is not None and item.get(key, 1) > columns:
            what = item.get("id") or item.get("group") or "a space"
            warn_line = line_matching(
                text, rf"(space|{re.escape(str(what))}\b.*):{item[key]}\b", first_line
            )
            warnings.append(
                SpecError(
                    f"{what!r} is {item[key]} columns wide in a container of {columns}, which a"
                    f" spec refuses; written as {columns}",
                    file=name,
                    line=warn_line,
                    severity="warning",
                )
            )
            item[key] = columns
            if key == "span" and columns == 1:
                del item[key]  # (one column is a block's own width)

    def chained_link(end: str | None = None) -> None:
        """`a --> b --> c`: the block grammar has no chains; Mermaid keeps, of such a line,
        a block without id (drawn as an empty box) and a link from it to `c` (not drawn),
        neither of which a spec can say: dropped, reported once per line."""
        pattern = rf"{_LINK}.*{_LINK}\S*\s*" + (rf"{re.escape(end)}\b" if end else "")
        line = line_matching(text, pattern, first_line)
        if any(w.line == line and "do not chain links" in w.message for w in warnings):
            return
        warnings.append(
            SpecError(
                "Mermaid's block diagrams do not chain links (`a --> b --> c`; write one link"
                " a line): it draws this line as an empty block and no link, neither of which"
                " was imported",
                file=name,
                line=line,
                severity="warning",
            )
        )

    def entries(blocks: list[dict[str, Any]], columns: int | None) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        seen_spaces: set[str] = set()
        for block in blocks:
            kind = block.get("type")
            if kind == "space":
                # Mermaid keeps `space:n` as n copies, each with the statement's id as label.
                if block.get("label") not in seen_spaces:
                    seen_spaces.add(str(block.get("label")))
                    out.append({"space": int(block.get("width") or 1)})
                    fit(out[-1], "space", columns)
                continue
            if kind == "composite":
                group_id = str(block["id"])
                if group_id.startswith("id-") and not line_of(text, group_id, first_line):
                    group_id = next(anonymous)  # `block … end` without an id: Mermaid made one
                group: dict[str, Any] = {"group": group_id}
                if block.get("label"):
                    group["label"] = block["label"]
                if (block.get("widthInColumns") or 1) > 1:
                    group["span"] = block["widthInColumns"]
                group_columns = _columns(block.get("columns"))
                if group_columns:
                    group["columns"] = group_columns
                fit(group, "span", columns)
                group["blocks"] = entries(block.get("children") or [], group_columns)
                _classes_and_style(block, group)
                out.append(group)
                continue
            if "id" not in block:
                chained_link()  # (the chain's unnamed start: Mermaid draws it as an empty box)
                continue
            item: dict[str, Any] = {"id": str(block["id"])}
            label = block.get("label")
            if kind == "block_arrow":
                if label and label.strip(" "):
                    item["label"] = label
                directions = block.get("directions") or ["right"]
                item["arrow"] = directions[0] if len(directions) == 1 else list(directions)
            else:
                if label is not None and label != block["id"]:
                    item["label"] = label
                shape = SHAPES.get(kind or "na")
                if shape:
                    item["shape"] = shape
            if (block.get("widthInColumns") or 1) > 1:
                item["span"] = block["widthInColumns"]
            fit(item, "span", columns)
            _classes_and_style(block, item)
            out.append(item)
        return out

    columns = _columns(graph.get("rootColumns"))
    if columns:
        spec["columns"] = columns
    spec["blocks"] = entries(graph.get("blocks") or [], columns)
    edges = []
    for edge in graph.get("edges") or []:
        if "start" not in edge or "end" not in edge:
            chained_link(edge.get("end"))
            continue
        item = {"from": str(edge["start"]), "to": str(edge["end"])}
        if edge.get("label"):
            item["label"] = edge["label"]
        if edge.get("thickness") == "thick":
            item["line"] = "thick"
        elif edge.get("pattern") == "dotted":
            item["line"] = "dotted"
        arrow = ARROWS.get(edge.get("arrowTypeEnd") or "", "to")
        if edge.get("arrowTypeStart") == "arrow_point" and arrow == "to":
            arrow = "both"
        if arrow != "to":
            item["arrow"] = arrow
        edges.append(item)
    if edges:
        spec["edges"] = edges
    classes = {
        class_name: css_styles(value.get("styles") or [])
        for class_name, value in (graph.get("classes") or {}).items()
        if value.get("styles")
    }
    if classes:
        spec["classes"] = classes
    _drop_undefined_classes(spec["blocks"], classes, text, name, first_line, warnings)
    require_content(spec.get("blocks"), "no blocks", "block diagram", name, first_line)
    return spec, warnings


def _drop_undefined_classes(
    entries: list[dict[str, Any]],
    classes: dict[str, Any],
    text: str,
    name: str,
    first_line: int,
    warnings: list[SpecError],
) -> None:
    """A `class` naming no `classDef` styles nothing in Mermaid, and a spec refuses it."""
    for entry in entries:
        refs = entry.get("class")
        if refs is not None:
            kept = [c for c in ([refs] if isinstance(refs, str) else refs) if c in classes]
            for missing in [
                c for c in ([refs] if isinstance(refs, str) else refs) if c not in classes
            ]:
                warnings.append(
                    SpecError(
                        f"the class {missing!r} of {entry.get('id') or entry.get('group')!r} has"
                        " no classDef (it styles nothing), so it was not imported",
                        file=name,
                        line=line_matching(
                            text, rf"^\s*class\s.*\b{re.escape(missing)}\s*;?\s*$", first_line
                        ),
                        severity="warning",
                    )
                )
            if kept:
                entry["class"] = kept[0] if len(kept) == 1 else kept
            else:
                del entry["class"]
        _drop_undefined_classes(
            entry.get("blocks") or [], classes, text, name, first_line, warnings
        )


def _walk(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for block in blocks:
        out.append(block)
        out.extend(_walk(block.get("children") or []))
    return out


def _classes_and_style(block: dict[str, Any], item: dict[str, Any]) -> None:
    classes = list(dict.fromkeys(block.get("classes") or []))
    if classes:
        item["class"] = classes[0] if len(classes) == 1 else classes
    styles = css_styles(block.get("styles") or [])
    if styles:
        item["style"] = styles
