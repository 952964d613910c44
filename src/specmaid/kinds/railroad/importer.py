"""Import of railroad diagrams: Mermaid's railroad db → a spec (see importing/dispatch.py).

Mermaid reads its own notation and EBNF, ABNF and PEG into the same db (rules made of the
same parts), so all four import into one railroad spec, written back in Mermaid's notation.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching
from specmaid.mermaid.bridge import ParseResult


def import_railroad(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "railroad")
    warnings: list[SpecError] = []
    rules = (result.graph or {}).get("rules") or []
    named = {str(rule["name"]) for rule in rules}
    mentioned: list[str] = []

    def warn(message: str, rule: str) -> None:
        line = line_matching(text, rf"^\s*{re.escape(rule)}\s*(=|::=|<-|:)", first_line)
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    def expression(expr: dict[str, Any], rule: str) -> Any:
        kind = expr.get("type")
        if kind == "nonterminal":
            target = str(expr.get("name", ""))
            if target not in named and target not in mentioned:
                mentioned.append(target)
            return target
        if kind in ("terminal", "special"):
            value = str(expr.get("value" if kind == "terminal" else "text", ""))
            if not value.strip():
                # (a spec's texts are one trimmed line: blank text has no spelling there)
                warn(
                    f"a {kind} of blank text {value!r} in rule {rule!r}: a spec cannot hold it,"
                    " so it was left out",
                    rule,
                )
                return None
            return {kind: value}
        if kind in ("sequence", "choice"):
            parts = [
                expression(e, rule)
                for e in expr.get("elements" if kind == "sequence" else "alternatives") or []
            ]
            kept = [p for p in parts if p is not None]
            if not kept:
                return None
            return kept if kind == "sequence" else {"choice": kept}
        if kind == "optional":
            inner = expression(expr["element"], rule)
            return None if inner is None else {"optional": inner}
        if kind == "repetition":
            low, high = expr.get("min") or 0, expr.get("max")  # (max None: no limit)
            inner = expression(expr["element"], rule)
            if inner is None:
                return None
            if (low, high) == (0, 1):
                return {"optional": inner}
            drawn = {"zero_or_more": inner} if low == 0 else {"one_or_more": inner}
            if high is not None or low > 1:
                limits = (
                    f"at least {low}"
                    if high is None
                    else f"exactly {low}"
                    if high == low
                    else f"{low} to {high}"
                )
                warnings.append(
                    SpecError(
                        f"a repetition of {limits} in rule {rule!r}: a spec repeats"
                        f" zero or more or one or more times, so it is drawn as"
                        f" {next(iter(drawn)).replace('_', ' ')}",
                        file=name,
                        line=line_matching(
                            text, rf"^\s*{re.escape(rule)}\s*(=|::=|<-|:)", first_line
                        ),
                        severity="warning",
                    )
                )
            return drawn
        raise ValueError(f"a railroad part Mermaid does not make: {kind!r}")

    spec["rules"] = {}
    definitions: dict[str, int] = {}
    for rule in rules:
        rule_name = str(rule["name"])
        definitions[rule_name] = definitions.get(rule_name, 0) + 1
        if definitions[rule_name] > 1:
            # (Mermaid draws both; a spec's rules are a mapping: one rule per name)
            declared = rf"^\s*{re.escape(rule_name)}\s*(=|::=|<-|:)"
            lines = [n for n, line in enumerate(text.splitlines()) if re.search(declared, line)]
            nth = definitions[rule_name] - 1
            warnings.append(
                SpecError(
                    f"rule {rule_name!r} is defined again; a spec has one rule of a name, so"
                    " the first was kept",
                    file=name,
                    line=first_line + lines[nth] if nth < len(lines) else None,
                    severity="warning",
                )
            )
            continue
        definition = expression(rule["definition"], str(rule["name"]))
        if definition is None:
            warn(
                f"rule {rule['name']!r} holds nothing a spec can say, so it was left out",
                str(rule["name"]),
            )
            continue
        spec["rules"][str(rule["name"])] = definition
    if mentioned:
        spec["references"] = mentioned
    return spec, warnings
