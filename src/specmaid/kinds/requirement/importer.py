"""Import of requirement diagrams: Mermaid's requirement db → a spec (see
:mod:`specmaid.importing.dispatch`).

The db keeps each node's classes and, in one list, the styles of those classes and its own
`style` statements: a node's own style is that list without its classes' styles.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import (
    common,
    css_styles,
    line_matching,
    line_of,
    markup_warnings,
)
from specmaid.mermaid.bridge import ParseResult

#: requirement db type → spec type
TYPES = {
    "Requirement": "requirement",
    "Functional Requirement": "functionalRequirement",
    "Interface Requirement": "interfaceRequirement",
    "Performance Requirement": "performanceRequirement",
    "Physical Requirement": "physicalRequirement",
    "Design Constraint": "designConstraint",
}
#: Markdown emphasis or code that Mermaid draws as such and a spec's text shows as typed
_MARKDOWN_RE = re.compile(r"([*_`])\S(.*?\S)?\1")


def import_requirement(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "requirement")
    graph = result.graph or {}
    # (texts are written escaped: markup Mermaid would draw shows as typed)
    warnings: list[SpecError] = markup_warnings(text, name, first_line, "requirement")
    direction = graph.get("direction")
    if direction and direction != "TB":
        spec["direction"] = direction
    class_defs = graph.get("classes") or {}

    def value(item: dict[str, Any], key: str, what: str) -> str | None:
        found = item.get(key)
        if found in (None, ""):
            return None
        found = str(found)
        if _MARKDOWN_RE.search(found):
            warnings.append(
                SpecError(
                    f"the {what} of {item['name']!r} ({found!r}) has Markdown, which Mermaid"
                    " draws as such: a spec's text is drawn as typed",
                    file=name,
                    line=line_of(text, found, first_line),
                    severity="warning",
                )
            )
        return found

    def styled(item: dict[str, Any], out: dict[str, Any]) -> None:
        classes = [c for c in item.get("classes") or [] if c != "default"]
        if classes:
            out["class"] = classes[0] if len(classes) == 1 else classes
        own = Counter(str(s).strip() for s in item.get("cssStyles") or [])
        for cls in classes:
            own.subtract(str(s).strip() for s in (class_defs.get(cls) or {}).get("styles") or [])
        items = [s for s in (str(s).strip() for s in item.get("cssStyles") or []) if own[s] > 0]
        style = css_styles(items)
        if style:
            out["style"] = style

    requirements: dict[str, Any] = {}
    for req in (graph.get("requirements") or {}).values():
        out: dict[str, Any] = {}
        kind = TYPES.get(str(req.get("type")), "requirement")
        if kind != "requirement":
            out["type"] = kind
        for key, spec_key, what in (
            ("requirementId", "id", "id"),
            ("text", "text", "text"),
        ):
            found = value(req, key, what)
            if found is not None:
                out[spec_key] = found
        if req.get("risk"):
            out["risk"] = str(req["risk"]).lower()
        if req.get("verifyMethod"):
            out["verify"] = str(req["verifyMethod"]).lower()
        styled(req, out)
        requirements[str(req["name"])] = out or None
    if requirements:
        spec["requirements"] = requirements

    elements: dict[str, Any] = {}
    for element in (graph.get("elements") or {}).values():
        out = {}
        for key, spec_key in (("type", "type"), ("docRef", "docref")):
            found = value(element, key, spec_key)
            if found is not None:
                out[spec_key] = found
        styled(element, out)
        elements[str(element["name"])] = out or None
    if elements:
        spec["elements"] = elements

    declared = {*(spec.get("requirements") or {}), *elements}
    relations = []
    for rel in graph.get("relationships") or []:
        ends = (str(rel["src"]), str(rel["dst"]))
        unknown = [end for end in ends if end not in declared]
        if unknown:
            # Mermaid keeps a relation to a name it never declared (and draws it to nothing);
            # a spec's relations join requirements and elements.
            warnings.append(
                SpecError(
                    f"the relation from {ends[0]!r} to {ends[1]!r} was not imported:"
                    f" {unknown[0]!r} is no requirement or element",
                    file=name,
                    line=line_matching(
                        text,
                        rf"{re.escape(ends[0])}\W.*{re.escape(str(rel['type']))}.*\W"
                        rf"{re.escape(ends[1])}|{re.escape(ends[1])}\W.*"
                        rf"{re.escape(str(rel['type']))}.*\W{re.escape(ends[0])}",
                        first_line,
                    ),
                    severity="warning",
                )
            )
            continue
        relations.append({"from": ends[0], "to": ends[1], "type": str(rel["type"])})
    if relations:
        spec["relations"] = relations
    classes = {
        cls: css_styles([str(s) for s in definition.get("styles") or []])
        for cls, definition in class_defs.items()
    }
    if classes:
        spec["classes"] = classes
    return spec, warnings
