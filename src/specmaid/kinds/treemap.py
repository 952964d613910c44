"""Treemaps: nested groups whose leaves carry values.

```yaml
diagram: treemap
items:
  - label: Easy cyber tasks
    children:
      - {label: Solved, value: 13}
      - {label: Not solved, value: 10}
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.escape import number_text
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, check_no_entities, text

ITEM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label"],
    "properties": {
        "label": TEXT,
        "value": {"type": "number", "minimum": 0},
        "children": {"type": "array", "items": {"$ref": "#/$defs/item"}},
    },
}
PROPERTIES: dict[str, Any] = {
    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}}
}


def quote(value: str, path: tuple[Any, ...], report: Reporter) -> str:
    """Treemap strings have no escapes: double quotes, or single quotes when the text holds
    a double quote; both at once cannot be written."""
    value = value.replace("\n", " ")
    if "%%" in value:
        report.error(path, "found '%%'; Mermaid reads it as a comment or directive")
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    report.error(path, "a treemap label cannot hold both ' and \" (Mermaid has no escape for them)")
    return '""'


@dataclass
class TreemapModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> TreemapModel:
    model = TreemapModel()

    def visit(items: list[Any], path: tuple[Any, ...], depth: int) -> None:
        for i, item in enumerate(items):
            here = (*path, i)
            label = text(item["label"])
            check_no_entities(label, (*here, "label"), report, "treemap")
            children = item.get("children") or []
            if children and item.get("value") is not None:
                report.error((*here, "value"), "a group has children or a value, not both")
            if not children and item.get("value") is None:
                report.error(here, "a leaf needs a `value`")
            line = "    " * depth + quote(label, (*here, "label"), report)
            if item.get("value") is not None:
                value = item["value"]
                line += f": {number_text(value)}"
            model.lines.append(line)
            visit(children, (*here, "children"), depth + 1)

    visit(inp.spec["items"], ("items",), 0)
    return model


KIND = DiagramKind(
    name="treemap",
    description="A treemap of nested values (Mermaid `treemap-beta`)",
    properties=PROPERTIES,
    defs={"item": ITEM},
    required=("items",),
    build=build,
    template="treemap.mmd.j2",
    mermaid_types=("treemap",),
)
