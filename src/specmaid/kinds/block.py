"""Block diagrams: blocks laid out in columns, nested groups, spaces and edges.

```yaml
diagram: block
columns: 3
blocks:
  - {id: prompt, label: Prompt}
  - {id: think, label: Extended thinking, span: 2}
  - group: safeguards
    columns: 2
    span: 3
    blocks:
      - {id: cls, label: Streaming classifier, shape: round}
      - {id: enc, label: Encryption, shape: hexagon}
  - {space: 2}
  - {id: answer, label: Answer, shape: stadium}
edges:
  - {from: prompt, to: think}
  - {from: cls, to: enc, label: harmful}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.escape import escape_text, kind_safe_id, style_list
from specmaid.kinds.base import STYLES, TEXT, BuildInput, DiagramKind, check_styles, text

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
ARROWS = ("right", "left", "up", "down", "x", "y")
RESERVED = frozenset({"end", "block", "columns", "space", "style", "classdef", "class"})
BLOCK: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "description": "a block (id), a space (space: n) or a group (group: id, blocks: [...])",
    "properties": {
        "id": {"type": "string"},
        "label": TEXT,
        "shape": {"enum": list(SHAPES)},
        "arrow": {"enum": list(ARROWS), "description": "draw the block as an arrow"},
        "span": {"type": "integer", "minimum": 1},
        "space": {"type": "integer", "minimum": 1},
        "group": {"type": "string"},
        "columns": {"type": "integer", "minimum": 1},
        "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}},
        "style": STYLES,
    },
}
PROPERTIES: dict[str, Any] = {
    "columns": {"type": "integer", "minimum": 1},
    "blocks": {"type": "array", "items": {"$ref": "#/$defs/block"}},
    "edges": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {"from": {"type": "string"}, "to": {"type": "string"}, "label": TEXT},
        },
    },
}


@dataclass
class BlockModel:
    lines: list[str] = field(default_factory=list)


def _label(value: Any) -> str:
    # Block labels must be quoted; the block renderer decodes entities like flowcharts.
    return '"' + escape_text(text(value)).replace("\\", "#92;") + '"'


def build(inp: BuildInput, report: Reporter) -> BlockModel:
    spec = inp.spec
    model = BlockModel()
    ids: dict[str, str] = {}
    styles: list[str] = []
    if spec.get("columns"):
        model.lines.append(f"    columns {spec['columns']}")

    def visit(blocks: list[Any], path: tuple[Any, ...], indent: str) -> None:
        for i, block in enumerate(blocks):
            here = (*path, i)
            kinds = [k for k in ("id", "space", "group") if k in block]
            if len(kinds) != 1:
                report.error(
                    here, "a block is one of: a block (`id`), a space (`space`), a group (`group`)"
                )
                continue
            span = f":{block['span']}" if block.get("span") else ""
            if kinds[0] == "space":
                model.lines.append(
                    f"{indent}space" + (f":{block['space']}" if block["space"] > 1 else "")
                )
                continue
            user_id = block[kinds[0]]
            if user_id in ids:
                report.error((*here, kinds[0]), f"duplicate block id {user_id!r}")
            mid = ids[user_id] = kind_safe_id(user_id, RESERVED, "b")
            if kinds[0] == "group":
                model.lines.append(f"{indent}block:{mid}{span}")
                if block.get("columns"):
                    model.lines.append(f"{indent}    columns {block['columns']}")
                visit(block.get("blocks") or [], (*here, "blocks"), indent + "    ")
                model.lines.append(f"{indent}end")
            else:
                label = block.get("label", user_id if mid != user_id else None)
                if block.get("arrow"):
                    body = f"<[{_label(label if label is not None else ' ')}]>({block['arrow']})"
                elif label is not None or block.get("shape"):
                    opening, closing = SHAPES[block.get("shape", "square")]
                    body = f"{opening}{_label(label if label is not None else user_id)}{closing}"
                else:
                    body = ""
                model.lines.append(f"{indent}{mid}{body}{span}")
            if block.get("style"):
                check_styles(block["style"], (*here, "style"), report)
                styles.append(f"    style {mid} {style_list(block['style'])}")

    visit(spec.get("blocks") or [], ("blocks",), "    ")
    for i, edge in enumerate(spec.get("edges") or []):
        path = ("edges", i)
        missing = [k for k in ("from", "to") if edge[k] not in ids]
        for key in missing:
            report.error(
                (*path, key), f"unknown block {edge[key]!r}." + did_you_mean(edge[key], ids)
            )
        if missing:
            continue
        label = f" -- {_label(edge['label'])}" if edge.get("label") is not None else ""
        model.lines.append(f"    {ids[edge['from']]}{label} --> {ids[edge['to']]}")
    model.lines.extend(styles)
    return model


KIND = DiagramKind(
    name="block",
    description="A block diagram laid out in columns (Mermaid `block-beta`)",
    properties=PROPERTIES,
    defs={"block": BLOCK},
    required=("blocks",),
    build=build,
    template="block.mmd.j2",
    mermaid_types=("block",),
)
