"""Treemaps: nested groups whose leaves carry values.

```yaml
diagram: treemap
title: Cyber challenges by difficulty and outcome
items:
  - label: Easy (23 tasks)
    children:
      - {label: Solved, value: 13, class: solved}
      - {label: Not solved, value: 10}
  - label: Medium (13 tasks)
    children:
      - {label: Solved, value: 4, class: solved}
      - {label: Not solved, value: 9}
classes:
  solved: {fill: "#d5f5d5", stroke: "#006100"}
```
An item is a leaf (`value`, drawn with an area in proportion) or a group (`children`); a
group's size is the sum of its leaves. `class` styles an item with a class from `classes:`
(or the theme); treemap class names are at least two characters. Number formats and padding
are Mermaid config (`config: {treemap: {valueFormat: ",.0f", showValues: true}}`). The
`title:` is drawn above the map. Any label text is fine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import (
    CLASS_DEFS,
    TEXT,
    BuildInput,
    DiagramKind,
    check_class_refs,
    class_def_lines,
    text,
)
from specmaid.kinds.beta_helpers import plain_number, quoted_entity_text
from specmaid.mermaid.versions import CHECKED_NOTE

#: Class names as the treemap grammar reads them (its CLASS_DEF terminal wants two or more
#: characters; its `:::` selector reads letters, digits and '_').
TREEMAP_CLASS_RE = r"^[A-Za-z_][A-Za-z0-9_]+$"

ITEM: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["label"],
    "properties": {
        "label": TEXT,
        "value": {"type": "number", "minimum": 0, "description": "a leaf's size"},
        "children": {"type": "array", "items": {"$ref": "#/$defs/item"}},
        "class": {"type": "string", "description": "a class from `classes:` or the theme"},
    },
}
PROPERTIES: dict[str, Any] = {
    "items": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/item"}},
    "classes": CLASS_DEFS,
}


@dataclass
class TreemapModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> TreemapModel:
    spec = inp.spec
    class_defs = {**inp.class_defs, **(spec.get("classes") or {})}
    model = TreemapModel()
    used: set[str] = set()
    for name in spec.get("classes") or {}:
        if not re.match(TREEMAP_CLASS_RE, name):
            report.error(
                ("classes", name),
                f"class {name!r}: Mermaid's treemap reads class names of two or more letters,"
                " digits and '_'",
                at_key=True,
            )

    def visit(items: list[Any], path: tuple[Any, ...], depth: int) -> None:
        for i, item in enumerate(items):
            here = (*path, i)
            children = item.get("children") or []
            if children and item.get("value") is not None:
                report.error((*here, "value"), "an item has `children` or a `value`, not both")
            if not children and item.get("value") is None:
                report.error(here, "a leaf needs a `value` (or give the item `children`)")
            line = "    " * depth + quoted_entity_text(item["label"])
            if item.get("value") is not None and not children:
                line += f": {plain_number(item['value'])}"
            if item.get("class") is not None:
                name = text(item["class"])
                check_class_refs([name], class_defs, (*here, "class"), report)
                if not re.match(TREEMAP_CLASS_RE, name):
                    report.error(
                        (*here, "class"),
                        f"class {name!r}: Mermaid's treemap reads class names of two or more"
                        " letters, digits and '_'",
                    )
                used.add(name)
                line += f":::{name}"
            model.lines.append(line)
            visit(children, (*here, "children"), depth + 1)

    visit(spec["items"], ("items",), 0)
    for name, css in class_def_lines(class_defs, spec.get("classes") or {}, used, report):
        # `default` is a flowchart idea: the treemap applies no class to unmarked items.
        if name != "default" or name in used:
            model.lines.append(f"classDef {name} {css}")
    return model


KIND = DiagramKind(
    name="treemap",
    description="A treemap of nested values (Mermaid `treemap-beta`)",
    properties=PROPERTIES,
    defs={"item": ITEM},
    required=("items",),
    build=build,
    template="treemap.mmd.j2",
    since="11.17",
    since_note=CHECKED_NOTE,
    uses_class_defs=True,
    mermaid_types=("treemap",),
    importer="specmaid.kinds.treemap.importer:import_treemap",
)
