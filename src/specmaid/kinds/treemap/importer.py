"""Import of treemaps: Mermaid's treemap db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, css_styles, line_matching, plain_number
from specmaid.importing.nothing_drawn import require_content
from specmaid.kinds.treemap import TREEMAP_CLASS_RE
from specmaid.mermaid.bridge import ParseResult


def import_treemap(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "treemap")
    graph = result.graph or {}
    warnings: list[SpecError] = []
    class_defs = graph.get("classes") or {}

    def warn(message: str, label: str) -> None:
        line = line_matching(text, rf"^\s*[\"']{re.escape(label)}[\"']", first_line)
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    def item(node: dict[str, Any]) -> dict[str, Any] | None:
        label = str(node.get("name") or "")
        out: dict[str, Any] = {"label": label}
        children = [c for c in (item(child) for child in node.get("children") or []) if c]
        if children:
            # (Mermaid's treemap gives no item both: a valued item's indented lines are its
            # siblings.)
            out["children"] = children
        elif node.get("value") is not None:
            out["value"] = plain_number(node["value"])
        else:
            warn(f"{label!r} was not imported: it has neither a value nor children", label)
            return None
        selector = node.get("classSelector")
        if selector:
            if selector in class_defs and re.match(TREEMAP_CLASS_RE, str(selector)):
                out["class"] = str(selector)
            else:
                warn(
                    f"the class {selector!r} of {label!r} was not imported: it has no classDef",
                    label,
                )
        # (children last: the item's own keys read first)
        return {key: out[key] for key in ("label", "value", "class", "children") if key in out}

    tops = (graph.get("root") or {}).get("children") or []
    spec["items"] = [i for i in (item(node) for node in tops) if i]
    classes = {
        cls: css_styles([str(s).rstrip(";") for s in definition.get("styles") or []])
        for cls, definition in class_defs.items()
    }
    if classes:
        spec["classes"] = classes
    require_content(spec.get("items"), "no item with a value", "treemap", name, first_line)
    return spec, warnings
