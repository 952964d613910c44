"""Class diagrams: classes with members, relations, notes and namespaces.

```yaml
diagram: class
classes:
  Model:
    label: Claude 3.7 Sonnet
    annotation: interface
    members: ["+extended_thinking: bool", "+answer(prompt) str"]
  Classifier: {members: ["+detect(text) bool"]}
relations:
  - {from: Model, to: Classifier, type: association, label: monitored by}
notes:
  - {text: Streaming classifiers watch the reasoning, for: Classifier}
```
Relation types: inheritance, composition, aggregation, association, link, dependency,
realization, dashed-link; `two_way: true` draws both ends; cardinalities with `from_card`
and `to_card`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import escape_line_text, escape_text
from specmaid.kinds.base import (
    CLASS_DEFS,
    CLASS_REFS,
    TEXT,
    BuildInput,
    DiagramKind,
    as_list,
    check_class_refs,
    class_def_lines,
    raw_text,
    text,
)

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
_MIRROR = {"<|": "|>", "*": "*", "o": "o", "<": ">", "": ""}
CLASS_ID_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"

CLASS: dict[str, Any] = {
    "oneOf": [
        {"type": "null"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": TEXT,
                "annotation": {
                    "type": "string",
                    "description": "e.g. interface, abstract, service",
                },
                "members": {"type": "array", "items": TEXT},
                "generic": {"type": "string", "pattern": r"^[A-Za-z0-9_]+$"},
                "class": CLASS_REFS,
                "namespace": {"type": "string", "pattern": CLASS_ID_RE},
                "link": {"type": "string"},
                "tooltip": TEXT,
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"]},
    "classes": {
        "type": "object",
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
            "required": ["text"],
            "properties": {"text": TEXT, "for": {"type": "string"}},
        },
    },
    "styles": CLASS_DEFS,
}


@dataclass
class ClassModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


def _member(value: Any, path: tuple[Any, ...], report: Reporter) -> str:
    # Members are code-like (`+name: type`, `+method(arg) ret`, `~T~` generics); a brace
    # would close the class block and `%%` would start a comment.
    return raw_text(value, path, report, "class member", forbidden='{}#;"')


def build(inp: BuildInput, report: Reporter) -> ClassModel:
    spec = inp.spec
    model = ClassModel(spec.get("direction"))
    classes: dict[str, Any] = {k: (v or {}) for k, v in (spec.get("classes") or {}).items()}
    styles = {**inp.class_defs, **(spec.get("styles") or {})}
    used_styles: dict[str, list[str]] = {}
    namespaces: dict[str, list[str]] = {}
    for name, cls in classes.items():
        if cls.get("namespace"):
            namespaces.setdefault(cls["namespace"], []).append(name)

    def emit_class(name: str, indent: str) -> None:
        cls = classes[name]
        path = ("classes", name)
        head = f"{indent}class {name}"
        if cls.get("generic"):
            head += f"~{cls['generic']}~"
        if cls.get("label") is not None:
            head += f'["{escape_text(text(cls["label"]))}"]'
        body = []
        if cls.get("annotation"):
            body.append(
                "<<"
                + raw_text(
                    cls["annotation"],
                    (*path, "annotation"),
                    report,
                    "annotation",
                    forbidden="<>{}#;",
                )
                + ">>"
            )
        body += [
            _member(m, (*path, "members", i), report)
            for i, m in enumerate(cls.get("members") or [])
        ]
        if body:
            model.lines.append(head + " {")
            model.lines.extend(f"{indent}    {line}" for line in body)
            model.lines.append(f"{indent}}}")
        else:
            model.lines.append(head)
        refs = [text(c) for c in as_list(cls.get("class"))]
        check_class_refs(refs, styles, (*path, "class"), report)
        for ref in refs:
            used_styles.setdefault(ref, []).append(name)

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

    for i, rel in enumerate(spec.get("relations") or []):
        path = ("relations", i)
        ok = known(rel["from"], (*path, "from")) & known(rel["to"], (*path, "to"))
        if not ok:
            continue
        head, line = RELATIONS[rel.get("type", "association")]
        # Written `To <|-- From`-style: the marked end is the `to` class, as Mermaid reads it.
        left = head
        right = _MIRROR[head] if rel.get("two_way") else ""
        cards = []
        for key in ("to_card", "from_card"):
            if rel.get(key) is not None:
                cards.append(
                    '"'
                    + raw_text(rel[key], (*path, key), report, "cardinality", forbidden='"#;')
                    + '"'
                )
            else:
                cards.append("")
        statement = f"    {rel['to']}"
        statement += f" {cards[0]}" if cards[0] else ""
        statement += f" {left}{line}{right}"
        statement += f" {cards[1]}" if cards[1] else ""
        statement += f" {rel['from']}"
        if rel.get("label") is not None:
            # Everything after the first ':' is the label; a second ':' is refused by Mermaid.
            label = escape_line_text(text(rel["label"])).replace(":", "#58;")
            statement += f" : {label}"
        model.lines.append(statement)
    for i, note in enumerate(spec.get("notes") or []):
        body = escape_text(text(note["text"]))
        if note.get("for"):
            if known(note["for"], ("notes", i, "for")):
                model.lines.append(f'    note for {note["for"]} "{body}"')
        else:
            model.lines.append(f'    note "{body}"')
    for name, cls in classes.items():
        if cls.get("link"):
            url = re.sub(r'[" ;#%<>]', lambda m: f"%{ord(m.group(0)):02X}", str(cls["link"]))
            tip = f' "{escape_text(text(cls["tooltip"]))}"' if cls.get("tooltip") else ""
            model.lines.append(f'    link {name} "{url}"{tip}')
    for name, style in class_def_lines(
        styles, spec.get("styles") or {}, used_styles, report, "styles"
    ):
        model.lines.append(f"    classDef {name} {style}")
    for name, members in used_styles.items():
        model.lines.append(f'    cssClass "{",".join(members)}" {name}')
    return model


KIND = DiagramKind(
    name="class",
    description="A class diagram (Mermaid `classDiagram`)",
    properties=PROPERTIES,
    build=build,
    template="class_diagram.mmd.j2",
    uses_class_defs=True,
    mermaid_types=("class", "classDiagram"),
)
