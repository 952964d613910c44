"""Class diagrams: classes with members, relations, interfaces, notes and namespaces.

```yaml
diagram: class
classes:
  Model:
    label: Claude 3.7 Sonnet
    annotation: interface
    members: ["+extended_thinking: bool", "+answer(prompt) str"]
  Classifier: {members: ["+detect(text) bool"], provides: [Streaming]}
relations:
  - {from: Model, to: Classifier, type: association, label: monitored by}
notes:
  - {text: Streaming classifiers watch the reasoning, for: Classifier}
```
Relation types: inheritance, composition, aggregation, association, link, dependency,
realization, dashed-link; the marked end is `to` (`from` inherits from `to`); `two_way: true`
marks both ends; `from_first: true` writes `from --|> to` (the edge starts at `from`);
cardinalities with `from_card` and `to_card`. Members are written the way
Mermaid reads them: a visibility (`+ - # ~`), then `name: type` or `method(args) return`,
`~T~` for generics, a trailing `$` (static) or `*` (abstract). `provides` draws lollipop
interfaces; `namespace: Outer.Inner` nests namespaces.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    CLASS_DEFS,
    CLASS_REFS,
    STYLES,
    TEXT,
    BuildInput,
    DiagramKind,
    FeatureUse,
    StyleGrammar,
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    entries,
    text,
)
from specmaid.kinds.jison_text import guard_direction
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED, since
from specmaid.pipeline.escape import escape_html, escape_line_text, escape_text, style_list

RELATIONS = {
    "inheritance": ("<|", "--"),
    "composition": ("*", "--"),
    "aggregation": ("o", "--"),
    "association": ("<", "--"),
    "link": ("", "--"),
    "dependency": ("<", ".."),
    "realization": ("<|", ".."),
    "dashed-link": ("", ".."),
}
#: Class diagrams read any value the common rules allow, but not a '-' in the first property.
CLASS_STYLE = StyleGrammar(r"", "", first_property_plain=True)
_MIRROR = {"<|": "|>", "*": "*", "o": "o", "<": ">", "": ""}
CLASS_ID_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
NAMESPACE_RE = r"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$"
#: Class names the class lexer reads as keywords (checked with Mermaid 11.17.2; backticks do
#: not help). Such a class gets another id and keeps its name as its label.
RESERVED = frozenset(
    n.lower()
    for n in (
        "note",
        "o",  # (the aggregation mark: `class o` is a parse error)
        "link",
        "namespace",
        "style",
        "cssClass",
        "callback",
        "click",
        "classDef",
        "class",
        "href",
        "call",
        "classDiagram",
    )
)

CLASS: dict[str, Any] = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": TEXT,
                "html": {
                    **TEXT,
                    "description": "the label as HTML, drawn as Mermaid draws it (instead of"
                    " `label`)",
                },
                "annotation": {**TEXT, "description": "e.g. interface, abstract, service"},
                "members": {"type": "array", "items": TEXT},
                "generic": {"type": "string", "pattern": r"^[A-Za-z0-9_]+$"},
                "provides": {
                    "type": "array",
                    "description": "interfaces drawn as lollipops on this class",
                    "items": {"type": "string", "pattern": CLASS_ID_RE},
                },
                "class": CLASS_REFS,
                "style": STYLES,
                "namespace": {
                    "type": "string",
                    "pattern": NAMESPACE_RE,
                    "description": "a namespace; dots nest them (Outer.Inner)",
                },
                "link": {"type": "string"},
                "target": {
                    "enum": ["_blank", "_self", "_parent", "_top"],
                    "description": "where the link opens (Mermaid's default: _blank)",
                },
                "tooltip": TEXT,
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"]},
    "classes": {
        "type": "object",
        "description": "class name → class; at least one class (Mermaid cannot draw an empty"
        " class diagram)",
        "minProperties": 1,
        "propertyNames": {
            "pattern": CLASS_ID_RE,
            "description": "a class name (letters, digits, _)",
        },
        "additionalProperties": CLASS,
    },
    "relations": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {
                "from": {"type": "string"},
                "to": {"type": "string"},
                "type": {"enum": list(RELATIONS)},
                "two_way": {"type": "boolean"},
                "from_first": {
                    "type": "boolean",
                    "description": "write `from --|> to` (the edge starts at `from`, which"
                    " Mermaid then lays out first) instead of `to <|-- from`",
                },
                "label": TEXT,
                "from_card": TEXT,
                "to_card": TEXT,
            },
        },
    },
    "notes": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "text": TEXT,
                "html": {**TEXT, "description": "the note as HTML (instead of `text`)"},
                "for": {"type": "string"},
            },
        },
    },
    "styles": CLASS_DEFS,
}


@dataclass
class ClassModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


# ------------------------------------------------------------------------------ text

# Class text decodes Mermaid's entities (checked in the rendered SVG), so characters that
# would end a member (`;`), close the class (`}`), end a quoted string (`"`), start a
# comment (`%%`) or read as HTML are written as entities and arrive as written.
_CODE_RE = re.compile(r"#(?=\w+;)|[;{}\"<>]|%(?=%)|(?<=%)%|&(?=[A-Za-z0-9#])")
_CODE_MAP = {
    "#": "#35;",
    ";": "#59;",
    "{": "#123;",
    "}": "#125;",
    '"': "#quot;",
    "<": "#lt;",
    ">": "#gt;",
    "%": "#37;",
    "&": "#amp;",
}


def _one_line(value: Any) -> str:
    return " ".join(text(value).replace("\r", "\n").split("\n")).strip()


def code_text(value: Any) -> str:
    """A member or annotation: Mermaid's member syntax (`+`, `~T~`, `$`, `()`) stays."""
    return guard_direction(_CODE_RE.sub(lambda m: _CODE_MAP[m.group(0)], _one_line(value)))


def quoted_text(value: Any) -> str:
    """Text inside `"…"` (labels, notes, cardinalities)."""
    return guard_direction(escape_text(text(value)))


def html_text(value: Any) -> str:
    """HTML inside `"…"` (a label or note given as `html`): tags pass, nothing leaves the
    quotes."""
    return guard_direction(escape_html(text(value)))


def relation_label(value: Any) -> str:
    # Everything after the first ':' is the label; a second ':' is refused by Mermaid.
    return guard_direction(escape_line_text(text(value)).replace(":", "#58;"))


# ----------------------------------------------------------------------------- build


def build(inp: BuildInput, report: Reporter) -> ClassModel:
    spec = inp.spec
    model = ClassModel(spec.get("direction"))
    classes: dict[str, Any] = {k: (v or {}) for k, v in (spec.get("classes") or {}).items()}
    # A class named like a keyword gets another id; its name stays visible as its label.
    ids: dict[str, str] = {}
    for name in classes:
        mid = name
        while mid.lower() in RESERVED or (mid != name and mid in classes):
            mid += "_"
        ids[name] = mid
    styles = {**inp.class_defs, **(spec.get("styles") or {})}
    used_styles: dict[str, list[str]] = {}
    namespaces: dict[str, list[str]] = {}
    for name, cls in classes.items():
        if cls.get("namespace"):
            namespaces.setdefault(cls["namespace"], []).append(name)

    def emit_class(name: str, indent: str) -> None:
        cls = classes[name]
        path = ("classes", name)
        head = f"{indent}class {ids[name]}"
        if cls.get("generic"):
            head += f"~{cls['generic']}~"
        label = cls.get("label")
        if cls.get("html") is not None:
            if label is not None:
                report.error((*path, "html"), "give `label` or `html`, not both")
            head += f'["{html_text(cls["html"])}"]'
        elif label is None and ids[name] != name:
            label = name
        if label is not None and cls.get("html") is None:
            head += f'["{quoted_text(label)}"]'
        body = []
        if cls.get("annotation") is not None:
            body.append(f"<<{code_text(cls['annotation'])}>>")
        for m, member in enumerate(cls.get("members") or []):
            shown = text(member)
            if ")" in shown and "(" not in shown.split(")", 1)[0]:
                # (Mermaid reads a member with ')' as a method and stops at the missing '(')
                report.error(
                    (*path, "members", m),
                    f"found {shown!r}: a ')' with no '(' before it; write a method as"
                    " name(arguments)",
                )
            body.append(code_text(member))
        if body:
            model.lines.append(head + " {")
            model.lines.extend(f"{indent}    {line}" for line in body)
            model.lines.append(f"{indent}}}")
        else:
            model.lines.append(head)
        refs = [text(c) for c in as_list(cls.get("class"))]
        check_class_refs(refs, styles, (*path, "class"), report)
        for ref in refs:
            used_styles.setdefault(ref, []).append(ids[name])

    for ns, members in namespaces.items():
        model.lines.append(f"    namespace {ns} {{")
        for name in members:
            emit_class(name, "        ")
        model.lines.append("    }")
    for name, cls in classes.items():
        if not cls.get("namespace"):
            emit_class(name, "    ")

    def known(name: str, path: tuple[Any, ...]) -> bool:
        if name in classes:
            return True
        report.error(
            path,
            f"unknown class {name!r}; define it under `classes:`." + did_you_mean(name, classes),
        )
        return False

    for name, cls in classes.items():
        for j, interface in enumerate(cls.get("provides") or []):
            if interface in classes:
                report.error(
                    ("classes", name, "provides", j),
                    f"{interface!r} is a class; a lollipop interface is drawn on its own, so"
                    " name it differently or use a realization relation",
                )
            else:
                model.lines.append(f"    {interface} ()-- {ids[name]}")
    for i, rel in enumerate(spec.get("relations") or []):
        path = ("relations", i)
        ok = known(rel["from"], (*path, "from")) & known(rel["to"], (*path, "to"))
        if not ok:
            continue
        kind = rel.get("type", "association")
        head, line = RELATIONS[kind]
        if rel.get("two_way") and not head:
            report.error((*path, "two_way"), f"a {kind} has no arrowhead to draw at both ends")
        # Written `To <|-- From`-style: the marked end is the `to` class, as Mermaid reads it;
        # `from_first` writes `From --|> To`, the same relation with the edge starting at From.
        to_card, from_card = (
            f' "{quoted_text(rel[key])}"' if rel.get(key) is not None else ""
            for key in ("to_card", "from_card")
        )
        two_way = bool(rel.get("two_way"))
        if rel.get("from_first"):
            left, right = (head if two_way else ""), _MIRROR[head]
            first, last = f"{ids[rel['from']]}{from_card}", f"{to_card} {ids[rel['to']]}"
        else:
            left, right = head, (_MIRROR[head] if two_way else "")
            first, last = f"{ids[rel['to']]}{to_card}", f"{from_card} {ids[rel['from']]}"
        statement = f"    {first} {left}{line}{right}{last}"
        if rel.get("label") is not None:
            statement += f" : {relation_label(rel['label'])}"
        model.lines.append(statement)
    for i, note in enumerate(spec.get("notes") or []):
        if (note.get("text") is None) == (note.get("html") is None):
            report.error(("notes", i), "a note has `text` or `html` (one of them)")
            continue
        body = quoted_text(note["text"]) if note.get("html") is None else html_text(note["html"])
        if note.get("for"):
            if known(note["for"], ("notes", i, "for")):
                model.lines.append(f'    note for {ids[note["for"]]} "{body}"')
        else:
            model.lines.append(f'    note "{body}"')
    for name, cls in classes.items():
        if cls.get("link"):
            url = re.sub(r'[" ;#%<>]', lambda m: f"%{ord(m.group(0)):02X}", str(cls["link"]))
            tip = f' "{quoted_text(cls["tooltip"])}"' if cls.get("tooltip") is not None else ""
            target = f" {cls['target']}" if cls.get("target") else ""
            model.lines.append(f'    link {ids[name]} "{url}"{tip}{target}')
        elif cls.get("tooltip") is not None:
            report.error(("classes", name, "tooltip"), "a tooltip belongs to a `link`")
        elif cls.get("target") is not None:
            report.error(("classes", name, "target"), "a target belongs to a `link`")
    # Mermaid's class db copies a classDef's styles into the inline styles of every class
    # that has that css class *when the classDef comes*, and inline styles beat class CSS. So:
    # css classes first, then the classDefs (later ones win, as written), then each class's
    # own `style` (which wins over its classes). With a `classDef default` (applied to every
    # class), any other order would let `default` override a class's own classDefs.
    for name, members in used_styles.items():
        model.lines.append(f'    cssClass "{",".join(members)}" {name}')
    for name, style in class_def_lines(
        styles, spec.get("styles") or {}, used_styles, report, "styles", CLASS_STYLE
    ):
        model.lines.append(f"    classDef {name} {style}")
    for name, cls in classes.items():
        if cls.get("style"):
            check_styles(cls["style"], ("classes", name, "style"), report, CLASS_STYLE)
            css = style_list(CLASS_STYLE.ordered(cls["style"]))
            model.lines.append(f"    style {ids[name]} {css}")
    return model


STYLE_LINES = since(
    "class", "style and classDef lines", "11.4", "refused by 10.9.6; checked on 11.4.1"
)


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    for name, item in entries(spec.get("classes")):
        if isinstance(item, Mapping) and (item.get("style") or item.get("class")):
            key = "style" if item.get("style") else "class"
            yield STYLE_LINES, ("classes", name, key)


KIND = DiagramKind(
    name="class",
    description="A class diagram (Mermaid `classDiagram`)",
    properties=PROPERTIES,
    build=build,
    template="class_diagram.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    required=("classes",),  # (Mermaid cannot draw a classDiagram without a class)
    uses_class_defs=True,
    mermaid_types=("class", "classDiagram"),
    features=(STYLE_LINES,),
    detect_features=detect_features,
    importer="specmaid.kinds.class_diagram.importer:import_class",
)
