"""Sankey diagrams: flows of a quantity from sources to targets (no cycles).

```yaml
diagram: sankey
flows:
  - {from: Prompt injection attacks, to: Prevented, value: 88}
  - {from: Prompt injection attacks, to: Not prevented, value: 12}
```
Each flow is one link of width `value` from the node `from` to the node `to`; nodes are
made from the names. Names are printable ASCII (Mermaid's CSV lexer reads nothing else);
`,` and `"` are fine. Mermaid draws no title and has no accessibility statements here.
Look and labels are Mermaid config: `config: {sankey: {showValues: false, linkColor:
gradient, nodeAlignment: left, prefix: "$", suffix: " t"}}`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, check_no_entities, text
from specmaid.kinds.beta_helpers import (
    plain_number,
    refuse_accessibility,
    warn_title_not_drawn,
)
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED

PROPERTIES: dict[str, Any] = {
    "flows": {
        "type": "array",
        "minItems": 1,
        "description": "links from a source node to a target node, `value` wide",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to", "value"],
            "properties": {
                "from": TEXT,
                "to": TEXT,
                "value": {"type": "number", "minimum": 0},
            },
        },
    }
}

#: What Mermaid's sankey lexer accepts inside a field (its TEXTDATA, plus the comma and
#: quote that quoting makes possible): printable ASCII, nothing else (no tab either).
_PRINTABLE_ASCII_RE = re.compile(r"^[\x20-\x7e]*$")
#: Fields that need no quotes: nothing the CSV reader or Mermaid would treat specially.
_PLAIN_FIELD_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._()-]*$")


def csv_field(value: str) -> str:
    """An RFC 4180 field: plain when Mermaid's lexer takes it unquoted, else quoted."""
    if _PLAIN_FIELD_RE.match(value):
        return value
    return '"' + value.replace('"', '""') + '"'


@dataclass
class SankeyModel:
    rows: list[str] = field(default_factory=list)


def _node_name(value: Any, path: tuple[Any, ...], report: Reporter) -> str:
    # Mermaid trims every field, so the name is trimmed here too: two names that differ only
    # in surrounding spaces are one node, and the checks below see what Mermaid sees.
    name = text(value).strip()
    if not name:
        report.error(path, "a node name cannot be empty")
    elif not _PRINTABLE_ASCII_RE.match(name):
        bad = sorted({ch for ch in name if not _PRINTABLE_ASCII_RE.match(ch)})
        shown = " ".join(repr(ch) for ch in bad[:5])
        report.error(
            path,
            f"found {shown}; Mermaid's sankey lexer reads printable ASCII only"
            " (no tabs, line breaks, accents or emoji)",
        )
    else:
        check_no_entities(name, path, report, "sankey diagram")
        if "%%" in name:
            report.error(path, "found '%%'; Mermaid reads it as a comment or directive")
        if "<" in name or ">" in name:
            report.error(
                path,
                "found '<' or '>'; Mermaid's sankey sanitises node names as HTML and would"
                " drop the text (write 'less than' / 'more than')",
            )
    return name


def build(inp: BuildInput, report: Reporter) -> SankeyModel:
    spec = inp.spec
    refuse_accessibility(spec, report, "sankey")
    warn_title_not_drawn(spec, report, "sankey diagrams")
    model = SankeyModel()
    graph: dict[str, set[str]] = {}
    seen: dict[tuple[str, str], int] = {}
    for i, flow in enumerate(spec["flows"]):
        path = ("flows", i)
        source = _node_name(flow["from"], (*path, "from"), report)
        target = _node_name(flow["to"], (*path, "to"), report)
        if source and source == target:
            report.error(
                path,
                f"a flow from {source!r} to itself would be a cycle; sankey diagrams have none",
            )
        pair = (source, target)
        if pair in seen:
            report.warning(
                path,
                f"flows[{seen[pair]}] already goes from {source!r} to {target!r}; Mermaid draws"
                " two separate links (add the values into one flow)",
            )
        seen.setdefault(pair, i)
        graph.setdefault(source, set()).add(target)
        model.rows.append(f"{csv_field(source)},{csv_field(target)},{plain_number(flow['value'])}")
    cycle = _find_cycle(graph)
    if cycle:
        report.error(
            ("flows",),
            "the flows form a cycle, which a sankey diagram cannot draw: " + " → ".join(cycle),
        )
    return model


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of the flow graph (as a closed path), or None. Mermaid's layout (d3-sankey)
    fails on cycles with "circular link", so they are reported before drawing. Iterative, so
    a long chain of flows cannot exhaust Python's recursion limit."""
    done: set[str] = set()
    for root in sorted(graph):
        if root in done:
            continue
        path = [root]
        on_path = {root}
        pending = [iter(sorted(graph.get(root, ())))]
        while pending:
            nxt = next(pending[-1], None)
            if nxt is None:
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                pending.pop()
            elif nxt in on_path:
                return [*path[path.index(nxt) :], nxt]
            elif nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                pending.append(iter(sorted(graph.get(nxt, ()))))
    return None


KIND = DiagramKind(
    name="sankey",
    description="A sankey diagram of flows (Mermaid `sankey-beta`)",
    properties=PROPERTIES,
    required=("flows",),
    build=build,
    template="sankey.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("sankey",),
    importer="specmaid.kinds.sankey.importer:import_sankey",
)
