"""Import of state diagrams (`stateDiagram` / `stateDiagram-v2`).

The spec is built from what Mermaid draws: the nodes and edges its state db hands the renderer
(`getData()`), not from the statements. That settles Mermaid's own rules for us: a state's
shape comes from its first mention (`state c <<choice>>` after `a --> c` draws a plain box), a
state belongs to the composite where it was first seen, `state "L" as s` and `s : L` draw the
same, and `[*]` is a start or end node of the group it is written in. Nodes become states in
their group (the diagram, a composite state, or one of its concurrent regions), edges become
transitions in the innermost group holding both ends, notes go back on their state.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    css_styles,
    line_breaks,
    line_matching,
    line_of,
    markup_warnings,
)
from specmaid.kinds.state import RESERVED, is_state_id
from specmaid.mermaid.bridge import ParseResult

#: getData() shapes → spec state types (other shapes are normal states).
TYPES = {"choice": "choice", "fork": "fork", "join": "join"}
PSEUDO = {"stateStart", "stateEnd"}
_HIDE_EMPTY_RE = re.compile(r"^\s*hide empty description\b", re.I | re.M)
_NOTE_ID_RE = re.compile(r"^(.*)----note-\d+$")

Group = tuple[str, ...]  # () the diagram, (composite,) or (composite, "regions", "k")


def _classes(css: str) -> list[str]:
    """The user's classes of a node (Mermaid adds its own `statediagram-…` ones)."""
    return [c for c in css.split() if not c.startswith("statediagram-")]


def import_state(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "state")
    graph = result.graph or {}
    data = graph.get("data") or {}
    warnings: list[SpecError] = []

    def warn(message: str, pattern: str | None = None) -> None:
        line = line_matching(text, pattern, first_line) if pattern else None
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    if data.get("direction") and data["direction"] != "TB":
        spec["direction"] = data["direction"]
    if _HIDE_EMPTY_RE.search(text):
        spec["hide_empty_description"] = True

    nodes: list[dict[str, Any]] = list(data.get("nodes") or [])
    by_id = {node["id"]: node for node in nodes}
    # Where each group's contents go in the spec, and where each node lives.
    groups: dict[Group, dict[str, Any]] = {(): spec}
    group_of_node: dict[str, Group] = {}
    parent_group: dict[Group, Group] = {}  # each group → the group around it
    region_count: dict[str, int] = {}

    def group_for(parent: str | None) -> Group:
        if parent is None or parent not in by_id:
            return ()
        node = by_id[parent]
        if node.get("shape") == "divider":
            return group_of_node[parent]
        return (parent,)

    for node in nodes:
        nid, shape = node["id"], node.get("shape")
        parent = node.get("parentId")
        if shape in ("noteGroup", "note"):
            continue
        if shape == "divider":
            owner = by_id.get(parent or "")
            if owner is None:
                continue
            index = region_count.get(owner["id"], 0)
            region_count[owner["id"]] = index + 1
            state = groups[group_for(owner.get("parentId"))]["states"][owner["id"]]
            state.pop("states", None)
            state.setdefault("regions", []).append({})
            group = (owner["id"], "regions", str(index))
            groups[group] = state["regions"][index]
            parent_group[group] = group_of_node[owner["id"]]
            group_of_node[nid] = group
            if node.get("dir") and node["dir"] != "TB":
                if index == 0:
                    state["direction"] = node["dir"]
                else:
                    warn(
                        f"the direction {node['dir']} of region {index + 1} of"
                        f" {owner['id']!r} is dropped (a spec sets one direction per"
                        " composite state, written in its first region)",
                        rf"direction\s+{node['dir']}",
                    )
            continue
        group = group_for(parent)
        group_of_node[nid] = group
        if shape in PSEUDO:
            continue
        item: dict[str, Any] = {}
        label = str(node.get("label", nid))
        # `<br>` in a state's texts is drawn as a line break; a spec writes a line break.
        descriptions = [line_breaks(str(d)) for d in node.get("description") or []]
        if shape in TYPES:
            item["type"] = TYPES[shape]
        elif label != nid or descriptions or shape == "rectWithTitle":
            item["label"] = line_breaks(label)
        if descriptions:
            item["description"] = descriptions[0] if len(descriptions) == 1 else descriptions
        classes = _classes(str(node.get("cssClasses") or ""))
        if classes:
            item["class"] = classes[0] if len(classes) == 1 else classes
        if node.get("cssStyles"):
            item["style"] = css_styles(node["cssStyles"])
        if node.get("isGroup"):
            if node.get("dir") and node["dir"] != "TB":
                item["direction"] = node["dir"]
            item["states"] = {}
            groups[(nid,)] = item
            parent_group[(nid,)] = group
        groups[group].setdefault("states", {})[nid] = item

    # Notes: a `noteGroup` wraps the state, the `note` node holds the text and side.
    for node in nodes:
        if node.get("shape") != "note":
            continue
        match = _NOTE_ID_RE.match(node["id"])
        sid = match.group(1) if match else None
        target = _find_state(groups, group_of_node, sid)
        if target is None:
            continue
        # A note's lines keep their indentation in the db; HTML collapses it when drawn, and
        # a spec's note is written unindented.
        body = "\n".join(
            line.strip() for line in line_breaks(str(node.get("label", ""))).split("\n")
        )
        note: dict[str, Any] = {"text": body}
        if node.get("position") == "left of":
            note["side"] = "left"
        target["note"] = note

    # Transitions, in the innermost group holding both ends (`[*]`: the group it belongs to).
    for edge in data.get("edges") or []:
        start, end = edge.get("start"), edge.get("end")
        if "----note" in str(edge.get("id", "")) or start not in by_id or end not in by_id:
            continue
        ends = []
        for nid in (start, end):
            shape = by_id[nid].get("shape")
            ends.append("[*]" if shape in PSEUDO else nid)
        group = _common_group(group_of_node[start], group_of_node[end], parent_group)
        row: dict[str, Any] = {"from": ends[0], "to": ends[1]}
        if edge.get("label"):
            row["label"] = line_breaks(str(edge["label"]))
        groups[group].setdefault("transitions", []).append(row)

    for item in _walk_states(spec):
        if item.get("states") == {} and "regions" not in item:
            del item["states"]

    classes = {
        class_name: css_styles(value.get("styles") or [])
        for class_name, value in (graph.get("classes") or {}).items()
        if value.get("styles")
    }
    if classes:
        spec["classes"] = classes
    if graph.get("links"):
        warn("`click` links are not part of a state spec; they were left out", r"^\s*click\s")
    if re.search(r"^\s*scale\s+\d+", text, re.M):
        warn("`scale … width` is not part of a state spec; it was left out", r"^\s*scale\s")
    for match in re.finditer(r"^\s*note\s+\"[^\"]*\"\s+as\s+\S+", text, re.M):
        warn(
            'a floating note (`note "…" as N`) is not drawn by Mermaid\'s state diagrams; left out',
            re.escape(match.group(0).strip()),
        )
    warnings.extend(markup_warnings(text, name, first_line, "state diagram", line_breaks=True))
    _rename_unwritable_ids(spec, text, name, first_line, warnings)
    # Shorten a state that is only a label into the label itself (as a spec author writes).
    for states in _state_maps(spec):
        for sid, item in states.items():
            if item == {}:
                states[sid] = None
            elif set(item) == {"label"}:
                states[sid] = item["label"]
    return spec, warnings


def _state_maps(node: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for group in [node, *(node.get("regions") or [])]:
        states = group.get("states")
        if isinstance(states, dict):
            out.append(states)
            for child in states.values():
                if isinstance(child, dict):
                    out.extend(_state_maps(child))
    return out


def _walk_states(node: dict[str, Any]) -> list[dict[str, Any]]:
    return [item for states in _state_maps(node) for item in states.values()]


def _find_state(
    groups: dict[Group, dict[str, Any]], group_of_node: dict[str, Group], sid: str | None
) -> dict[str, Any] | None:
    if sid is None or sid not in group_of_node:
        return None
    states = groups[group_of_node[sid]].get("states") or {}
    found = states.get(sid)
    return found if isinstance(found, dict) else None


def _common_group(a: Group, b: Group, parent_group: dict[Group, Group]) -> Group:
    """The innermost group holding both `a` and `b`."""
    around_b = set(_chain(b, parent_group))
    return next((g for g in _chain(a, parent_group) if g in around_b), ())


def _chain(group: Group, parent_group: dict[Group, Group]) -> list[Group]:
    """`group` and the groups around it, innermost first."""
    out = [group]
    while group != ():
        group = parent_group.get(group, ())
        out.append(group)
    return out


def _readable_state_id(state_id: str, taken: set[str]) -> str:
    """A stable, readable stand-in for a state id render would rename (`diseño` → `diseno`,
    `a.b` → `a_b`): its letters without accents and its digits joined by `_`,
    numbered (`_2`, `_3`…) when that is taken."""
    ascii_text = unicodedata.normalize("NFKD", state_id).encode("ascii", "ignore").decode()
    base = re.sub(r"[^A-Za-z0-9]+", "_", ascii_text).strip("_")
    if not base or base.lower() in RESERVED:
        base = f"s_{base}" if base else "state"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}_{number}"
    return candidate


def _groups_of(node: dict[str, Any]) -> list[dict[str, Any]]:
    """Every group (the diagram, each composite state, each region) that holds states or
    transitions."""
    out = [node]
    for group in [node, *(node.get("regions") or [])]:
        if group is not node:
            out.append(group)
        for child in (group.get("states") or {}).values():
            if isinstance(child, dict):
                out.extend(_groups_of(child))
    return out


def _rename_unwritable_ids(
    spec: dict[str, Any], text: str, name: str, first_line: int, warnings: list[SpecError]
) -> None:
    """State ids render would have to rename with a hash (`class` and `style` statements
    take only plain words): renamed here once, readably, with a warning, and kept as the
    state's label when the state showed its id."""
    groups = _groups_of(spec)
    every = [sid for group in groups for sid in group.get("states") or {}]
    taken = set(every)
    renames: dict[str, str] = {}
    for old in every:
        if is_state_id(old) or old in renames:
            continue
        new = _readable_state_id(old, taken)
        taken.add(new)
        renames[old] = new
        warnings.append(
            SpecError(
                f"the state id {old!r} is written {new!r}: Mermaid's state diagrams read"
                " only ASCII letters, digits and `_` back as the same id in every place a"
                " spec puts one (`class` and `style` refuse the rest)",
                file=name,
                line=line_of(text, old, first_line),
                severity="warning",
            )
        )
    if not renames:
        return
    for group in groups:
        states = group.get("states")
        if isinstance(states, dict):
            renamed: dict[str, Any] = {}
            for sid, item in states.items():
                if sid in renames and "type" not in item and "label" not in item:
                    # In place, label first: the composite's own groups are in `groups` too.
                    shown = {"label": sid, **item}
                    item.clear()
                    item.update(shown)
                renamed[renames.get(sid, sid)] = item
            group["states"] = renamed
        for row in group.get("transitions") or []:
            for end in ("from", "to"):
                row[end] = renames.get(row[end], row[end])
