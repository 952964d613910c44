"""Mind maps: one root and nested children, with shapes, icons and classes.

```yaml
diagram: mindmap
root:
  label: Claude 3.7 Sonnet system card
  shape: circle
  children:
    - label: Extended thinking
      children: [Visible reasoning, Token budget]
    - {label: Safeguards, shape: hexagon, icon: fa fa-shield}
```
A child is a label or a mapping (`label`, `shape`, `icon`, `class`, `children`).
`shape: bare` is Mermaid's node without brackets (drawn as text over a line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import CLASS_REFS, NONEMPTY_TEXT, BuildInput, DiagramKind, as_list, text
from specmaid.kinds.beta_helpers import warn_title_not_drawn
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED
from specmaid.pipeline.escape import escape_text, quote_text

SHAPES = {
    "default": None,
    "square": ("[", "]"),
    "rounded": ("(", ")"),
    "circle": ("((", "))"),
    "bang": ("))", "(("),
    "cloud": (")", "("),
    "hexagon": ("{{", "}}"),
    # Mermaid's node without brackets (its type 0, `defaultMindmapNode`): a bare line.
    "bare": ("", ""),
}

#: Characters a bare node line cannot hold as they are (brackets open or close a shape, `<`
#: is read as HTML), written as the numeric entities Mermaid decodes in a node's text.
_BARE_ENTITY_RE = re.compile(r"[()\[\]{}]")


def bare_text(label: str) -> str:
    """The label as a bare mind map line (Mermaid reads it as both id and text).

    Mermaid strips the indentation (so leading spaces would be lost) and reads `::icon(` and
    `:::` at the start of a line as decorations, so those are written as entities too; a
    line break is written `<br>`, which Mermaid draws as one.
    """
    lines = label.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = "<br>".join(
        _BARE_ENTITY_RE.sub(lambda m: f"#{ord(m.group(0))};", escape_text(line)) for line in lines
    )
    stripped = escaped.lstrip(" \t")
    lead = "".join(f"#{ord(c)};" for c in escaped[: len(escaped) - len(stripped)])
    if stripped.startswith(":"):
        stripped = "#58;" + stripped[1:]
    return lead + stripped


NODE: dict[str, Any] = {
    "oneOf": [
        NONEMPTY_TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["label"],
            "properties": {
                "label": NONEMPTY_TEXT,
                "shape": {"enum": list(SHAPES)},
                "icon": {
                    "type": "string",
                    "pattern": r"^[A-Za-z0-9 :_-]+$",
                    "description": "e.g. fa fa-book",
                },
                "class": CLASS_REFS,
                "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {"root": {"$ref": "#/$defs/node"}}


@dataclass
class MindmapModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> MindmapModel:
    warn_title_not_drawn(inp.spec, report, "mind maps")  # (its db keeps no title)
    model = MindmapModel()
    counter = 0

    def visit(node: Any, path: tuple[Any, ...], depth: int) -> None:
        nonlocal counter
        spec = node if isinstance(node, dict) else {"label": node}
        counter += 1
        indent = "    " * (depth + 1)
        shape = SHAPES.get(spec.get("shape", "square" if depth == 0 else "default"))
        label = text(spec["label"])
        if spec.get("shape") == "bare":
            # A bare line is its own id and text (Mermaid's type 0 node).
            model.lines.append(f"{indent}{bare_text(label)}")
        else:
            # Every other node gets an id and a quoted label, so any text works (unified
            # renderer: entities decode, as in flowcharts).
            opening, closing = shape or ("[", "]")
            model.lines.append(f"{indent}n{counter}{opening}{quote_text(label)}{closing}")
        if spec.get("icon"):
            model.lines.append(f"{indent}::icon({spec['icon']})")
        classes = [text(c) for c in as_list(spec.get("class"))]
        if classes:
            model.lines.append(f"{indent}:::{' '.join(classes)}")
        for i, child in enumerate(spec.get("children") or []):
            visit(child, (*path, "children", i), depth + 1)

    visit(inp.spec["root"], ("root",), 0)
    return model


KIND = DiagramKind(
    name="mindmap",
    description="A mind map with one root (Mermaid `mindmap`)",
    properties=PROPERTIES,
    defs={"node": NODE},
    required=("root",),
    build=build,
    template="mindmap.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("mindmap",),
    importer="specmaid.kinds.mindmap.importer:import_mindmap",
)
