"""Import of class diagrams: what Mermaid's class db holds becomes a `diagram: class` spec.

Mermaid reads the text (:func:`specmaid.mermaid.bridge.parse_diagrams`); its classes (label,
generic, annotations, attributes and methods, css classes, styles, namespace, link), relations
(the mark at each end, the line, cardinalities, label), lollipop interfaces, notes, classDefs
and direction are turned into a spec. What the spec format cannot say is reported with its
line (see :func:`import_class`), never dropped in silence.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, css_styles, line_breaks, line_matching
from specmaid.kinds.class_diagram import CLASS_ID_RE
from specmaid.mermaid.bridge import ParseResult

#: classDb relation types (its `relationType`) → the spec's mark: 0 aggregation, 1 extension,
#: 2 composition, 3 dependency (an open arrow); 4, the lollipop, is a `provides` instead.
LOLLIPOP = 4
#: (mark, lineType) → the spec's relation type; lineType 0 is `--`, 1 is `..`.
RELATION_TYPES: dict[tuple[int | str, int], str] = {
    (1, 0): "inheritance",
    (2, 0): "composition",
    (0, 0): "aggregation",
    (3, 0): "association",
    ("none", 0): "link",
    (3, 1): "dependency",
    (1, 1): "realization",
    ("none", 1): "dashed-link",
}
#: What the spec's relation type means when the `type` key is left out.
DEFAULT_RELATION = "association"
_CLASS_ID_RE = re.compile(CLASS_ID_RE)
_GENERIC_RE = re.compile(r"^[A-Za-z0-9_]+$")
_STYLE_SPLIT_RE = re.compile(r"(?<!\\),")
_TAG_RE = re.compile(r"<[A-Za-z/][^>]*>")


def member_text(member: dict[str, Any]) -> str:
    """A classDb member back as Mermaid member text, which Mermaid reads into the same member.

    Attributes are `visibility id classifier`; methods `visibility id(parameters)classifier
    returnType` (Mermaid's method regex takes the classifier right after the parenthesis and
    the return type after it, trimmed)."""
    visibility = str(member.get("visibility") or "")
    name = str(member.get("id") or "")
    classifier = str(member.get("classifier") or "")
    if member.get("memberType") != "method":
        return f"{visibility}{name}{classifier}"
    text = f"{visibility}{name}({member.get('parameters') or ''}){classifier}"
    if member.get("returnType"):
        # A generic with a comma after its own `()` (`Result~(), Error~`): Mermaid splits at
        # that last `()`, and the rest reads back the same without the space, as written.
        returned = str(member["returnType"])
        text += returned if returned.startswith(",") else f" {returned}"
    return text


def style_items(styles: list[str]) -> list[str]:
    """classDef styles as the class db keeps them (one string per statement, commas inside)
    → one `key:value` item each, as a class's own `styles` hold them."""
    return [item for entry in styles for item in _STYLE_SPLIT_RE.split(entry) if item.strip()]


def own_styles(
    styles: list[str], css_classes: list[str], class_defs: dict[str, dict[str, str]]
) -> dict[str, str]:
    """A class's inline style without what its classDefs already give it.

    Mermaid copies a classDef's styles into the inline styles of the classes that already
    had that css class when the `classDef` line came (and into every class for `default`),
    so the same declarations reach the class twice; only the ones its classes do not set to
    the same value are the author's `style` line. Later declarations win, as in CSS."""
    # Each property where it was last set (a classDef's copy may come first, the author's
    # line after it): that order is the one the author's `style` line had.
    inline: dict[str, str] = {}
    for item in styles:
        for key, value in css_styles([item]).items():
            inline.pop(key, None)
            inline[key] = value
    from_classes: dict[str, str] = {}
    for css_class in css_classes:
        from_classes.update(class_defs.get(css_class, {}))
    return {key: value for key, value in inline.items() if from_classes.get(key) != value}


def spec_keys(class_ids: list[str]) -> dict[str, str]:
    """Mermaid's class id → the spec's key: the same when the spec allows it (ASCII letters,
    digits, `_`: the only names the class grammar's `style` statement reads back as
    written), else a readable, stable ASCII key (`diseño` → `diseno`, numbered `_2`, `_3`…
    when taken; the name stays visible as the label, ids are never drawn)."""
    keys: dict[str, str] = {c: c for c in class_ids if _CLASS_ID_RE.match(c)}
    taken = set(keys)
    for class_id in class_ids:
        if class_id in keys:
            continue
        letters = unicodedata.normalize("NFKD", class_id).encode("ascii", "ignore").decode()
        base = re.sub(r"\W+", "_", letters).strip("_") or "C"
        base = base if _CLASS_ID_RE.match(base) else f"C_{base}"
        key, number = base, 1
        while key in taken:
            number += 1
            key = f"{base}_{number}"
        taken.add(key)
        keys[class_id] = key
    return {class_id: keys[class_id] for class_id in class_ids}


def relation_row(rel: dict[str, Any], keys: dict[str, str]) -> tuple[dict[str, Any], bool]:
    """A classDb relation (not a lollipop) → a spec relation, and whether its ends had two
    different marks (the spec keeps the first class's).

    Mermaid keeps the classes in the order written (`id1`, `id2`) and a mark for each end;
    a spec's relation marks its `to` end (both with `two_way`), written `to <|-- from`, or
    `from --|> to` with `from_first`, so the edge runs the way the source wrote it."""
    kinds = rel.get("relation") or {}
    mark_1, mark_2, line_type = kinds.get("type1"), kinds.get("type2"), kinds.get("lineType")
    first = keys.get(str(rel["id1"]), str(rel["id1"]))
    second = keys.get(str(rel["id2"]), str(rel["id2"]))
    card_1, card_2 = rel.get("relationTitle1"), rel.get("relationTitle2")
    mixed = "none" not in (mark_1, mark_2) and mark_1 != mark_2
    row: dict[str, Any]
    if mark_1 == "none" and mark_2 != "none":
        row = {"from": first, "to": second, "from_first": True}
        mark, from_card, to_card = mark_2, card_1, card_2
    else:
        row = {"from": second, "to": first}
        mark, from_card, to_card = mark_1, card_2, card_1
        if mark_1 != "none" and mark_1 == mark_2:
            row["two_way"] = True
    kind = RELATION_TYPES.get((mark, line_type), DEFAULT_RELATION)
    if kind != DEFAULT_RELATION:
        row["type"] = kind
    if rel.get("title"):
        row["label"] = str(rel["title"])
    # Mermaid writes "none" for a missing cardinality.
    if from_card not in (None, "none"):
        row["from_card"] = str(from_card)
    if to_card not in (None, "none"):
        row["to_card"] = str(to_card)
    order = ("from", "to", "type", "two_way", "from_first", "label", "from_card", "to_card")
    return {k: row[k] for k in order if k in row}, mixed


def _word(name: str) -> str:
    """A regex finding ``name`` as a whole word (class names, namespace names)."""
    return rf"(?<![\w.]){re.escape(name)}(?![\w])"


def import_class(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    """One Mermaid class diagram → a spec and the warnings for what the spec cannot say:
    annotations after a class's first (Mermaid draws only the first), click callbacks,
    css classes without a classDef, namespace labels, empty namespaces and notes inside
    namespaces, generics the spec's `generic` cannot hold, relations with different marks
    at both ends, lollipops written `Class --() Iface` or with a dotted line, a label or
    cardinalities, notes on something that is not a class, and HTML in tooltips and relation
    texts (class labels and notes with HTML become `html`; other spec texts are plain, so
    tags there are shown as written)."""
    spec = common(result, text, "class")
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, pattern: str) -> None:
        line = line_matching(text, pattern, first_line)
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    def plain(value: str, what: str, near: str, breaks: bool = False) -> str:
        # Mermaid draws raw tags in these texts as HTML; the spec writes its texts as text.
        # (`near`: a word on the statement's line, to find the line.) With `breaks`, `<br>`
        # becomes the line break a spec writes (notes and relation labels can hold one).
        if breaks:
            value = line_breaks(value)
        tag = _TAG_RE.search(value)
        if tag and tag.group(0) in text:
            warn(
                f"{what} holds HTML ({tag.group(0)!r}); spec texts are plain, so the tags are"
                " shown as written",
                rf"{re.escape(near)}.*{re.escape(tag.group(0))}",
            )
        return value

    if graph.get("direction") and graph["direction"] != "TB":
        spec["direction"] = graph["direction"]

    class_defs = {
        def_name: css_styles(style_items(value.get("styles") or []))
        for def_name, value in (graph.get("styleClasses") or {}).items()
    }

    keys = spec_keys(list(graph.get("classes") or {}))
    for class_id, key in keys.items():
        if key != class_id:
            warn(
                f"the class {class_id!r} is written {key!r} (its name stays the label):"
                " Mermaid's class diagrams read only ASCII letters, digits and `_` back as"
                " the same name in every place a spec puts one (`style` refuses the rest)",
                _word(class_id),
            )

    classes: dict[str, Any] = {}
    for class_id, cls in (graph.get("classes") or {}).items():
        key = keys[class_id]
        item: dict[str, Any] = {}
        label = str(cls.get("label", class_id))
        if label != class_id or key != class_id:
            # Mermaid draws a class label as HTML: with tags other than `<br>` it stays HTML.
            if _TAG_RE.search(line_breaks(label)):
                item["html"] = label
            else:
                item["label"] = line_breaks(label)
        generic = str(cls.get("type") or "")
        if generic:
            if _GENERIC_RE.match(generic):
                item["generic"] = generic
            else:
                warn(
                    f"the generic {generic!r} of class {class_id} has characters a spec's"
                    " `generic` cannot hold (letters, digits, _); it was left out",
                    re.escape(f"{class_id}~"),
                )
        annotations = [str(a) for a in cls.get("annotations") or []]
        if annotations:
            item["annotation"] = annotations[0]
            for extra in annotations[1:]:
                warn(
                    f"class {class_id} has more than one annotation; Mermaid draws only the"
                    f" first, so <<{extra}>> was left out",
                    re.escape(f"<<{extra}>>"),
                )
        members = [member_text(m) for m in [*cls.get("members", []), *cls.get("methods", [])]]
        if members:
            item["members"] = members
        namespace = cls.get("parent")
        if namespace:
            item["namespace"] = namespace
        css_classes = [
            c for c in str(cls.get("cssClasses") or "").split() if c not in ("default", "clickable")
        ]
        for css_class in [c for c in css_classes if not class_defs.get(c)]:
            warn(
                f"class {class_id} has the css class {css_class!r}, which has no classDef; a"
                " spec's `class` names a classDef, so it was left out",
                _word(css_class),
            )
        css_classes = [c for c in css_classes if class_defs.get(c)]
        if css_classes:
            item["class"] = css_classes[0] if len(css_classes) == 1 else css_classes
        style = own_styles(cls.get("styles") or [], ["default", *css_classes], class_defs)
        if style:
            item["style"] = style
        if cls.get("link"):
            item["link"] = cls["link"]
            if cls.get("tooltip"):
                item["tooltip"] = plain(
                    str(cls["tooltip"]), f"the tooltip of class {class_id}", class_id
                )
            if cls.get("linkTarget") and cls["linkTarget"] != "_blank":
                item["target"] = cls["linkTarget"]
        if cls.get("haveCallback") or (cls.get("tooltip") and not cls.get("link")):
            tooltip = " and its tooltip" if cls.get("tooltip") and not cls.get("link") else ""
            warn(
                f"the click callback on class {class_id}{tooltip} was left out (a spec links"
                " classes to URLs; it does not call page scripts)",
                rf"^\s*(?:click|callback)\s+{_word(class_id)}",
            )
        classes[key] = item or None

    for namespace in graph.get("namespaces") or []:
        ns_id = str(namespace["id"])
        last = ns_id.rsplit(".", 1)[-1]
        if namespace.get("label") and namespace["label"] != last:
            warn(
                f"namespace {ns_id} has the label {namespace['label']!r}; a spec names"
                " namespaces by their id only, so the label was left out",
                rf"namespace\s+{_word(last)}",
            )
        has_classes = any(
            str(other["id"]) == ns_id or str(other["id"]).startswith(f"{ns_id}.")
            for other in graph.get("namespaces") or []
            if other.get("classes")
        )
        if not has_classes:
            warn(
                f"namespace {ns_id} holds no class; a spec's namespaces are where its classes"
                " are, so it was left out",
                rf"namespace\s+{_word(last)}",
            )
        for note_id in namespace.get("notes") or []:
            note_text = str(((graph.get("notes") or {}).get(note_id) or {}).get("text", ""))
            first_text_line = note_text.split("\n", 1)[0]
            warn(
                f"a note inside namespace {ns_id} was moved out of it (a spec's notes belong"
                " to the diagram or to a class)",
                rf"note\b.*{re.escape(first_text_line)}",
            )

    interfaces = {i["id"]: i for i in graph.get("interfaces") or []}
    relations: list[dict[str, Any]] = []
    for rel in graph.get("relations") or []:
        kinds = rel.get("relation") or {}
        mark_1, mark_2, line_type = kinds.get("type1"), kinds.get("type2"), kinds.get("lineType")
        id_1, id_2 = str(rel["id1"]), str(rel["id2"])
        title_1, title_2 = rel.get("relationTitle1"), rel.get("relationTitle2")
        if LOLLIPOP in (mark_1, mark_2):
            iface_id, class_id = (id_1, id_2) if mark_1 == LOLLIPOP else (id_2, id_1)
            interface = interfaces.get(iface_id, {})
            iface_name = str(interface.get("label", iface_id))
            line = rf"{_word(iface_name)}.*{_word(class_id)}|{_word(class_id)}.*{_word(iface_name)}"
            if not _CLASS_ID_RE.match(iface_name) or iface_name in keys:
                warn(
                    f"the lollipop interface {iface_name!r} on class {class_id} cannot be a"
                    " spec's `provides` (it must be a name like a class's, and not a class);"
                    " it was left out",
                    line,
                )
                continue
            target = classes.setdefault(keys[class_id], {}) or {}
            target.setdefault("provides", []).append(iface_name)
            classes[keys[class_id]] = target
            if (
                mark_2 == LOLLIPOP
                or line_type != 0
                or rel.get("title")
                or (title_1 not in (None, "none") or title_2 not in (None, "none"))
            ):
                warn(
                    f"the lollipop {iface_name} on class {class_id} is written"
                    f" `{iface_name} ()-- {class_id}`: a spec's `provides` has no other"
                    " direction, dotted line, label or cardinality",
                    line,
                )
            continue
        row, mixed = relation_row(rel, keys)
        if mixed:
            warn(
                f"the relation {id_1} – {id_2} has different marks at its ends; a spec's"
                f" relation marks one end (or both alike), so {id_2}'s mark was left out",
                rf"{_word(id_1)}.*{_word(id_2)}",
            )
        for text_key, what in (
            ("label", "the label"),
            ("from_card", "a cardinality"),
            ("to_card", "a cardinality"),
        ):
            if text_key in row:
                row[text_key] = plain(
                    row[text_key], f"{what} of {id_1} – {id_2}", id_2, text_key == "label"
                )
        relations.append(row)

    notes: list[dict[str, Any]] = []
    for note in (graph.get("notes") or {}).values():
        note_text = str(note.get("text", ""))
        row = (
            {"html": note_text}  # drawn as HTML by Mermaid, and so by the spec's `html`
            if _TAG_RE.search(line_breaks(note_text))
            else {"text": line_breaks(note_text)}
        )
        target_class = note.get("class")
        if target_class in keys:
            row["for"] = keys[target_class]
        elif target_class:
            warn(
                f"the note for {target_class!r} is on no class (Mermaid draws it loose), so it"
                " became a note on the diagram",
                rf"note\s+for\s+{_word(str(target_class))}",
            )
        notes.append(row)

    if classes:
        spec["classes"] = classes
    if relations:
        spec["relations"] = relations
    if notes:
        spec["notes"] = notes
    styles = {def_name: value for def_name, value in class_defs.items() if value}
    if styles:
        spec["styles"] = styles
    return spec, warnings
