"""Tree views: a folder-like tree of named items (files and folders, or any hierarchy).

An item is its label, or a mapping with `label` and any of: `children` (items below it),
`folder: true` (drawn as a folder, as Mermaid does for a name ending in `/`), `description`
(grey text after the label), `icon` (an iconify name such as `mdi:database`, or `""` for none)
and `class` (a CSS class; Mermaid's built-in `highlight` draws a highlight bar).

```yaml
diagram: tree_view
items:
  - label: System card
    folder: true
    children:
      - label: Safeguards
        description: ASL-2 standard
        children: [Computer use, Extended thinking]
      - {label: RSP evaluations, class: highlight}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import CLASS_NAME_RE, TEXT, BuildInput, DiagramKind
from specmaid.kinds.textsafe import entity, label_text, line_text

#: Any of these anywhere in the text switches Mermaid's treeView into its box-drawing input
#: format (`├── name`), which then rejects indented lines: they are written as entities.
BOX_DRAWING = "─━│┃└┗├┣"

ITEM: dict[str, Any] = {
    "oneOf": [
        TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["label"],
            "properties": {
                "label": TEXT,
                "folder": {"type": "boolean", "description": "draw as a folder"},
                "description": {**TEXT, "description": "text shown after the label"},
                "icon": {
                    "type": "string",
                    "pattern": r"^([A-Za-z0-9_-]+:)?[A-Za-z0-9_-]+$|^$",
                    "description": "an iconify icon (pack:name), or '' for no icon",
                },
                "class": {"type": "string", "pattern": CLASS_NAME_RE},
                "children": {"type": "array", "items": {"$ref": "#/$defs/item"}},
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}},
}
INDENT = "    "


@dataclass
class TreeViewModel:
    lines: list[str] = field(default_factory=list)


def _box_safe(escaped: str) -> str:
    return "".join(entity(ch) if ch in BOX_DRAWING else ch for ch in escaped)


def build(inp: BuildInput, report: Reporter) -> TreeViewModel:
    model = TreeViewModel()

    def visit(items: list[Any], path: tuple[Any, ...], depth: int) -> None:
        for i, item in enumerate(items):
            node = item if isinstance(item, dict) else {"label": item}
            here = (*path, i)
            label_path = (*here, "label") if isinstance(item, dict) else here
            name = _box_safe(label_text(node["label"]))
            if not name.strip():
                report.error(label_path, "empty label; Mermaid needs a name to draw")
            # Mermaid turns a trailing '/' into a folder and drops it: a written '/' is kept
            # as an entity, and folders get their '/' here.
            if name.endswith("/"):
                name = name[:-1] + entity("/")
            if node.get("folder"):
                name += "/"
            line = f'{INDENT * (depth + 1)}"{name}"'
            if node.get("class"):
                line += f" :::{node['class']}"
            if node.get("icon") is not None:
                line += f" icon({node['icon']})"
            if node.get("description") is not None:
                # `## text` runs to the end of the line, so it comes last.
                line += f" ## {_box_safe(line_text(node['description']))}"
            model.lines.append(line)
            visit(node.get("children") or [], (*here, "children"), depth + 1)

    visit(inp.spec["items"], ("items",), 0)
    return model


KIND = DiagramKind(
    name="tree_view",
    description="A tree view of nested items (Mermaid `treeView-beta`, 11.14+)",
    properties=PROPERTIES,
    defs={"item": ITEM},
    required=("items",),
    build=build,
    template="tree_view.mmd.j2",
    since="11.14",
    mermaid_types=("treeView",),
    importer="specmaid.kinds.tree_view.importer:import_tree_view",
)
