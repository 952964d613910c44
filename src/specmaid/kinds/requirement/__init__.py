"""Requirement diagrams: requirements, elements and the relations between them.

```yaml
diagram: requirement
requirements:
  asl2:
    type: requirement
    id: RSP-1
    text: Meet the ASL-2 standard
    risk: high
    verify: test
elements:
  model: {type: model, docref: system card}
relations:
  - {from: model, to: asl2, type: satisfies}
```
Requirement and element names are shown in the diagram and may contain spaces; they share
one namespace. Relations follow SysML's reading (`from satisfies to`); a relation whose ends
are of an unusual kind for its type (an element `contains` a requirement, a requirement
`satisfies` one) gets a warning. Requirements and elements take theme classes (`class:`) and
inline `style:`. Texts are Markdown in Mermaid; specmaid writes `*` and `_` so they show as
typed.
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
    NONEMPTY_TEXT,
    BuildInput,
    DiagramKind,
    FeatureUse,
    StyleGrammar,
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    text,
)
from specmaid.kinds.jison_text import guard_direction
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED, CHECKED_NOTE, since
from specmaid.pipeline.escape import escape_text, style_list

TYPES = (
    "requirement",
    "functionalRequirement",
    "interfaceRequirement",
    "performanceRequirement",
    "physicalRequirement",
    "designConstraint",
)
RELATIONS = ("contains", "copies", "derives", "satisfies", "verifies", "refines", "traces")
#: What SysML expects at each end of a relation ("R" requirement, "E" element); Mermaid
#: draws any combination, so an unusual one is a warning.
EXPECTED_ENDS = {
    "contains": ("R", "R"),
    "copies": ("R", "R"),
    "derives": ("R", "R"),
    "satisfies": ("E", "R"),
    "verifies": ("E", "R"),
}
# Names become ids in the SVG, where '<' and '>' are not allowed even as entities.
NAME_RE = r"^[^<>\r\n]*[^<>\s][^<>\r\n]*$"  # (and a visible character: Mermaid strips spaces)
NAME_DESCRIPTION = "a name (a visible character; no < > or line breaks)"
#: Mermaid's requirement lexer reads a style value with a narrower rule than flowcharts: a '.',
#: '%', '*' or a non-ASCII letter is a lexical error (checked against the pinned Mermaid).
REQUIREMENT_STYLE = StyleGrammar(
    r"^[A-Za-z0-9_# -]+$", "ASCII letters, digits, '_', '-', '#' and spaces"
)
REQUIREMENT_STYLES = REQUIREMENT_STYLE.schema()
ITEM_STYLE: dict[str, Any] = {"class": CLASS_REFS, "style": REQUIREMENT_STYLES}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"]},
    "requirements": {
        "type": "object",
        "propertyNames": {"pattern": NAME_RE, "description": NAME_DESCRIPTION},
        "additionalProperties": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "type": {"enum": list(TYPES)},
                        "id": NONEMPTY_TEXT,
                        "text": NONEMPTY_TEXT,
                        "risk": {"enum": ["low", "medium", "high"]},
                        "verify": {"enum": ["analysis", "inspection", "test", "demonstration"]},
                        **ITEM_STYLE,
                    },
                },
            ]
        },
    },
    "elements": {
        "type": "object",
        "propertyNames": {"pattern": NAME_RE, "description": NAME_DESCRIPTION},
        "additionalProperties": {
            "oneOf": [
                {"type": "null"},
                {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {"type": NONEMPTY_TEXT, "docref": NONEMPTY_TEXT, **ITEM_STYLE},
                },
            ]
        },
    },
    "relations": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to", "type"],
            "properties": {
                "from": {"type": "string"},
                "to": {"type": "string"},
                "type": {"enum": list(RELATIONS)},
            },
        },
    },
    "classes": {**CLASS_DEFS, "additionalProperties": REQUIREMENT_STYLES},
}


@dataclass
class RequirementModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


def _quoted(value: Any) -> str:
    """A quoted value: no escape for '"' in the grammar, but entities decode, and the text
    is Markdown (`*`, `_` written as entities so they show as typed)."""
    one_line = " ".join(text(value).replace("\r", "\n").split("\n")).strip()
    escaped = re.sub(r"[*_]", lambda m: f"#{ord(m.group(0))};", escape_text(one_line))
    return '"' + guard_direction(escaped) + '"'


def build(inp: BuildInput, report: Reporter) -> RequirementModel:
    spec = inp.spec
    model = RequirementModel(spec.get("direction"))
    class_defs = {**inp.class_defs, **(spec.get("classes") or {})}
    used_classes: set[str] = set()
    kinds: dict[str, str] = {}  # name → "R" (requirement) or "E" (element)
    styles: list[str] = []

    def head(keyword: str, name: str, item: dict[str, Any], path: tuple[Any, ...]) -> str:
        refs = [text(c) for c in as_list(item.get("class"))]
        check_class_refs(refs, class_defs, (*path, "class"), report)
        used_classes.update(refs)
        if item.get("style"):
            check_styles(item["style"], (*path, "style"), report, REQUIREMENT_STYLE)
            styles.append(f"    style {_quoted(name)} {style_list(item['style'])}")
        shorthand = "".join(f":::{ref}" for ref in refs)
        return f"    {keyword} {_quoted(name)}{shorthand} {{"

    for name, req in (spec.get("requirements") or {}).items():
        req = req or {}
        kinds[name] = "R"
        path = ("requirements", name)
        model.lines.append(head(req.get("type", "requirement"), name, req, path))
        if req.get("id") is not None:
            model.lines.append(f"        id: {_quoted(req['id'])}")
        if req.get("text") is not None:
            model.lines.append(f"        text: {_quoted(req['text'])}")
        if req.get("risk"):
            model.lines.append(f"        risk: {req['risk']}")
        if req.get("verify"):
            model.lines.append(f"        verifymethod: {req['verify']}")
        model.lines.append("    }")
    for name, element in (spec.get("elements") or {}).items():
        element = element or {}
        path = ("elements", name)
        if name in kinds:
            report.error(path, f"{name!r} is also a requirement name", at_key=True)
        kinds[name] = "E"
        model.lines.append(head("element", name, element, path))
        if element.get("type") is not None:
            model.lines.append(f"        type: {_quoted(element['type'])}")
        if element.get("docref") is not None:
            model.lines.append(f"        docref: {_quoted(element['docref'])}")
        model.lines.append("    }")
    for i, rel in enumerate(spec.get("relations") or []):
        path = ("relations", i)
        ok = True
        for key in ("from", "to"):
            if rel[key] not in kinds:
                report.error(
                    (*path, key),
                    f"unknown requirement or element {rel[key]!r}." + did_you_mean(rel[key], kinds),
                )
                ok = False
        if not ok:
            continue
        if rel["from"] == rel["to"]:
            report.error(path, f"{rel['from']!r} {rel['type']} itself")
            continue
        expected = EXPECTED_ENDS.get(rel["type"])
        found = (kinds[rel["from"]], kinds[rel["to"]])
        if expected and found != expected:
            words = {"R": "a requirement", "E": "an element"}
            report.warning(
                path,
                f"`{rel['type']}` usually goes from {words[expected[0]]} to"
                f" {words[expected[1]]}; here from {words[found[0]]} to {words[found[1]]}",
            )
        model.lines.append(f"    {_quoted(rel['from'])} - {rel['type']} -> {_quoted(rel['to'])}")
    for name, style in class_def_lines(
        class_defs, spec.get("classes") or {}, used_classes, report, grammar=REQUIREMENT_STYLE
    ):
        model.lines.append(f"    classDef {name} {style}")
    model.lines.extend(styles)
    return model


DIRECTION = since("requirement", "direction", "11.17", CHECKED_NOTE)


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    if spec.get("direction") is not None:
        yield DIRECTION, ("direction",)


KIND = DiagramKind(
    name="requirement",
    description="A requirement diagram (Mermaid `requirementDiagram`)",
    properties=PROPERTIES,
    build=build,
    template="requirement.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    uses_class_defs=True,
    mermaid_types=("requirement",),
    importer="specmaid.kinds.requirement.importer:import_requirement",
    features=(DIRECTION,),
    detect_features=detect_features,
)
