"""Ishikawa (fishbone) diagrams: an effect and the causes behind it, by category.

The effect is the fish's head; the first level of `causes` are the main bones (categories such
as people, process, measurement) and deeper levels are the causes behind each cause, to any
depth. A cause is its text, or `{label, causes}` when it has causes of its own. Line breaks in
a text become line breaks in the drawing.

```yaml
diagram: ishikawa
effect: Chain-of-thought monitoring alone could be insufficient
causes:
  - label: Hints
    causes: [Clues used without being acknowledged]
  - label: Measured faithfulness
    causes: [0.30 on MMLU, 0.19 on GPQA]
```

Mermaid draws the effect as the diagram's title, so a spec `title:` is not drawn, and its
ishikawa grammar has no accessibility statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, text
from specmaid.kinds.textsafe import entity, line_text, refuse_accessibility

CAUSE: dict[str, Any] = {
    "oneOf": [
        {**TEXT, "description": "a cause with no causes of its own"},
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
    "effect": {**TEXT, "description": "the problem or outcome: the fish's head"},
    "causes": {
        "type": "array",
        "items": {"$ref": "#/$defs/cause"},
        "description": "the main bones (categories), each with the causes behind it",
    },
}

INDENT = "    "


@dataclass
class IshikawaModel:
    lines: list[str] = field(default_factory=list)  # indented lines after the header


def cause_text(value: Any, path: tuple[Any, ...], report: Reporter) -> str:
    """One line of ishikawa text: it runs to the end of the line, so only entities need care.

    The lexer reads a word starting with ``ishikawa`` (any case) as the diagram header even
    in the middle of the diagram, so that first letter is written as an entity.
    """
    escaped = line_text(value, newline="<br/>")
    if not escaped.replace("<br/>", "").strip():
        report.error(path, "empty text; Mermaid needs something to draw here")
    if escaped.lower().startswith("ishikawa"):
        escaped = entity(escaped[0]) + escaped[1:]
    return escaped


def build(inp: BuildInput, report: Reporter) -> IshikawaModel:
    spec = inp.spec
    refuse_accessibility(spec, report, "ishikawa diagram")
    model = IshikawaModel()
    model.lines.append(INDENT + cause_text(spec["effect"], ("effect",), report))

    def visit(causes: list[Any], path: tuple[Any, ...], depth: int) -> None:
        for i, cause in enumerate(causes):
            here = (*path, i)
            if isinstance(cause, dict):
                label = cause_text(cause["label"], (*here, "label"), report)
                children = cause.get("causes") or []
            else:
                label, children = cause_text(text(cause), here, report), []
            model.lines.append(INDENT * depth + label)
            visit(children, (*here, "causes"), depth + 1)

    visit(spec.get("causes") or [], ("causes",), 2)
    return model


KIND = DiagramKind(
    name="ishikawa",
    description="An Ishikawa (fishbone) diagram of causes (Mermaid `ishikawa-beta`, 11.12.3+)",
    properties=PROPERTIES,
    defs={"cause": CAUSE},
    required=("effect",),
    build=build,
    template="ishikawa.mmd.j2",
    since="11.12.3",
    mermaid_types=("ishikawa",),
    importer="specmaid.kinds.ishikawa.importer:import_ishikawa",
)
