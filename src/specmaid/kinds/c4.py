"""C4 diagrams (context, container, component, dynamic, deployment): people, systems,
containers and components in nested boundaries, and the relations between them.

```yaml
diagram: c4
level: context
elements:
  user: {kind: person, label: User, description: Asks questions}
  claude: {kind: system, label: Claude 3.7 Sonnet}
  aisi: {kind: system, label: US AI Safety Institute, external: true}
boundaries:
  anthropic: {kind: enterprise, label: Anthropic, elements: [claude]}
relations:
  - {from: user, to: claude, label: Prompts, technology: HTTPS}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text

LEVELS = {
    "context": "C4Context",
    "container": "C4Container",
    "component": "C4Component",
    "dynamic": "C4Dynamic",
    "deployment": "C4Deployment",
}
ELEMENTS = {
    "person": "Person",
    "system": "System",
    "system_db": "SystemDb",
    "system_queue": "SystemQueue",
    "container": "Container",
    "container_db": "ContainerDb",
    "container_queue": "ContainerQueue",
    "component": "Component",
    "component_db": "ComponentDb",
    "component_queue": "ComponentQueue",
}
BOUNDARIES = {
    "boundary": "Boundary",
    "enterprise": "Enterprise_Boundary",
    "system": "System_Boundary",
    "container": "Container_Boundary",
    "node": "Deployment_Node",
}
RELATIONS = {
    "none": "Rel",
    "up": "Rel_U",
    "down": "Rel_D",
    "left": "Rel_L",
    "right": "Rel_R",
    "back": "Rel_Back",
}
ALIAS_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
BOUNDARY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "kind": {"enum": list(BOUNDARIES)},
        "label": TEXT,
        "technology": TEXT,
        "elements": {"type": "array", "items": {"type": "string"}},
        "boundaries": {
            "type": "object",
            "propertyNames": {"pattern": ALIAS_RE},
            "additionalProperties": {"$ref": "#/$defs/boundary"},
        },
    },
}
PROPERTIES: dict[str, Any] = {
    "level": {"enum": list(LEVELS)},
    "elements": {
        "type": "object",
        "propertyNames": {"pattern": ALIAS_RE, "description": "an alias (letters, digits, _)"},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "required": ["kind", "label"],
            "properties": {
                "kind": {"enum": list(ELEMENTS)},
                "label": TEXT,
                "technology": TEXT,
                "description": TEXT,
                "external": {"type": "boolean"},
            },
        },
    },
    "boundaries": {
        "type": "object",
        "propertyNames": {"pattern": ALIAS_RE},
        "additionalProperties": {"$ref": "#/$defs/boundary"},
    },
    "relations": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to", "label"],
            "properties": {
                "from": {"type": "string"},
                "to": {"type": "string"},
                "label": TEXT,
                "technology": TEXT,
                "direction": {"enum": list(RELATIONS)},
                "both": {"type": "boolean", "description": "a two-way relation (BiRel)"},
            },
        },
    },
}


@dataclass
class C4Model:
    header: str
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> C4Model:
    spec = inp.spec
    model = C4Model(LEVELS[spec.get("level", "context")])
    elements = spec.get("elements") or {}
    placed: dict[str, tuple[Any, ...]] = {}

    def quoted(value: Any, path: tuple[Any, ...]) -> str:
        # C4 strings have no escapes; '"' ends them and '$' starts a named argument.
        return '"' + raw_text(value, path, report, "C4", forbidden='"$') + '"'

    def element_line(alias: str, indent: str) -> str:
        element = elements[alias]
        path = ("elements", alias)
        macro = ELEMENTS[element["kind"]] + ("_Ext" if element.get("external") else "")
        args = [alias, quoted(element["label"], (*path, "label"))]
        if element["kind"] != "person" and not element["kind"].startswith("system"):
            args.append(quoted(element.get("technology", ""), (*path, "technology")))
        elif element.get("technology") is not None:
            report.error((*path, "technology"), "people and systems have no technology in C4")
        if element.get("description") is not None:
            args.append(quoted(element["description"], (*path, "description")))
        return f"{indent}{macro}({', '.join(args)})"

    def boundaries(items: dict[str, Any], path: tuple[Any, ...], indent: str) -> None:
        for alias, boundary in items.items():
            here = (*path, alias)
            macro = BOUNDARIES[boundary.get("kind", "boundary")]
            args = [alias, quoted(boundary.get("label", alias), (*here, "label"))]
            if boundary.get("technology") is not None:
                args.append(quoted(boundary["technology"], (*here, "technology")))
            model.lines.append(f"{indent}{macro}({', '.join(args)}) {{")
            for j, member in enumerate(boundary.get("elements") or []):
                where = (*here, "elements", j)
                if member not in elements:
                    report.error(
                        where, f"unknown element {member!r}." + did_you_mean(member, elements)
                    )
                elif member in placed:
                    report.error(where, f"element {member!r} is already in another boundary")
                else:
                    placed[member] = where
                    model.lines.append(element_line(member, indent + "    "))
            boundaries(boundary.get("boundaries") or {}, (*here, "boundaries"), indent + "    ")
            model.lines.append(f"{indent}}}")

    boundaries(spec.get("boundaries") or {}, ("boundaries",), "    ")
    for alias in elements:
        if alias not in placed:
            model.lines.append(element_line(alias, "    "))
    for i, rel in enumerate(spec.get("relations") or []):
        path = ("relations", i)
        ok = True
        for key in ("from", "to"):
            if rel[key] not in elements:
                report.error(
                    (*path, key),
                    f"unknown element {rel[key]!r}." + did_you_mean(rel[key], elements),
                )
                ok = False
        if not ok:
            continue
        macro = "BiRel" if rel.get("both") else RELATIONS[rel.get("direction", "none")]
        args = [rel["from"], rel["to"], quoted(rel["label"], (*path, "label"))]
        if rel.get("technology") is not None:
            args.append(quoted(rel["technology"], (*path, "technology")))
        model.lines.append(f"    {macro}({', '.join(args)})")
    return model


KIND = DiagramKind(
    name="c4",
    description=(
        "A C4 diagram: context, container, component, dynamic or deployment (Mermaid `C4*`)"
    ),
    properties=PROPERTIES,
    defs={"boundary": BOUNDARY},
    build=build,
    template="c4.mmd.j2",
    mermaid_types=("c4",),
)
