"""Tree views: a folder-like tree of named items.

```yaml
diagram: tree_view
items:
  - label: System card
    children:
      - label: Safeguards
        children: [Computer use, Extended thinking]
      - RSP evaluations
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.escape import langium_string
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, check_no_entities, text

ITEM: dict[str, Any] = {
    "oneOf": [
        TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["label"],
            "properties": {
                "label": TEXT,
                "children": {"type": "array", "items": {"$ref": "#/$defs/item"}},
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}}
}


@dataclass
class TreeViewModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> TreeViewModel:
    model = TreeViewModel()

    def visit(items: list[Any], path: tuple[Any, ...], depth: int) -> None:
        for i, item in enumerate(items):
            node = item if isinstance(item, dict) else {"label": item}
            label = text(node["label"])
            check_no_entities(label, (*path, i), report, "tree view")
            model.lines.append("    " * (depth + 1) + langium_string(label))
            visit(node.get("children") or [], (*path, i, "children"), depth + 1)

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
    mermaid_types=("treeView",),
)
