"""Wardley maps: components placed by visibility and evolution, the links between them, their
movement, pipelines, notes, annotations and (de)accelerators.

Every position is `[visibility, evolution]`, both from 0 to 1 (visibility: 1 is closest to
the user, at the top; evolution: 0 is genesis, at the left). A component is its position, or
a mapping with `at` and any of `label_offset` (`[x, y]` pixels), `strategy` (build, buy,
outsource, market), `inertia: true`, and `pipeline` (name → evolution, or name →
`{evolution, label_offset}`: variants drawn along a pipeline at the component's visibility).
`stages` names the evolution axis's stages (each `{name, end}` to place the boundaries
yourself); `evolve` moves a component towards a new evolution. A link is
`{from, to, dashed, flow, label}` with `flow` one of forward, backward, both.

```yaml
diagram: wardley
anchors: {Users: [0.95, 0.6]}
components:
  Extended thinking: [0.7, 0.3]
  Model: {at: [0.5, 0.5], strategy: build}
links:
  - {from: Users, to: Extended thinking, label: sets a budget}
  - {from: Extended thinking, to: Model, flow: forward}
evolve: {Extended thinking: 0.5}
notes:
  - {text: Reasoning appears before the final response, at: [0.8, 0.5]}
```

Checked: names are unique (anchors, components and pipeline variants share one namespace),
links and `evolve` name known components, stage ends are given for all stages or none and
increase, and no link goes from a component to itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean, format_path
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind
from specmaid.kinds.textsafe import langium_text, line_text, one_line

POINT: dict[str, Any] = {
    "type": "array",
    "minItems": 2,
    "maxItems": 2,
    "items": {"type": "number", "minimum": 0, "maximum": 1},
    "description": "[visibility, evolution], each from 0 to 1",
}
FRACTION: dict[str, Any] = {"type": "number", "minimum": 0, "maximum": 1}
OFFSET: dict[str, Any] = {
    "type": "array",
    "minItems": 2,
    "maxItems": 2,
    "items": {"type": "integer"},
    "description": "[x, y] label offset in pixels",
}
PIPELINE_ITEM: dict[str, Any] = {
    "oneOf": [
        {**FRACTION, "description": "the variant's evolution"},
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["evolution"],
            "properties": {"evolution": FRACTION, "label_offset": OFFSET},
        },
    ]
}
COMPONENT: dict[str, Any] = {
    "oneOf": [
        POINT,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["at"],
            "properties": {
                "at": POINT,
                "label_offset": OFFSET,
                "strategy": {"enum": ["build", "buy", "outsource", "market"]},
                "inertia": {"type": "boolean"},
                "pipeline": {
                    "type": "object",
                    "minProperties": 1,
                    "additionalProperties": PIPELINE_ITEM,
                },
            },
        },
    ]
}
NAMED_POINTS: dict[str, Any] = {"type": "object", "additionalProperties": POINT}
PROPERTIES: dict[str, Any] = {
    "size": {
        "type": "object",
        "additionalProperties": False,
        "required": ["width", "height"],
        "properties": {
            "width": {"type": "integer", "minimum": 1},
            "height": {"type": "integer", "minimum": 1},
        },
    },
    "stages": {
        "type": "array",
        "minItems": 2,
        "description": "the evolution axis's stages, left to right",
        "items": {
            "oneOf": [
                TEXT,
                {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "end"],
                    "properties": {"name": TEXT, "end": FRACTION},
                },
            ]
        },
    },
    "anchors": NAMED_POINTS,
    "components": {"type": "object", "additionalProperties": COMPONENT},
    "links": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {
                "from": TEXT,
                "to": TEXT,
                "dashed": {"type": "boolean"},
                "flow": {"enum": ["forward", "backward", "both"]},
                "label": TEXT,
            },
        },
    },
    "evolve": {"type": "object", "additionalProperties": FRACTION},
    "notes": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "at"],
            "properties": {"text": TEXT, "at": POINT},
        },
    },
    "annotations": {
        "type": "array",
        "description": "numbered markers (1, 2, …) whose texts are listed in the annotations box",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["text", "at"],
            "properties": {"text": TEXT, "at": POINT},
        },
    },
    "annotations_box": {**POINT, "description": "where the annotations box is drawn"},
    "accelerators": NAMED_POINTS,
    "deaccelerators": NAMED_POINTS,
}

#: Words the wardley lexer reads as keywords; a name containing one is written quoted.
KEYWORDS = frozenset(
    {
        "wardley-beta",
        "size",
        "evolution",
        "anchor",
        "component",
        "label",
        "inertia",
        "evolve",
        "pipeline",
        "note",
        "annotations",
        "annotation",
        "accelerator",
        "deaccelerator",
        "build",
        "buy",
        "outsource",
        "market",
        "title",
        "acctitle",
        "accdescr",
    }
)
_BARE_NAME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?: [A-Za-z][A-Za-z0-9]*)*$")
FLOW_PORTS = {"forward": "+>", "backward": "+<", "both": "+<>"}


@dataclass
class WardleyModel:
    lines: list[str] = field(default_factory=list)


def fraction(value: float) -> str:
    """A coordinate as the grammar's WARDLEY_NUMBER: always with a decimal point (`1.0`)."""
    digits = f"{float(value):.6f}".rstrip("0")
    return digits + "0" if digits.endswith(".") else digits


def point(at: list[float]) -> str:
    return f"[{fraction(at[0])}, {fraction(at[1])}]"


def offset(values: list[int]) -> str:
    return f"label [{values[0]}, {values[1]}]"


def wardley_name(name: str) -> str:
    """A name bare when the grammar reads it back unchanged, otherwise a quoted STRING."""
    words = name.split(" ")
    if _BARE_NAME_RE.match(name) and not any(w.lower() in KEYWORDS for w in words):
        return name
    return langium_text(name)


def build(inp: BuildInput, report: Reporter) -> WardleyModel:
    spec = inp.spec
    model = WardleyModel()
    lines = model.lines

    if spec.get("size"):
        lines.append(f"size [{spec['size']['width']}, {spec['size']['height']}]")

    stages = spec.get("stages") or []
    if stages:
        ends = [s.get("end") if isinstance(s, dict) else None for s in stages]
        given = [e for e in ends if e is not None]
        if given and len(given) != len(ends):
            report.error(("stages",), "give every stage an `end`, or none (Mermaid spaces them)")
        for i in range(1, len(given)):
            if given[i] <= given[i - 1]:
                report.error(("stages", i, "end"), "stage ends must increase left to right")
        parts = []
        for stage, end in zip(stages, ends, strict=True):
            name = langium_text(stage["name"] if isinstance(stage, dict) else stage)
            parts.append(name + (f"@{fraction(end)}" if end is not None else ""))
        lines.append("evolution " + " -> ".join(parts))

    # Every name Mermaid can link to: anchors, components and pipeline variants.
    names: dict[str, tuple[Any, ...]] = {}
    movable: set[str] = set()  # what `evolve` can move: anchors and components

    def claim(raw: Any, path: tuple[Any, ...]) -> str:
        name = one_line(raw)
        if not name:
            report.error(path, "empty name", at_key=True)
        elif name in names:
            report.error(path, f"{name!r} is already {format_path(names[name])}", at_key=True)
        else:
            names[name] = path
        return name

    for name, at in (spec.get("anchors") or {}).items():
        movable.add(claim(name, ("anchors", name)))
        lines.append(f"anchor {wardley_name(one_line(name))} {point(at)}")

    pipelines: list[str] = []
    for raw_name, item in (spec.get("components") or {}).items():
        path = ("components", raw_name)
        name = claim(raw_name, path)
        movable.add(name)
        item = item if isinstance(item, dict) else {"at": item}
        line = f"component {wardley_name(name)} {point(item['at'])}"
        if item.get("label_offset"):
            line += " " + offset(item["label_offset"])
        if item.get("strategy"):
            line += f" ({item['strategy']})"
        if item.get("inertia"):
            line += " inertia"
        lines.append(line)
        if item.get("pipeline"):
            pipelines.append(f"pipeline {wardley_name(name)} {{")
            for raw_variant, variant in item["pipeline"].items():
                variant_name = claim(raw_variant, (*path, "pipeline", raw_variant))
                variant = variant if isinstance(variant, dict) else {"evolution": variant}
                entry = (
                    f"  component {wardley_name(variant_name)} [{fraction(variant['evolution'])}]"
                )
                if variant.get("label_offset"):
                    entry += " " + offset(variant["label_offset"])
                pipelines.append(entry)
            pipelines.append("}")
    lines.extend(pipelines)

    for i, link in enumerate(spec.get("links") or []):
        path = ("links", i)
        endpoints = {key: one_line(link[key]) for key in ("from", "to")}
        for key, name in endpoints.items():
            if name not in names:
                report.error(
                    (*path, key), f"unknown component {name!r}." + did_you_mean(name, names)
                )
        if endpoints["from"] == endpoints["to"]:
            report.error((*path, "to"), "a link cannot go from a component to itself")
        port = f" {FLOW_PORTS[link['flow']]}" if link.get("flow") else ""
        arrow = "-.->" if link.get("dashed") else "->"
        label = ""
        if link.get("label") is not None:
            label = f" ; {line_text(link['label'])}"
        start, end = (wardley_name(endpoints[key]) for key in ("from", "to"))
        lines.append(f"{start}{port} {arrow} {end}{label}")

    for raw_name, target in (spec.get("evolve") or {}).items():
        name = one_line(raw_name)
        if name not in movable:
            report.error(
                ("evolve", raw_name),
                f"unknown component {name!r}; only components and anchors can evolve."
                + did_you_mean(name, movable),
                at_key=True,
            )
        lines.append(f"evolve {wardley_name(name)} {fraction(target)}")

    for note in spec.get("notes") or []:
        lines.append(f"note {langium_text(note['text'])} {point(note['at'])}")

    if spec.get("annotations_box"):
        lines.append(f"annotations {point(spec['annotations_box'])}")
    for i, annotation in enumerate(spec.get("annotations") or []):
        lines.append(
            f"annotation {i + 1}, {point(annotation['at'])} {langium_text(annotation['text'])}"
        )

    for keyword in ("accelerator", "deaccelerator"):
        for raw_name, at in (spec.get(f"{keyword}s") or {}).items():
            if not one_line(raw_name):
                report.error((f"{keyword}s", raw_name), "empty name", at_key=True)
            lines.append(f"{keyword} {wardley_name(one_line(raw_name))} {point(at)}")
    return model


KIND = DiagramKind(
    name="wardley",
    description="A Wardley map (Mermaid `wardley-beta`, 11.14+)",
    properties=PROPERTIES,
    build=build,
    template="wardley.mmd.j2",
    since="11.14",
    mermaid_types=("wardley", "wardley-beta"),
    importer="specmaid.kinds.wardley.importer:import_wardley",
)
