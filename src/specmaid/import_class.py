"""Import of class diagrams.

Mermaid's class db holds the classes (label, generic type, annotations, members and methods
already split into visibility / name / parameters / classifier / return type, css classes,
styles, link, namespace), the relations (a mark at each end and a line type), the notes, the
classDefs and the lollipop interfaces. Members are written back in Mermaid's member syntax,
relations with the marked end as the spec's `to`.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importer import css_styles
from specmaid.importer_kinds import common, line_breaks, markup_warnings
from specmaid.mermaid import ParseResult

#: (mark at the `to` end, line type) → spec relation type. Marks: 0 aggregation,
#: 1 extension, 2 composition, 3 dependency (an arrow), "none"; lines: 0 solid, 1 dotted.
RELATION_TYPES: dict[tuple[Any, int], str] = {
    (1, 0): "inheritance",
    (2, 0): "composition",
    (0, 0): "aggregation",
    (3, 0): "association",
    ("none", 0): "link",
    (3, 1): "dependency",
    (1, 1): "realization",
    ("none", 1): "dashed-link",
}
LOLLIPOP = 4
_CLASS_ID_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_GENERIC_RE = re.compile(r"^[A-Za-z0-9_]+$")
_NAMESPACE_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$")
#: Classes Mermaid adds itself.
_OWN_CSS = frozenset(("default", "clickable"))


def member_text(member: dict[str, Any]) -> str:
    """A member or method in Mermaid's member syntax, from the parts Mermaid split it into."""
    text = f"{member.get('visibility') or ''}{member.get('id') or ''}"
    if member.get("memberType") == "method":
        text += f"({member.get('parameters') or ''}){member.get('classifier') or ''}"
        if member.get("returnType"):
            text += f" {member['returnType']}"
        return text
    return text + (member.get("classifier") or "")


def own_styles(node: dict[str, Any], style_classes: dict[str, Any]) -> list[str]:
    """A class's own styles: Mermaid also copies a classDef's styles into every class that
    already had that css class when the classDef came (a spec writes classDefs first)."""
    styles = list(node.get("styles") or [])
    for css in str(node.get("cssClasses") or "").split():
        for style in (style_classes.get(css) or {}).get("styles") or []:
            for piece in style.split(","):
                if piece in styles:
                    styles.remove(piece)
    return styles


def import_class(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "class")
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, *needles: str) -> None:
        """A warning on the first line holding the needles in this order (none: no line)."""
        line = None
        if needles:
            pattern = re.compile(".*".join(re.escape(n) for n in needles))
            line = next(
                (first_line + n for n, t in enumerate(text.splitlines()) if pattern.search(t)),
                None,
            )
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    if graph.get("direction") and graph["direction"] != "TB":
        spec["direction"] = graph["direction"]
    style_classes: dict[str, Any] = graph.get("styleClasses") or {}

    keys: dict[str, str] = {}  # Mermaid's class id → the spec's key
    classes: dict[str, Any] = {}
    for class_id, node in (graph.get("classes") or {}).items():
        key = class_id if _CLASS_ID_RE.match(class_id) else re.sub(r"\W", "_", class_id)
        while key in classes or not _CLASS_ID_RE.match(key):
            key = f"C_{key}"
        keys[class_id] = key
        if key != class_id:
            warn(
                f"the class name {class_id!r} is not a spec class name (letters, digits, _);"
                f" written as {key!r}, with the name as its label",
                class_id,
            )
        item: dict[str, Any] = {}
        label = str(node.get("label", class_id))
        if label != key:
            item["label"] = label
        annotations = [str(a) for a in node.get("annotations") or []]
        if annotations:
            item["annotation"] = annotations[0]
            if len(annotations) > 1:
                warn(
                    f"{class_id!r} has {len(annotations)} annotations; a spec's class has one,"
                    f" so only <<{annotations[0]}>> was kept",
                    f"<<{annotations[1]}>>",
                )
        members = [member_text(m) for m in node.get("members") or []]
        members += [member_text(m) for m in node.get("methods") or []]
        if members:
            item["members"] = members
        generic = str(node.get("type") or "")
        if generic:
            if _GENERIC_RE.match(generic):
                item["generic"] = generic
            else:
                warn(
                    f"the generic type ~{generic}~ of {class_id!r} is not a plain name; left out",
                    f"~{generic}~",
                )
        if node.get("parent"):
            if _NAMESPACE_RE.match(str(node["parent"])):
                item["namespace"] = str(node["parent"])
            else:
                warn(f"the namespace {node['parent']!r} is not a dotted name; left out")
        css = []
        for css_class in str(node.get("cssClasses") or "").split():
            if css_class in _OWN_CSS:
                continue
            if css_class not in style_classes:
                # A spec names classDefs only (from `styles:` or the theme); Mermaid just sets
                # the CSS class, which draws nothing without a stylesheet of the page's own.
                warn(
                    f"the class {css_class!r} of {class_id!r} has no classDef in the diagram;"
                    " left out (define it in a theme's `classes:` to keep it)",
                    css_class,
                )
                continue
            css.append(css_class)
        if css:
            item["class"] = css[0] if len(css) == 1 else css
        styles = css_styles(own_styles(node, style_classes))
        if styles:
            item["style"] = styles
        if node.get("link"):
            item["link"] = str(node["link"])
            if node.get("tooltip"):
                item["tooltip"] = str(node["tooltip"])
            if node.get("linkTarget") not in (None, "_blank"):
                warn(
                    f"the link target {node['linkTarget']!r} of {class_id!r} is not part of a"
                    " spec (links open in a new tab)",
                    node["linkTarget"],
                )
        elif node.get("haveCallback") or node.get("tooltip"):
            line = next(
                (
                    first_line + n
                    for n, t in enumerate(text.splitlines())
                    if re.search(r"\bcall(back)?\b", t) and class_id in t
                ),
                None,
            )
            warnings.append(
                SpecError(
                    f"the click callback of {class_id!r} is not part of a spec; left out",
                    file=name,
                    line=line,
                    severity="warning",
                )
            )
        classes[key] = item or None
    interfaces = {i["id"]: i for i in graph.get("interfaces") or []}

    relations = []
    for rel in graph.get("relations") or []:
        kind = rel.get("relation") or {}
        mark1, mark2, line = kind.get("type1"), kind.get("type2"), int(kind.get("lineType", 0))
        if LOLLIPOP in (mark1, mark2):
            interface = interfaces.get(rel["id1"] if mark1 == LOLLIPOP else rel["id2"])
            owner = rel["id2"] if mark1 == LOLLIPOP else rel["id1"]
            if interface is not None and owner in keys:
                target = classes[keys[owner]] or {}
                target.setdefault("provides", []).append(str(interface["label"]))
                classes[keys[owner]] = target
            continue
        # The spec writes `to <mark>--<mirror> from`: the marked end is `to` (id1).
        if mark1 == "none" and mark2 != "none":
            to, source, to_card, from_card = (
                rel["id2"],
                rel["id1"],
                "relationTitle2",
                "relationTitle1",
            )
            mark, other = mark2, mark1
        else:
            to, source, to_card, from_card = (
                rel["id1"],
                rel["id2"],
                "relationTitle1",
                "relationTitle2",
            )
            mark, other = mark1, mark2
        spec_type = RELATION_TYPES.get((mark, line))
        if spec_type is None:
            spec_type = RELATION_TYPES.get((mark, 0), "association")
            warn(
                f"a dotted {spec_type} ({to} … {source}) has no spec form; written as a solid one",
                to,
                source,
            )
        row: dict[str, Any] = {"from": keys.get(source, source), "to": keys.get(to, to)}
        if spec_type != "association":
            row["type"] = spec_type
        if other != "none":
            row["two_way"] = True
            if other != mark:
                warn(
                    f"the two ends of {to} … {source} have different marks; a spec's two-way"
                    " relation has the same at both, so both are written as the first",
                    to,
                    source,
                )
        for spec_key, db_key in (("from_card", from_card), ("to_card", to_card)):
            value = rel.get(db_key)
            if value not in (None, "none"):
                row[spec_key] = str(value)
        if rel.get("title"):
            row["label"] = line_breaks(str(rel["title"]))
        relations.append(row)
    for key, item in list(classes.items()):
        if item == {}:
            classes[key] = None
    # In the order a spec's classes are drawn (namespaces first, in order of appearance), so
    # that importing what specmaid wrote gives the same spec again.
    spaces = list(
        dict.fromkeys(c["namespace"] for c in classes.values() if c and c.get("namespace"))
    )
    order = {space: n for n, space in enumerate(spaces)}
    ranked = sorted(
        classes.items(),
        key=lambda kv: order.get((kv[1] or {}).get("namespace"), len(order)),
    )
    classes = dict(ranked)
    if classes:
        spec["classes"] = classes
    if relations:
        spec["relations"] = relations

    notes = []
    for note in (graph.get("notes") or {}).values():
        row = {"text": line_breaks(str(note.get("text", "")))}
        if note.get("class"):
            row["for"] = keys.get(note["class"], note["class"])
        notes.append(row)
    if notes:
        spec["notes"] = notes
    class_defs = {
        # (a class diagram keeps a classDef's `a:1,b:2` as one item)
        class_name: css_styles([p for s in value.get("styles") or [] for p in s.split(",")])
        for class_name, value in style_classes.items()
        if value.get("styles")
    }
    if class_defs:
        spec["styles"] = class_defs
    warnings.extend(markup_warnings(text, name, first_line, "class diagram", line_breaks=True))
    return spec, warnings
