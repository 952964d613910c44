"""Architecture diagrams: services and junctions in groups, joined at their sides.

```yaml
diagram: architecture
groups:
  anthropic: {label: Anthropic, icon: cloud}
  safeguards: {label: Safeguards, in: anthropic}
services:
  model: {label: Claude 3.7 Sonnet, icon: server, in: anthropic}
  classifier: {label: Classifier, icon: server, in: safeguards}
  user: {label: User, icon: internet}
junctions:
  split: {in: anthropic}
edges:
  - {from: user, from_side: R, to: model, to_side: L, arrow: to, label: prompt}
  - {from: model, from_side: B, to: split, to_side: T}
  - {from: split, from_side: R, to: safeguards, to_side: L, arrow: to}
align:
  - {row: [user, model]}
```
`groups`, `services` and `junctions` map an id to its entry; `in` puts it inside a group.
Icons are Mermaid's `cloud`, `database`, `disk`, `internet`, `server`, or `pack:name` from
an icon pack registered with Mermaid; `icon_text` draws text in the icon's place. An edge
joins two sides (`T`, `B`, `L`, `R`) and may point `to`, `from`, `both` or `none`; an end
that names a group attaches to the group's border (Mermaid's `{group}`). `align` keeps
services or junctions in one `row` or `column` (Mermaid 11.15+). Labels are drawn as
Markdown: `**bold**` and `_italic_` format, and characters Markdown would drop are refused.
Mermaid draws no title here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.architecture.schema import BUILTIN_ICONS, PROPERTIES
from specmaid.kinds.base import (
    BuildInput,
    DiagramKind,
    FeatureUse,
    check_no_entities,
    entries,
)
from specmaid.kinds.beta_helpers import one_line, safe_id, warn_title_not_drawn
from specmaid.mermaid.versions import CHECKED_NOTE, since

#: Words of the grammar that cannot be ids.
_KEYWORDS = frozenset(
    {"group", "service", "junction", "in", "align", "row", "column", "architecture-beta"}
)
#: Markdown the label renderer does not show as written: code, strikethrough, escapes,
#: links and autolinks vanish, HTML tags are split (checked with Mermaid 11.17.2).
_LOST_MARKDOWN = (
    (re.compile(r"`"), "'`' (Markdown code)"),
    (re.compile(r"~"), "'~' (Markdown strikethrough)"),
    (re.compile(r"\\"), "'\\' (a Markdown escape)"),
    (re.compile(r"://|\bwww\.|\S@\S+\.\w|\]\("), "a link or address (Markdown autolink)"),
    (re.compile(r"</?[A-Za-z]"), "an HTML tag (Markdown splits it into words)"),
)
#: `&name;` / `&#123;` would be decoded by the Markdown pass: write the `&` as `&amp;`.
_HTML_ENTITY_RE = re.compile(r"&(?=#?\w+;)")


def _arch_id(user_id: str) -> str:
    """Ids are not drawn (labels are); an id the lexer misreads is renamed. Besides the
    keywords, an id starting with L, R, T or B is read as a side at the start of an edge
    line, and one starting with `title` as a title statement."""
    is_safe = (
        bool(re.match(r"^[a-z_][A-Za-z0-9_]*$", user_id))
        and user_id not in _KEYWORDS
        and not user_id.startswith("title")
    )
    return safe_id(user_id, is_safe)


def _title(value: Any, path: tuple[Any, ...], report: Reporter) -> str:
    """A `[…]` title: plain where possible, else quoted (brackets, surrounding quotes)."""
    label = one_line(value)
    check_no_entities(label, path, report, "architecture diagram")
    if "%%" in label:
        report.error(path, "found '%%'; Mermaid reads it as a comment or directive")
    for pattern, what in _LOST_MARKDOWN:
        if pattern.search(label):
            report.error(
                path,
                f"found {what}; Mermaid draws architecture labels as Markdown and would not"
                " show it as written",
            )
    label = _HTML_ENTITY_RE.sub("&amp;", label)
    # Unquoted titles cannot be empty, and Mermaid strips one pair of surrounding quotes.
    quoted = label[:1] in "\"'" and label[-1:] == label[:1] and len(label) > 1
    if quoted or not label or "[" in label or "]" in label:
        return '["' + label.replace('"', '\\"') + '"]'
    return f"[{label}]"


@dataclass
class ArchitectureModel:
    lines: list[str] = field(default_factory=list)


@dataclass
class _Item:
    kind: str  # "groups", "services" or "junctions"
    spec: dict[str, Any]
    mid: str  # the id written to Mermaid
    parent: str | None = None  # the user id of its group, when valid


def build(inp: BuildInput, report: Reporter) -> ArchitectureModel:
    spec = inp.spec
    warn_title_not_drawn(spec, report, "architecture diagrams")
    model = ArchitectureModel()
    items: dict[str, _Item] = {}
    for kind in ("groups", "services", "junctions"):
        for user_id, entry in (spec.get(kind) or {}).items():
            if user_id in items:
                report.error(
                    (kind, user_id),
                    f"{user_id!r} is already used under {items[user_id].kind}",
                    at_key=True,
                )
                continue
            items[user_id] = _Item(kind, entry or {}, _arch_id(user_id))
    groups = {k: v for k, v in items.items() if v.kind == "groups"}

    for user_id, item in items.items():
        parent = item.spec.get("in")
        if parent is None:
            continue
        where = (item.kind, user_id, "in")
        if parent == user_id:
            report.error(where, f"{user_id!r} cannot be inside itself")
        elif parent not in groups:
            if parent in items:
                message = f"{parent!r} is a {items[parent].kind[:-1]}, not a group"
            else:
                message = f"unknown group {parent!r}." + did_you_mean(parent, groups)
            report.error(where, message)
        else:
            item.parent = parent

    # Mermaid needs a group declared before anything placed in it: parents first.
    for user_id in _groups_parents_first(groups, report):
        model.lines.append(_group_line(user_id, groups[user_id], items, report))
    for user_id, item in items.items():
        if item.kind == "services":
            model.lines.append(_service_line(user_id, item, items, report))
        elif item.kind == "junctions":
            model.lines.append(f"junction {item.mid}{_in(item, items)}")
    for i, edge in enumerate(spec.get("edges") or []):
        line = _edge_line(edge, ("edges", i), items, report)
        if line:
            model.lines.append(line)
    for i, entry in enumerate(spec.get("align") or []):
        line = _align_line(entry, ("align", i), items, report)
        if line:
            model.lines.append(line)
    return model


def _in(item: _Item, items: dict[str, _Item]) -> str:
    return f" in {items[item.parent].mid}" if item.parent else ""


def _groups_parents_first(groups: dict[str, _Item], report: Reporter) -> list[str]:
    ordered: list[str] = []
    state: dict[str, int] = {}  # 1: being placed, 2: placed

    for start in groups:
        chain: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            chain.append(node)
            node = groups[node].parent
        if node is not None and state.get(node) == 1:
            cycle = [*chain[chain.index(node) :], node]
            report.error(
                ("groups", node, "in"),
                "the groups are inside each other in a circle: " + " → ".join(cycle),
            )
            groups[node].parent = None  # break the circle so the rest can be checked
        for name in reversed(chain):
            state[name] = 2
            ordered.append(name)
    return ordered


def _group_line(user_id: str, item: _Item, items: dict[str, _Item], report: Reporter) -> str:
    path = ("groups", user_id)
    icon = _icon(item.spec.get("icon", "cloud"), (*path, "icon"), report)
    label = item.spec.get("label")
    title = _title(label, (*path, "label"), report) if label is not None else ""
    return f"group {item.mid}({icon}){title}{_in(item, items)}"


def _service_line(user_id: str, item: _Item, items: dict[str, _Item], report: Reporter) -> str:
    path = ("services", user_id)
    entry = item.spec
    if entry.get("icon") is not None and entry.get("icon_text") is not None:
        report.error(path, "a service has an `icon` or an `icon_text`, not both")
    if entry.get("icon_text") is not None:
        shown = one_line(entry["icon_text"])
        if '"' in shown or "\\" in shown:
            report.error((*path, "icon_text"), "icon text cannot hold '\"' or '\\'")
        check_no_entities(shown, (*path, "icon_text"), report, "architecture diagram")
        icon = f' "{shown}"'
    else:
        icon = f"({_icon(entry.get('icon', 'server'), (*path, 'icon'), report)})"
    label = entry.get("label")
    title = _title(label, (*path, "label"), report) if label is not None else ""
    return f"service {item.mid}{icon}{title}{_in(item, items)}"


def _icon(name: str, path: tuple[Any, ...], report: Reporter) -> str:
    if ":" not in name and name not in BUILTIN_ICONS:
        report.error(
            path,
            f"unknown icon {name!r}; built in: {', '.join(BUILTIN_ICONS)}, or `pack:name` from"
            " a registered icon pack." + did_you_mean(name, BUILTIN_ICONS),
        )
    return name


def _edge_line(
    edge: dict[str, Any], path: tuple[Any, ...], items: dict[str, _Item], report: Reporter
) -> str | None:
    ends = []
    for key in ("from", "to"):
        end = _edge_end(edge[key], (*path, key), items, report)
        if end is None:
            return None
        ends.append(end)
    (a, a_group, a_parent), (b, b_group, b_parent) = ends
    if a == b and not (a_group or b_group):
        report.error(path, "an edge needs two different ends")
        return None
    if (a_group or b_group) and a_parent is not None and a_parent == b_parent:
        # Mermaid: "… is modified to traverse the group boundary, but the edge does not pass
        # through two groups".
        report.error(
            path,
            f"both ends are inside group {a_parent!r}; an edge to or from a group's border"
            " must leave the group",
        )
        return None
    arrow = edge.get("arrow", "none")
    left = "<" if arrow in ("from", "both") else ""
    right = ">" if arrow in ("to", "both") else ""
    label = edge.get("label")
    line = f"-{_title(label, (*path, 'label'), report)}-" if label is not None else "--"
    start = items[a].mid + ("{group}" if a_group else "")
    end = items[b].mid + ("{group}" if b_group else "")
    return f"{start}:{edge['from_side']} {left}{line}{right} {edge['to_side']}:{end}"


def _edge_end(
    name: str, path: tuple[Any, ...], items: dict[str, _Item], report: Reporter
) -> tuple[str, bool, str | None] | None:
    """(the service or junction the edge is drawn from, whether at its group's border, the
    group that border belongs to)."""
    if name not in items:
        report.error(
            path, f"unknown service, junction or group {name!r}." + did_you_mean(name, items)
        )
        return None
    if items[name].kind != "groups":
        return name, False, items[name].parent
    # Mermaid attaches an edge to a group through a member: `member{group}`.
    members = [k for k, v in items.items() if v.kind != "groups" and v.parent == name]
    if not members:
        report.error(
            path,
            f"group {name!r} has no service or junction directly inside it; Mermaid attaches"
            " an edge to a group's border through one",
        )
        return None
    return members[0], True, name


def _align_line(
    entry: dict[str, Any], path: tuple[Any, ...], items: dict[str, _Item], report: Reporter
) -> str | None:
    direction, members = next(iter(entry.items()))
    where = (*path, direction)
    ok = True
    if len(members) < 2:
        report.error(where, "an alignment needs at least two services or junctions")
        ok = False
    seen: set[str] = set()
    for j, member in enumerate(members):
        if member not in items:
            report.error(
                (*where, j),
                f"unknown service or junction {member!r}."
                + did_you_mean(member, [k for k, v in items.items() if v.kind != "groups"]),
            )
            ok = False
        elif items[member].kind == "groups":
            report.error((*where, j), f"{member!r} is a group; align services or junctions")
            ok = False
        elif member in seen:
            report.error((*where, j), f"{member!r} is listed twice")
            ok = False
        seen.add(member)
    if not ok:
        return None
    return f"align {direction} " + " ".join(items[m].mid for m in members)


ACCESSIBILITY = since("architecture", "accessibility (accTitle, accDescr)", "11.17", CHECKED_NOTE)
RICH_LABELS = since(
    "architecture", "labels beyond letters, digits and spaces", "11.17", CHECKED_NOTE
)
_PLAIN_LABEL_RE = re.compile(r"^[A-Za-z0-9 _-]*$")


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    if spec.get("accessibility"):
        yield ACCESSIBILITY, ("accessibility",)
    for section in ("groups", "services", "junctions"):
        for name, item in entries(spec.get(section)):
            label = item.get("label") if isinstance(item, Mapping) else item
            if isinstance(label, str) and not _PLAIN_LABEL_RE.match(label):
                yield RICH_LABELS, (section, name, "label" if isinstance(item, Mapping) else None)
    for index, edge in entries(spec.get("edges")):
        label = edge.get("label") if isinstance(edge, Mapping) else None
        if isinstance(label, str) and not _PLAIN_LABEL_RE.match(label):
            yield RICH_LABELS, ("edges", index, "label")


KIND = DiagramKind(
    name="architecture",
    description="An architecture diagram of services and groups (Mermaid `architecture-beta`)",
    properties=PROPERTIES,
    build=build,
    template="architecture.mmd.j2",
    since="11.1",
    mermaid_types=("architecture",),
    importer="specmaid.kinds.architecture.importer:import_architecture",
    features=(ACCESSIBILITY, RICH_LABELS),
    detect_features=detect_features,
)
