"""Venn diagrams: sets, the overlaps between them, texts inside any region, and styles.

`sets` maps an id to its label and size (Mermaid's default size is 10); an overlap names two
or more sets (default size 10/n² for n sets). `texts` are words drawn inside a set's or an
overlap's own region; a text is plain, or `{label, color}`. `style` sets the region's `fill`,
`fill-opacity`, `stroke`, `stroke-width` and text `color`.

```yaml
diagram: venn
sets:
  cbrn: {label: CBRN, size: 10, texts: [Uplift studies]}
  autonomy: {label: Autonomy, size: 10, style: {fill: "#4477aa"}}
overlaps:
  - sets: [cbrn, autonomy]
    label: Agentic task evaluations
    size: 3
```

Checked: overlaps name known sets, each at most once, no combination twice, and an overlap is
never larger than one of its sets (defaults included). Mermaid's venn grammar has no
accessibility statements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, text
from specmaid.kinds.textsafe import label_text, refuse_accessibility
from specmaid.pipeline.escape import number_text

ID_RE = r"^[A-Za-z_][A-Za-z0-9_-]*$"
#: Words the venn lexer (case-insensitive) reads as statements; such ids are written quoted.
KEYWORDS = frozenset({"set", "union", "text", "style", "title", "venn-beta"})
STYLE_KEYS = ("fill", "fill-opacity", "stroke", "stroke-width", "color")
_BAD_STYLE_RE = re.compile(r'["\n\r]|%%|#\w+;')

REGION_STYLE: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "how the region is drawn",
    "properties": {key: {"type": ["string", "number"]} for key in STYLE_KEYS},
}
TEXTS: dict[str, Any] = {
    "type": "array",
    "description": "words drawn inside this region",
    "items": {
        "oneOf": [
            TEXT,
            {
                "type": "object",
                "additionalProperties": False,
                "required": ["label"],
                "properties": {"label": TEXT, "color": {"type": "string"}},
            },
        ]
    },
}
SIZE: dict[str, Any] = {"type": "number", "exclusiveMinimum": 0}
PROPERTIES: dict[str, Any] = {
    "sets": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": ID_RE},
        "additionalProperties": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"label": TEXT, "size": SIZE, "texts": TEXTS, "style": REGION_STYLE},
        },
    },
    "overlaps": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["sets"],
            "properties": {
                "sets": {"type": "array", "minItems": 2, "items": {"type": "string"}},
                "label": TEXT,
                "size": SIZE,
                "texts": TEXTS,
                "style": REGION_STYLE,
            },
        },
    },
}

DEFAULT_SET_SIZE = 10.0


@dataclass
class VennModel:
    lines: list[str] = field(default_factory=list)


def venn_id(name: str) -> str:
    """A set id as the grammar reads it: bare, or quoted when it is one of its keywords."""
    return f'"{name}"' if name.lower() in KEYWORDS else name


def _style_line(
    targets: str, styles: dict[str, Any], path: tuple[Any, ...], report: Reporter
) -> str | None:
    parts = []
    for key, raw in styles.items():
        value = text(raw)
        if not value.strip() or _BAD_STYLE_RE.search(value):
            report.error(
                (*path, key),
                f"found {value!r}; a venn style value cannot be empty or hold '\"', '%%',"
                " '#word;' or line breaks",
            )
        parts.append(f'{key}:"{value}"')
    return f"style {targets} {', '.join(parts)}" if parts else None


def build(inp: BuildInput, report: Reporter) -> VennModel:
    spec = inp.spec
    refuse_accessibility(spec, report, "venn diagram")
    model = VennModel()
    sets: dict[str, Any] = spec["sets"]
    texts: list[str] = []  # `text` statements come after every set and union
    styles: list[str] = []
    text_ids: set[str] = set()

    def region(item: dict[str, Any], targets: str, path: tuple[Any, ...]) -> str:
        label = f'["{label_text(item["label"])}"]' if item.get("label") is not None else ""
        size = f":{number_text(item['size'])}" if item.get("size") is not None else ""
        for j, entry in enumerate(item.get("texts") or []):
            if isinstance(entry, dict) and entry.get("color") is not None:
                # Mermaid styles a text through its name: give it one of its own.
                text_id = f"text_{len(text_ids) + 1}"
                while text_id in sets or text_id in text_ids:
                    text_id += "_"
                text_ids.add(text_id)
                texts.append(f'text {targets} {text_id}["{label_text(entry["label"])}"]')
                line = _style_line(text_id, {"color": entry["color"]}, (*path, "texts", j), report)
                if line:
                    styles.append(line)
            else:
                value = entry["label"] if isinstance(entry, dict) else entry
                texts.append(f'text {targets} "{label_text(value)}"')
        if item.get("style"):
            line = _style_line(targets, item["style"], (*path, "style"), report)
            if line:
                styles.append(line)
        return label + size

    for name, item in sets.items():
        model.lines.append(f"set {venn_id(name)}{region(item, venn_id(name), ('sets', name))}")

    seen: dict[frozenset[str], int] = {}
    for i, overlap in enumerate(spec.get("overlaps") or []):
        path = ("overlaps", i)
        members = [text(m) for m in overlap["sets"]]
        for j, member in enumerate(members):
            if member not in sets:
                report.error(
                    (*path, "sets", j),
                    f"unknown set {member!r}." + did_you_mean(member, sets),
                )
        if len(set(members)) != len(members):
            report.error((*path, "sets"), "a set appears twice in this overlap")
        key = frozenset(members)
        if key in seen:
            report.error(
                (*path, "sets"), f"the same sets as overlaps[{seen[key]}]; give each overlap once"
            )
        seen.setdefault(key, i)
        # Mermaid's defaults: a set is 10, an overlap of n sets is 10/n².
        size = overlap.get("size")
        effective = size if size is not None else DEFAULT_SET_SIZE / len(members) ** 2
        for member in members:
            member_size = (sets.get(member) or {}).get("size", DEFAULT_SET_SIZE)
            if member in sets and effective > member_size:
                told = "" if size is not None else " (Mermaid's default 10/n²; give it a size)"
                report.error(
                    (*path, "size") if size is not None else path,
                    f"the overlap's size {number_text(effective)}{told} is larger than set"
                    f" {member!r} ({number_text(member_size)})",
                )
                break
        targets = ",".join(venn_id(m) for m in members)
        model.lines.append(f"union {targets}{region(overlap, targets, path)}")

    model.lines.extend(texts)
    model.lines.extend(styles)
    return model


KIND = DiagramKind(
    name="venn",
    description="A Venn diagram (Mermaid `venn-beta`, 11.12.3+)",
    properties=PROPERTIES,
    required=("sets",),
    build=build,
    template="venn.mmd.j2",
    since="11.12.3",
    mermaid_types=("venn",),
    importer="specmaid.kinds.venn.importer:import_venn",
)
