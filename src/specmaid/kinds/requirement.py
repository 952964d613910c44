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
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import escape_text
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text, text

TYPES = (
    "requirement",
    "functionalRequirement",
    "interfaceRequirement",
    "performanceRequirement",
    "physicalRequirement",
    "designConstraint",
)
RELATIONS = ("contains", "copies", "derives", "satisfies", "verifies", "refines", "traces")
NAME_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["TB", "BT", "LR", "RL"]},
    "requirements": {
        "type": "object",
        "propertyNames": {"pattern": NAME_RE},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "type": {"enum": list(TYPES)},
                "id": TEXT,
                "text": TEXT,
                "risk": {"enum": ["low", "medium", "high"]},
                "verify": {"enum": ["analysis", "inspection", "test", "demonstration"]},
            },
        },
    },
    "elements": {
        "type": "object",
        "propertyNames": {"pattern": NAME_RE},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"type": TEXT, "docref": TEXT},
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
}


@dataclass
class RequirementModel:
    direction: str | None
    lines: list[str] = field(default_factory=list)


def _quoted(value: Any) -> str:
    # Quoted values in the requirement grammar: no escape for '"', but entities decode.
    return '"' + escape_text(text(value)) + '"'


def build(inp: BuildInput, report: Reporter) -> RequirementModel:
    spec = inp.spec
    model = RequirementModel(spec.get("direction"))
    names: set[str] = set()
    for name, req in (spec.get("requirements") or {}).items():
        names.add(name)
        model.lines.append(f"    {req.get('type', 'requirement')} {name} {{")
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
        if name in names:
            report.error(("elements", name), f"{name!r} is also a requirement name", at_key=True)
        names.add(name)
        model.lines.append(f"    element {name} {{")
        if element.get("type") is not None:
            model.lines.append(f"        type: {_quoted(element['type'])}")
        if element.get("docref") is not None:
            docref = raw_text(
                element["docref"],
                ("elements", name, "docref"),
                report,
                "requirement docref",
                forbidden='"{}',
            )
            model.lines.append(f'        docref: "{docref}"')
        model.lines.append("    }")
    for i, rel in enumerate(spec.get("relations") or []):
        ok = True
        for key in ("from", "to"):
            if rel[key] not in names:
                report.error(
                    ("relations", i, key),
                    f"unknown requirement or element {rel[key]!r}." + did_you_mean(rel[key], names),
                )
                ok = False
        if ok:
            model.lines.append(f"    {rel['from']} - {rel['type']} -> {rel['to']}")
    return model


KIND = DiagramKind(
    name="requirement",
    description="A requirement diagram (Mermaid `requirementDiagram`)",
    properties=PROPERTIES,
    build=build,
    template="requirement.mmd.j2",
    mermaid_types=("requirement",),
)
