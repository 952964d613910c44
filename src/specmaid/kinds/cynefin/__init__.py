"""Cynefin frameworks: what belongs in each of the five domains, and moves between domains.

`domains` maps a domain (clear, complicated, complex, chaotic, confusion) to the items placed
in it; `transitions` are arrows from one domain to another, with an optional label. Mermaid
draws the domains in fixed places whatever the order, and shows at most three items in
confusion (then "+N more").

```yaml
diagram: cynefin
domains:
  clear: [Known answers]
  complex: [Probe, sense, respond]
  chaotic: [Act first]
transitions:
  - {from: chaotic, to: complex, label: Stabilise}
```

Checked: a transition joins two different domains, and each pair is given once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind
from specmaid.kinds.textsafe import langium_text, one_line

DOMAINS = ("clear", "complicated", "complex", "chaotic", "confusion")
#: How many items Mermaid draws inside the confusion domain before "+N more".
CONFUSION_SHOWN = 3

PROPERTIES: dict[str, Any] = {
    "domains": {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            name: {"type": "array", "items": TEXT, "description": f"items in the {name} domain"}
            for name in DOMAINS
        },
    },
    "transitions": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["from", "to"],
            "properties": {
                "from": {"enum": list(DOMAINS)},
                "to": {"enum": list(DOMAINS)},
                "label": TEXT,
            },
        },
    },
}


@dataclass
class CynefinModel:
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> CynefinModel:
    spec = inp.spec
    model = CynefinModel()
    domains = spec.get("domains") or {}
    for name in DOMAINS:  # Mermaid's own order: easiest to read back
        if name not in domains:
            continue
        model.lines.append(name)
        for i, item in enumerate(domains[name] or []):
            if not one_line(item):
                report.error(("domains", name, i), "empty item")
            model.lines.append(f"    {langium_text(item)}")
        if name == "confusion" and len(domains[name] or []) > CONFUSION_SHOWN:
            report.warning(
                ("domains", name),
                f"Mermaid draws only {CONFUSION_SHOWN} items in confusion, then '+N more'",
            )
    seen: dict[tuple[str, str], int] = {}
    for i, move in enumerate(spec.get("transitions") or []):
        path = ("transitions", i)
        pair = (move["from"], move["to"])
        if pair[0] == pair[1]:
            report.error((*path, "to"), "a transition joins two different domains")
        elif pair in seen:
            report.error(path, f"the same transition as transitions[{seen[pair]}]")
        seen.setdefault(pair, i)
        label = f" : {langium_text(move['label'])}" if move.get("label") is not None else ""
        model.lines.append(f"{pair[0]} --> {pair[1]}{label}")
    return model


KIND = DiagramKind(
    name="cynefin",
    description="A Cynefin framework (Mermaid `cynefin-beta`, 11.15+)",
    properties=PROPERTIES,
    build=build,
    template="cynefin.mmd.j2",
    since="11.15",
    mermaid_types=("cynefin",),
    importer="specmaid.kinds.cynefin.importer:import_cynefin",
)
