"""Marking a diff in the new diagram, for ``--format markdown``.

The colours come from the head theme's ``diff:`` key (CSS properties for ``added``,
``changed`` and ``removed``), over defaults for light and dark themes. Marks are *added*
to the diagram, never put in place of what it has: a kind that supports it gets a class of
its own appended to each changed element (Mermaid keeps an element's other classes), and
removed elements drawn as ghosts where the kind can draw them. A kind's
``specmaid.kinds.<kind>.diff`` marks its diagrams with ``highlight(diagram, styles)``:
flowcharts and swimlanes (marks on nodes, subgraphs and edges, ghosts of removed nodes and
edges), state, class, ER and block diagrams (marks on states, classes, entities and
blocks). The other kinds have no statement that adds a class to an element without rewriting
it (sequence, charts, mind maps …): they are drawn unmarked, with a note, and their
changes are listed below.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from specmaid.diff.extract import extractor_module
from specmaid.diff.projection import Item
from specmaid.diff.run import SpecDiff

Styles = dict[str, dict[str, str]]

LIGHT: Styles = {
    "added": {"fill": "#dafbe1", "stroke": "#1a7f37", "stroke-width": "3px", "color": "#0b3d1b"},
    "changed": {"fill": "#fff8c5", "stroke": "#bf8700", "stroke-width": "3px", "color": "#3b2300"},
    "removed": {
        "fill": "#f6f8fa",
        "stroke": "#8c959f",
        "stroke-width": "2px",
        "stroke-dasharray": "5 5",
        "color": "#8c959f",
    },
}
DARK: Styles = {
    "added": {"fill": "#12361d", "stroke": "#3fb950", "stroke-width": "3px", "color": "#aff5b4"},
    "changed": {"fill": "#3a2c05", "stroke": "#d29922", "stroke-width": "3px", "color": "#f8e3a1"},
    "removed": {
        "fill": "#161b22",
        "stroke": "#6e7681",
        "stroke-width": "2px",
        "stroke-dasharray": "5 5",
        "color": "#8b949e",
    },
}
#: The properties of a mark that apply to a line (an edge).
LINE_PROPERTIES = ("stroke", "stroke-width", "stroke-dasharray", "opacity")
# (Removed elements are faded by their colours, not by `opacity`: ER diagrams' classDef
# grammar cannot read a decimal point.)
NO_MARKS = (
    "Mermaid cannot give this kind's elements an extra class, so the diagram is drawn"
    " unmarked; the changes are listed below."
)


def is_dark(config: Mapping[str, Any]) -> bool:
    variables = config.get("themeVariables")
    dark_mode = isinstance(variables, Mapping) and str(variables.get("darkMode")).lower() == "true"
    return config.get("theme") == "dark" or dark_mode


def styles_for(diagram: SpecDiff) -> Styles:
    """The marks' CSS: the theme's ``diff:`` over the light or dark defaults."""
    assert diagram.head is not None
    theme = diagram.head.theme
    config = dict(theme.config) if theme is not None else {}
    config.update(diagram.head.rendered.spec.get("config") or {})
    base = DARK if is_dark(config) else LIGHT
    own = theme.diff if theme is not None else {}
    return {
        op: {**base[op], **{str(k): str(v) for k, v in (own.get(op) or {}).items()}} for op in base
    }


def highlighted(diagram: SpecDiff) -> tuple[str, str | None]:
    """The head diagram's text with the changes marked, and a note when it cannot be."""
    assert diagram.head is not None
    text = diagram.head.rendered.text
    if diagram.status == "added" or not diagram.changes:
        return text, None
    module = extractor_module(diagram.kind)
    mark = getattr(module, "highlight", None)
    if mark is None:
        return text, NO_MARKS
    marked = mark(diagram, styles_for(diagram))
    if marked == text:
        return (
            text,
            "None of these changes can be marked in this kind's diagram; they are listed below.",
        )
    return marked, None


def style_text(styles: Mapping[str, str], only: tuple[str, ...] | None = None) -> str:
    from specmaid.pipeline.escape import style_list

    return style_list({k: v for k, v in styles.items() if only is None or k in only})


def class_names(taken: set[str]) -> dict[str, str]:
    """The marks' class names, made unique against the diagram's own classes."""
    names = {}
    for op in ("added", "changed", "removed"):
        name = f"specmaid{op.capitalize()}"
        while name in taken:
            name += "_"
        names[op] = name
    return names


def class_marks(
    diagram: SpecDiff,
    styles: Styles,
    mermaid_id: Callable[[Item], str | None],
    taken: set[str],
    *,
    statement: str = "class {ids} {name}",
    define_first: bool = True,
    ghost: Callable[[Item, str], str] | None = None,
    ghost_types: tuple[str, ...] = (),
    ghost_link: Callable[[Item, str, str], str] | None = None,
) -> str:
    """The head text with a mark class added to every added and changed element that
    ``mermaid_id`` names (in kinds whose ``class`` statement appends a class, so the
    element keeps its own). With ``ghost`` (the line declaring a removed element under a
    new id) removed elements of ``ghost_types`` are drawn again with the ``removed`` mark, and with
    ``ghost_link`` (a dashed line between two ids) removed links between drawn elements."""
    assert diagram.head is not None
    names = class_names(taken)
    marked: dict[str, list[str]] = {"added": [], "changed": [], "removed": []}
    ghosts: list[str] = []
    ghost_ids: dict[str, str] = {}
    for change in diagram.changes:
        if change.op == "removed":
            item = change.base
            if ghost is None or item is None or item.key is None or item.type not in ghost_types:
                continue
            ghost_ids[item.key] = f"specmaid_removed_{len(ghost_ids)}"
            ghosts.append("    " + ghost(item, ghost_ids[item.key]))
            marked["removed"].append(ghost_ids[item.key])
            continue
        if change.head is None:
            continue
        found = mermaid_id(change.head)
        op = "added" if change.op == "added" else "changed"
        if found is not None and found not in marked[op]:
            marked[op].append(found)
    if ghost_link is not None:
        head_items = {i.key: i for i in diagram.head.projection.items if i.key is not None}
        for change in diagram.changes:
            item = change.base
            if change.op != "removed" or item is None or item.key is not None:
                continue
            if "from" not in item.refs or "to" not in item.refs:
                continue
            ends = []
            for side in ("from", "to"):
                key = item.refs[side][0]
                kept = head_items.get(diagram.keymap.get(key, ""))
                ends.append(mermaid_id(kept) if kept is not None else ghost_ids.get(key))
            if ends[0] is not None and ends[1] is not None:
                ghosts.append("    " + ghost_link(item, ends[0], ends[1]))
    lines: list[str] = list(ghosts)
    for op, ids in marked.items():
        if not ids:
            continue
        define = f"    classDef {names[op]} {style_text(styles[op])}"
        mark = "    " + statement.format(ids=",".join(ids), name=names[op])
        lines += [define, mark] if define_first else [mark, define]
    text = diagram.head.rendered.text
    return text.rstrip("\n") + "\n" + "\n".join(lines) + "\n" if lines else text
