"""Railroad (syntax) diagrams: one track per grammar rule.

`rules` maps a rule name to its expression, drawn in order. An expression is:

* a name: the rule of that name (a nonterminal box);
* a list: a sequence, one after the other;
* a mapping with one key: `terminal: text` (a literal, rounded box), `nonterminal: text`,
  `special: text` (free text such as "any character"), `sequence: [..]`, `choice: [..]`,
  `optional: expr`, `one_or_more: expr` or `zero_or_more: expr`.

`references` lists rule names that the diagram mentions but defines elsewhere.

```yaml
diagram: railroad
rules:
  sum:
    - term
    - zero_or_more:
        - choice: [{terminal: "+"}, {terminal: "-"}]
        - term
  term: {one_or_more: digit}
references: [digit]
```

Written as Mermaid's `railroad-beta` notation. Mermaid 11.17 also reads EBNF, ABNF and PEG
(`railroad-ebnf-beta`, …); they build the same drawing from the same eight parts, so one spec
covers them all. Checked: every name refers to a rule or a reference, no rule is empty, and
rule names are ones Mermaid can read (no keyword, no name starting with `title`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind
from specmaid.kinds.beta_helpers import warn_title_not_drawn
from specmaid.kinds.textsafe import langium_text, one_line

RULE_NAME_RE = r"^[A-Za-z_][A-Za-z0-9_-]*$"
#: Words the railroad lexer reads as keywords: not usable as rule names.
KEYWORDS = frozenset(
    {
        "sequence",
        "choice",
        "optional",
        "oneOrMore",
        "zeroOrMore",
        "terminal",
        "nonterminal",
        "special",
        "accTitle",
        "accDescr",
    }
)
#: Spec key → Mermaid function, for the parts that hold other expressions.
CONTAINERS = {
    "sequence": "sequence",
    "choice": "choice",
    "optional": "optional",
    "one_or_more": "oneOrMore",
    "zero_or_more": "zeroOrMore",
}
TEXTS = ("terminal", "nonterminal", "special")

EXPRESSION: dict[str, Any] = {
    "oneOf": [
        {**TEXT, "description": "the name of a rule"},
        {
            "type": "array",
            "minItems": 1,
            "items": {"$ref": "#/$defs/expression"},
            "description": "a sequence",
        },
        {
            "type": "object",
            "minProperties": 1,
            "maxProperties": 1,
            "additionalProperties": False,
            "properties": {
                **{key: TEXT for key in TEXTS},
                "sequence": {
                    "type": "array",
                    "minItems": 1,
                    "items": {"$ref": "#/$defs/expression"},
                },
                "choice": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/expression"}},
                "optional": {"$ref": "#/$defs/expression"},
                "one_or_more": {"$ref": "#/$defs/expression"},
                "zero_or_more": {"$ref": "#/$defs/expression"},
            },
        },
    ]
}
PROPERTIES: dict[str, Any] = {
    "rules": {
        "type": "object",
        "minProperties": 1,
        "propertyNames": {"pattern": RULE_NAME_RE},
        "additionalProperties": {"$ref": "#/$defs/expression"},
    },
    "references": {
        "type": "array",
        "items": TEXT,
        "description": "names of rules defined elsewhere, which nonterminals may name",
    },
}


@dataclass
class RailroadModel:
    lines: list[str] = field(default_factory=list)  # one `name = expression;` per rule


def build(inp: BuildInput, report: Reporter) -> RailroadModel:
    warn_title_not_drawn(inp.spec, report, "railroad diagrams")  # (its db keeps no title)
    spec = inp.spec
    rules: dict[str, Any] = spec["rules"]
    known = set(rules) | {one_line(r) for r in spec.get("references") or []}
    model = RailroadModel()

    def text_part(key: str, value: Any, path: tuple[Any, ...]) -> str:
        written = one_line(value)
        if not written:
            report.error(path, f"empty {key}")
        elif key == "nonterminal" and written not in known:
            report.error(
                path,
                f"no rule named {written!r}; define it under `rules:` or list it under"
                " `references:`." + did_you_mean(written, known),
            )
        return f"{key}({langium_text(value)})"

    def container(key: str, value: Any, path: tuple[Any, ...]) -> str:
        if key in ("sequence", "choice"):
            parts = [expression(item, (*path, i)) for i, item in enumerate(value)]
            return f"{CONTAINERS[key]}({', '.join(parts)})"
        return f"{CONTAINERS[key]}({expression(value, path)})"

    def expression(expr: Any, path: tuple[Any, ...]) -> str:
        """`path` is where `expr` itself sits in the spec."""
        if isinstance(expr, list):
            return container("sequence", expr, path)
        if not isinstance(expr, dict):
            return text_part("nonterminal", expr, path)
        ((key, value),) = expr.items()
        if key in TEXTS:
            return text_part(key, value, (*path, key))
        return container(key, value, (*path, key))

    for name, definition in rules.items():
        path = ("rules", name)
        if name in KEYWORDS:
            report.error(path, f"{name!r} is a word of Mermaid's railroad syntax", at_key=True)
        elif name.startswith("title"):
            report.error(
                path, "Mermaid reads a name starting with 'title' as a title line", at_key=True
            )
        model.lines.append(f"{name} = {expression(definition, path)};")
    return model


KIND = DiagramKind(
    name="railroad",
    description="A railroad (syntax) diagram of grammar rules (Mermaid `railroad-beta`, 11.15+)",
    properties=PROPERTIES,
    defs={"expression": EXPRESSION},
    required=("rules",),
    build=build,
    template="railroad.mmd.j2",
    since="11.15",
    # (Mermaid's EBNF, ABNF and PEG notations build the same db: import reads them all)
    mermaid_types=("railroad", "railroadEbnf", "railroadAbnf", "railroadPeg"),
    importer="specmaid.kinds.railroad.importer:import_railroad",
)
