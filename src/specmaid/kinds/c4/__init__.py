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
`level` picks the diagram (`C4Context` … `C4Deployment`); elements a level does not usually
show (a component in a context diagram) get a warning. Mermaid keeps only the last relation
between the same two elements in the same direction, so a second one is an error. Element and
boundary texts are drawn without entity decoding: `"`, `#name;`, `&name;` and `%%` are
refused there; relation texts take any character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text, text
from specmaid.kinds.jison_text import guard_direction, refuse_direction
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED
from specmaid.pipeline.escape import escape_line_text, escape_text

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
    "node_left": "Node_L",
    "node_right": "Node_R",
}
RELATIONS = {
    "none": "Rel",
    "up": "Rel_U",
    "down": "Rel_D",
    "left": "Rel_L",
    "right": "Rel_R",
    "back": "Rel_Back",
}
#: Element kinds each level is meant to show (C4's own model); others get a warning.
LEVEL_KINDS = {
    "context": ("person", "system"),
    "container": ("person", "system", "container"),
    "component": ("person", "system", "container", "component"),
}
ALIAS_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"
# Style values go inside "…" with no escapes: colours and CSS-like words only.
STYLE_VALUE: dict[str, Any] = {"type": "string", "pattern": r"^[#A-Za-z0-9(), .%-]+$"}
URL: dict[str, Any] = {"type": "string", "pattern": r"^[^\"\s]+$", "description": "a URL"}
BOUNDARY: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "kind": {"enum": list(BOUNDARIES)},
        "label": TEXT,
        "type": {**TEXT, "description": "shown in brackets, e.g. [Ubuntu 22.04]"},
        "description": {**TEXT, "description": "deployment nodes only"},
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
        "description": "alias → element; at least one element (Mermaid cannot draw an empty C4"
        " diagram)",
        "minProperties": 1,
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
                "link": URL,
                "style": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "background": STYLE_VALUE,
                        "font": STYLE_VALUE,
                        "border": STYLE_VALUE,
                    },
                },
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
                "link": URL,
                "style": {
                    "type": "object",
                    "additionalProperties": False,
                    "properties": {
                        "text": STYLE_VALUE,
                        "line": STYLE_VALUE,
                        "offset_x": {"type": "integer"},
                        "offset_y": {"type": "integer"},
                    },
                },
            },
        },
    },
    "layout": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "shapes_per_row": {"type": "integer", "minimum": 1},
            "boundaries_per_row": {"type": "integer", "minimum": 1},
        },
    },
}


@dataclass
class C4Model:
    header: str
    title: str | None = None  # C4 draws its own `title` line, not the frontmatter title
    lines: list[str] = field(default_factory=list)


_HTML_ENTITY_RE = re.compile(r"&#?\w+;")


def _named(key: str, value: Any) -> str:
    return f'${key}="{value}"'


def build(inp: BuildInput, report: Reporter) -> C4Model:
    spec = inp.spec
    level = spec.get("level", "context")
    model = C4Model(LEVELS[level])
    if spec.get("title") is not None:
        # The title statement runs to the end of the line and stops at '#' and ';':
        # escaped as entities, which C4 titles decode.
        model.title = guard_direction(escape_line_text(text(spec["title"]), newline=" "))
    elements = spec.get("elements") or {}
    placed: dict[str, tuple[Any, ...]] = {}

    def shape_text(value: Any, path: tuple[Any, ...]) -> str:
        # Element and boundary texts are drawn without entity decoding: no escapes exist.
        raw = raw_text(value, path, report, "C4", forbidden='"')
        refuse_direction(raw, path, report, "C4", ignore_case=False)
        match = _HTML_ENTITY_RE.search(raw)
        if match:
            report.error(
                path,
                f"found {match.group(0)!r}; Mermaid's C4 shapes show it as the character it"
                " names and have no escape for it",
            )
        return f'"{raw}"'

    def rel_text(value: Any) -> str:
        # Relation texts decode Mermaid's entities (checked in the rendered SVG).
        return '"' + guard_direction(escape_text(" ".join(text(value).splitlines()))) + '"'

    def element_line(alias: str, indent: str) -> str:
        element = elements[alias]
        path = ("elements", alias)
        kind = element["kind"]
        if level in LEVEL_KINDS and kind.split("_")[0] not in LEVEL_KINDS[level]:
            report.warning(
                (*path, "kind"),
                f"a {level} diagram does not usually show a {kind.split('_')[0]}"
                f" (C4 puts those in {_deeper(kind)} diagrams)",
            )
        macro = ELEMENTS[kind] + ("_Ext" if element.get("external") else "")
        args = [alias, shape_text(element["label"], (*path, "label"))]
        if kind != "person" and not kind.startswith("system"):
            args.append(shape_text(element.get("technology", ""), (*path, "technology")))
        elif element.get("technology") is not None:
            report.error((*path, "technology"), "people and systems have no technology in C4")
        if element.get("description") is not None:
            args.append(shape_text(element["description"], (*path, "description")))
        if element.get("link"):
            args.append(_named("link", element["link"]))
        return f"{indent}{macro}({', '.join(args)})"

    def boundaries(items: dict[str, Any], path: tuple[Any, ...], indent: str) -> None:
        for alias, boundary in items.items():
            here = (*path, alias)
            kind = boundary.get("kind", "boundary")
            if kind.startswith("node") and level != "deployment":
                report.warning((*here, "kind"), "deployment nodes belong to deployment diagrams")
            if not boundary.get("elements") and not boundary.get("boundaries"):
                report.error(here, "a boundary needs elements or boundaries; Mermaid fails on {}")
            args = [alias, shape_text(boundary.get("label", alias), (*here, "label"))]
            if boundary.get("type") is not None or boundary.get("description") is not None:
                args.append(shape_text(boundary.get("type", ""), (*here, "type")))
            if boundary.get("description") is not None:
                if not kind.startswith("node"):
                    report.error((*here, "description"), "only deployment nodes have a description")
                args.append(shape_text(boundary["description"], (*here, "description")))
            model.lines.append(f"{indent}{BOUNDARIES[kind]}({', '.join(args)}) {{")
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
    pairs: dict[tuple[str, str], int] = {}
    styles: list[str] = []
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
        pair = (rel["from"], rel["to"])
        if pair in pairs:
            report.error(
                path,
                f"relations[{pairs[pair]}] already goes from {pair[0]!r} to {pair[1]!r}; Mermaid"
                " keeps only the last relation between two elements in one direction",
            )
            continue
        pairs[pair] = i
        if rel.get("both") and rel.get("direction"):
            report.error((*path, "direction"), "a two-way relation (BiRel) has no direction")
        macro = "BiRel" if rel.get("both") else RELATIONS[rel.get("direction", "none")]
        args = [rel["from"], rel["to"], rel_text(rel["label"])]
        if rel.get("technology") is not None:
            args.append(rel_text(rel["technology"]))
        if rel.get("link"):
            args.append(_named("link", rel["link"]))
        model.lines.append(f"    {macro}({', '.join(args)})")
        style = rel.get("style") or {}
        if style:
            named = [
                _named(mermaid_key, style[key])
                for key, mermaid_key in (
                    ("text", "textColor"),
                    ("line", "lineColor"),
                    ("offset_x", "offsetX"),
                    ("offset_y", "offsetY"),
                )
                if key in style
            ]
            styles.append(f"    UpdateRelStyle({rel['from']}, {rel['to']}, {', '.join(named)})")
    for alias, element in elements.items():
        style = element.get("style") or {}
        if style:
            named = [
                _named(mermaid_key, style[key])
                for key, mermaid_key in (
                    ("background", "bgColor"),
                    ("font", "fontColor"),
                    ("border", "borderColor"),
                )
                if key in style
            ]
            styles.append(f"    UpdateElementStyle({alias}, {', '.join(named)})")
    model.lines.extend(styles)
    layout = spec.get("layout") or {}
    if layout:
        named = [
            _named(mermaid_key, layout[key])
            for key, mermaid_key in (
                ("shapes_per_row", "c4ShapeInRow"),
                ("boundaries_per_row", "c4BoundaryInRow"),
            )
            if key in layout
        ]
        model.lines.append(f"    UpdateLayoutConfig({', '.join(named)})")
    return model


def _deeper(kind: str) -> str:
    return {"container": "container", "component": "component"}.get(kind.split("_")[0], "deeper")


KIND = DiagramKind(
    name="c4",
    description=(
        "A C4 diagram: context, container, component, dynamic or deployment (Mermaid `C4*`)"
    ),
    properties=PROPERTIES,
    defs={"boundary": BOUNDARY},
    build=build,
    template="c4.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    required=("elements",),  # (Mermaid cannot draw a C4 diagram without an element)
    mermaid_types=("c4",),
    importer="specmaid.kinds.c4.importer:import_c4",
)
