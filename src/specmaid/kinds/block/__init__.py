"""Block diagrams: blocks laid out in columns, nested groups, spaces and edges.

```yaml
diagram: block
columns: 3
blocks:
  - {id: prompt, label: Prompt}
  - {id: think, label: Extended thinking, span: 2}
  - group: safeguards
    label: Safeguards
    columns: 2
    span: 3
    blocks:
      - {id: cls, label: Streaming classifier, shape: round}
      - {id: enc, label: Encryption, shape: hexagon, class: highlight}
  - {space: 2}
  - {id: answer, label: Answer, shape: stadium}
  - {id: next, label: Next, arrow: [right, down]}
edges:
  - {from: prompt, to: think}
  - {from: cls, to: enc, label: harmful, line: thick}
  - {from: think, to: answer, line: dotted, arrow: none}
classes:
  highlight: {fill: "#ffe0e0", stroke: "#BB2528"}
```
Blocks fill the `columns` of their container left to right, one column each or `span`
columns; `space` leaves empty columns. An entry is a block (`id`), a space (`space`) or a
group (`group`, with its own `columns` and `blocks`). Edges join blocks or groups; `line` is
`solid`, `thick` or `dotted`, `arrow` is `to` (default), `none`, `both`, `cross` or `circle`.
Blocks and groups take `class` (from `classes:` or the theme) and `style`. Mermaid draws no
title and has no accessibility statements here.
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
    as_list,
    check_class_refs,
    check_styles,
    class_def_lines,
    entries,
    text,
)
from specmaid.kinds.beta_helpers import refuse_accessibility, safe_id, warn_title_not_drawn
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED, CHECKED_NOTE, since
from specmaid.pipeline.escape import escape_text, style_list

SHAPES = {
    "square": ("[", "]"),
    "round": ("(", ")"),
    "stadium": ("([", "])"),
    "subroutine": ("[[", "]]"),
    "cylinder": ("[(", ")]"),
    "circle": ("((", "))"),
    "asymmetric": (">", "]"),
    "diamond": ("{", "}"),
    "hexagon": ("{{", "}}"),
    "lean-right": ("[/", "/]"),
    "lean-left": ("[\\", "\\]"),
    "trapezoid": ("[/", "\\]"),
    "trapezoid-alt": ("[\\", "/]"),
    "double-circle": ("(((", ")))"),
}
ARROW_DIRECTIONS = ("right", "left", "up", "down", "x", "y")
#: Edge line → (unlabelled link body, labelled link opening, labelled link closing, the
#: end marker of a link without arrow head): `-->` / `-- "t" -->`, `==>` / `== "t" ==>`,
#: `-.->` / `-. "t" .->`; without a head `---`, `===`, `-.-`.
LINES = {
    "solid": ("--", "--", "--", "-"),
    "thick": ("==", "==", "==", "="),
    "dotted": ("-.-", "-.", ".-", ""),
}
#: Edge arrow → the end marker (None: the line's own). Mermaid's block lexer reads a start
#: marker only on unlabelled links, and only `<` (`x--x` lexes as a block named x).
ARROW_HEADS = {"to": ">", "none": None, "both": ">", "cross": "x", "circle": "o"}
#: Words the block lexer reads as keywords wherever an id may stand.
RESERVED = frozenset(
    {"end", "block", "columns", "space", "style", "classdef", "class", "default"}
    | {"linkstyle", "interpolate"}
)
_SAFE_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
#: classDef/class statements read class names as `\w+`.
BLOCK_CLASS_RE = r"^[A-Za-z_][A-Za-z0-9_]*$"

BLOCK: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "a block (id), a space (space: n) or a group (group: id, blocks: [...])",
    "properties": {
        "id": {"type": "string", "description": "a block: its id (the label when none)"},
        "group": {"type": "string", "description": "a group: its id"},
        "space": {"type": "integer", "minimum": 1, "description": "an empty slot, n columns"},
        "label": TEXT,
        "shape": {"enum": list(SHAPES)},
        "arrow": {
            "description": "draw the block as an arrow pointing this way (or these ways)",
            "oneOf": [
                {"enum": list(ARROW_DIRECTIONS)},
                {"type": "array", "minItems": 1, "items": {"enum": list(ARROW_DIRECTIONS)}},
            ],
        },
        "span": {"type": "integer", "minimum": 1, "description": "columns the entry takes"},
        "columns": {"type": "integer", "minimum": 1, "description": "a group's columns"},
        "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}},
        "class": CLASS_REFS,
        "style": STYLES,
    },
}
PROPERTIES: dict[str, Any] = {
    "columns": {"type": "integer", "minimum": 1, "description": "columns of the diagram"},
    "blocks": {
        "type": "array",
        "description": "at least one block (Mermaid cannot draw an empty block diagram)",
        "minItems": 1,
        "items": {"$ref": "#/$defs/block"},
    },
    "edges": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {
                "from": {"type": "string"},
                "to": {"type": "string"},
                "label": TEXT,
                "line": {"enum": list(LINES)},
                "arrow": {"enum": list(ARROW_HEADS)},
            },
        },
    },
    "classes": CLASS_DEFS,
}


@dataclass
class BlockModel:
    lines: list[str] = field(default_factory=list)


def _label(value: Any) -> str:
    # Block labels are quoted strings without escapes; the block renderer decodes entities
    # like flowcharts do, so every special character is written as one. The lexer cannot
    # read an empty string: empty text is one space (drawn the same).
    escaped = escape_text(" ".join(text(value).splitlines())).replace("\\", "#92;")
    return f'"{escaped or " "}"'


def _block_id(user_id: str) -> str:
    is_safe = bool(_SAFE_ID_RE.match(user_id)) and user_id.lower() not in RESERVED
    return safe_id(user_id, is_safe, "b")


_KIND_NAMES = {"id": "block", "space": "space", "group": "group"}
#: Keys that mean something for each kind of entry (anything else is reported).
_KEYS = {
    "id": {"id", "label", "shape", "arrow", "span", "class", "style"},
    "space": {"space"},
    "group": {"group", "label", "span", "columns", "blocks", "class", "style"},
}


def _misplaced_keys(kind: str, block: dict[str, Any]) -> list[str]:
    return [key for key in block if key not in _KEYS[kind]]


def _check_class_name(name: str, path: tuple[Any, ...], report: Reporter, at_key: bool) -> None:
    if not re.match(BLOCK_CLASS_RE, name):
        report.error(
            path,
            f"class {name!r}: Mermaid's block diagrams read class names as letters, digits"
            " and '_' only",
            at_key=at_key,
        )


def build(inp: BuildInput, report: Reporter) -> BlockModel:
    spec = inp.spec
    refuse_accessibility(spec, report, "block diagram")
    warn_title_not_drawn(spec, report, "block diagrams")
    class_defs = {**inp.class_defs, **(spec.get("classes") or {})}
    for name in spec.get("classes") or {}:
        _check_class_name(name, ("classes", name), report, at_key=True)
    model = BlockModel()
    ids: dict[str, str] = {}
    styles: list[str] = []
    class_members: dict[str, list[str]] = {}
    if spec.get("columns"):
        model.lines.append(f"    columns {spec['columns']}")

    def visit(blocks: list[Any], path: tuple[Any, ...], indent: str, columns: int | None) -> None:
        for i, block in enumerate(blocks):
            here = (*path, i)
            kinds = [k for k in ("id", "space", "group") if k in block]
            if len(kinds) != 1:
                report.error(
                    here, "an entry is one of: a block (`id`), a space (`space`), a group (`group`)"
                )
                continue
            kind = kinds[0]
            width = block.get("space") if kind == "space" else block.get("span")
            if columns is not None and width is not None and width > columns:
                # Mermaid only logs a warning and then lays the row out over the edge.
                key = "space" if kind == "space" else "span"
                report.error(
                    (*here, key),
                    f"found {width}; the {'group' if path != ('blocks',) else 'diagram'}"
                    f" has {columns} columns",
                )
            for key in _misplaced_keys(kind, block):
                report.error((*here, key), f"`{key}` does not apply to a {_KIND_NAMES[kind]}")
            if kind == "space":
                model.lines.append(f"{indent}space" + (f":{width}" if width > 1 else ""))
                continue
            user_id = block[kind]
            if user_id in ids:
                report.error((*here, kind), f"duplicate block id {user_id!r}")
            mid = ids[user_id] = _block_id(user_id)
            span = f":{width}" if width else ""
            if kind == "group":
                label = f"[{_label(block['label'])}]" if block.get("label") is not None else ""
                model.lines.append(f"{indent}block:{mid}{label}{span}")
                if block.get("columns"):
                    model.lines.append(f"{indent}    columns {block['columns']}")
                visit(
                    block.get("blocks") or [],
                    (*here, "blocks"),
                    indent + "    ",
                    block.get("columns"),
                )
                if not block.get("blocks"):  # (`block:g` then `end` is a parse error)
                    model.lines.append(f"{indent}    space")
                model.lines.append(f"{indent}end")
            else:
                model.lines.append(f"{indent}{mid}{_block_body(user_id, mid, block)}{span}")
            refs = [text(c) for c in as_list(block.get("class"))]
            check_class_refs(refs, class_defs, (*here, "class"), report)
            for name in refs:
                _check_class_name(name, (*here, "class"), report, at_key=False)
                class_members.setdefault(name, []).append(mid)
            if block.get("style"):
                check_styles(block["style"], (*here, "style"), report)
                styles.append(f"    style {mid} {style_list(block['style'])}")

    visit(spec.get("blocks") or [], ("blocks",), "    ", spec.get("columns"))
    for i, edge in enumerate(spec.get("edges") or []):
        line = _edge_line(edge, ("edges", i), ids, report)
        if line:
            model.lines.append(line)
    for name, css in class_def_lines(class_defs, spec.get("classes") or {}, class_members, report):
        model.lines.append(f"    classDef {name} {css}")
    for name, members in class_members.items():
        model.lines.append(f"    class {','.join(members)} {name}")
    model.lines.extend(styles)
    return model


def _block_body(user_id: str, mid: str, block: dict[str, Any]) -> str:
    """The shape and label after a block's id ('' for a plain block showing its id)."""
    label = block.get("label")
    if label is None and mid != user_id:
        label = user_id  # the id was renamed: keep showing what the user wrote
    if block.get("arrow"):
        directions = ", ".join(as_list(block["arrow"]))
        return f"<[{_label(label if label is not None else ' ')}]>({directions})"
    if label is None and not block.get("shape"):
        return ""
    opening, closing = SHAPES[block.get("shape", "square")]
    return f"{opening}{_label(label if label is not None else user_id)}{closing}"


def _edge_line(
    edge: dict[str, Any], path: tuple[Any, ...], ids: dict[str, str], report: Reporter
) -> str | None:
    missing = [k for k in ("from", "to") if edge[k] not in ids]
    for key in missing:
        report.error((*path, key), f"unknown block {edge[key]!r}." + did_you_mean(edge[key], ids))
    arrow = edge.get("arrow", "to")
    body, label_open, label_close, no_head = LINES[edge.get("line", "solid")]
    head = ARROW_HEADS[arrow] or no_head
    if edge.get("label") is not None and arrow == "both":
        report.error(
            (*path, "arrow"),
            "Mermaid's block diagrams draw `both` only on edges without a label"
            " (use `to`, or drop the label)",
        )
        return None
    if missing:
        return None
    if edge.get("label") is not None:
        link = f"{label_open} {_label(edge['label'])} {label_close}{head}"
    else:
        link = ("<" if arrow == "both" else "") + body + head
    return f"    {ids[edge['from']]} {link} {ids[edge['to']]}"


CLASSES_AND_STYLES = since("block", "classes and styles", "11.17", CHECKED_NOTE)


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    def walk(blocks: Any, path: tuple[Any, ...]) -> Iterator[FeatureUse]:
        for index, block in entries(blocks):
            if not isinstance(block, Mapping):
                continue
            for key in ("class", "style"):
                if block.get(key):
                    yield CLASSES_AND_STYLES, (*path, index, key)
            if "blocks" in block:
                yield from walk(block["blocks"], (*path, index, "blocks"))

    yield from walk(spec.get("blocks"), ("blocks",))


KIND = DiagramKind(
    name="block",
    description="A block diagram laid out in columns (Mermaid `block-beta`)",
    properties=PROPERTIES,
    defs={"block": BLOCK},
    required=("blocks",),
    build=build,
    template="block.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    uses_class_defs=True,
    mermaid_types=("block",),
    importer="specmaid.kinds.block.importer:import_block",
    features=(CLASSES_AND_STYLES,),
    detect_features=detect_features,
)
