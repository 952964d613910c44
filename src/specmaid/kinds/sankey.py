"""Sankey diagrams: flows of a quantity from sources to targets (no cycles).

```yaml
diagram: sankey
flows:
  - {from: Prompt injection attempts, to: Prevented, value: 88}
  - {from: Prompt injection attempts, to: Not prevented, value: 12}
```
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.escape import number_text
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, check_no_entities, text

PROPERTIES: dict[str, Any] = {
    "flows": {
        "type": "array",
        "minItems": 1,
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to", "value"],
            "properties": {"from": TEXT, "to": TEXT, "value": {"type": "number", "minimum": 0}},
        },
    }
}


_PLAIN_FIELD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()-]*$")


def csv_field(value: str) -> str:
    """An RFC 4180 field: plain when Mermaid's lexer takes it unquoted, else quoted."""
    if _PLAIN_FIELD_RE.match(value) and value == value.strip():
        return value
    return '"' + value.replace('"', '""') + '"'


@dataclass
class SankeyModel:
    rows: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> SankeyModel:
    model = SankeyModel()
    graph: dict[str, set[str]] = {}
    for i, flow in enumerate(inp.spec["flows"]):
        path = ("flows", i)
        a, b = text(flow["from"]), text(flow["to"])
        for key, value in (("from", a), ("to", b)):
            check_no_entities(value, (*path, key), report, "sankey diagram")
            if "%%" in value:
                report.error((*path, key), "found '%%'; Mermaid reads it as a comment or directive")
            if not value.isascii():
                report.error(
                    (*path, key),
                    "found non-ASCII text; Mermaid's sankey lexer reads ASCII names only",
                )
            if "<" in value or ">" in value:
                report.error(
                    (*path, key), "found '<' or '>'; Mermaid's sankey sanitises names as HTML"
                )
        if a == b:
            report.error(
                path, f"a flow from {a!r} to itself would be a cycle; sankey diagrams have none"
            )
        graph.setdefault(a, set()).add(b)
        model.rows.append(f"{csv_field(a)},{csv_field(b)},{number_text(flow['value'])}")
    cycle = _find_cycle(graph)
    if cycle:
        report.error(
            ("flows",),
            "the flows form a cycle, which a sankey diagram cannot draw: " + " → ".join(cycle),
        )
    return model


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


KIND = DiagramKind(
    name="sankey",
    description="A sankey diagram of flows (Mermaid `sankey-beta`)",
    properties=PROPERTIES,
    required=("flows",),
    build=build,
    template="sankey.mmd.j2",
    mermaid_types=("sankey",),
)
