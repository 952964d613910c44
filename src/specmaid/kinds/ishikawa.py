"""Ishikawa (fishbone) diagrams: an effect and the causes behind it, by category.

```yaml
diagram: ishikawa
effect: Unfaithful chain of thought
causes:
  - label: Hints
    causes: [Used without being mentioned]
  - label: Measurement
    causes: [0.30 on MMLU, 0.19 on GPQA]
```
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, raw_text

CAUSE: dict[str, Any] = {
    "oneOf": [
        TEXT,
        {
            "type": "object",
            "additionalProperties": False,
            "required": ["label"],
            "properties": {
                "label": TEXT,
                "causes": {"type": "array", "items": {"$ref": "#/$defs/cause"}},
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "effect": TEXT,
    "causes": {"type": "array", "items": {"$ref": "#/$defs/cause"}},
}


@dataclass
class IshikawaModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> IshikawaModel:
    model = IshikawaModel()
    model.lines.append(
        "    " + raw_text(inp.spec["effect"], ("effect",), report, "ishikawa diagram")
    )

    def visit(causes: list[Any], path: tuple[Any, ...], depth: int) -> None:
        for i, cause in enumerate(causes):
            item = cause if isinstance(cause, dict) else {"label": cause}
            here = (*path, i)
            label = raw_text(
                item["label"],
                (*here, "label") if isinstance(cause, dict) else here,
                report,
                "ishikawa diagram",
            )
            model.lines.append("    " * (depth + 1) + label)
            visit(item.get("causes") or [], (*here, "causes"), depth + 1)

    visit(inp.spec.get("causes") or [], ("causes",), 1)
    return model


KIND = DiagramKind(
    name="ishikawa",
    description="An Ishikawa (fishbone) diagram of causes (Mermaid `ishikawa-beta`, 11.12.3+)",
    properties=PROPERTIES,
    defs={"cause": CAUSE},
    required=("effect",),
    build=build,
    template="ishikawa.mmd.j2",
    mermaid_types=("ishikawa",),
)
