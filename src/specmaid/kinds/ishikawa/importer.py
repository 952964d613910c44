"""Import of ishikawa (fishbone) diagrams: Mermaid's ishikawa db → a spec (see
:mod:`specmaid.importing.dispatch`)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import _frontmatter_title, common, line_breaks
from specmaid.mermaid.bridge import ParseResult


def import_ishikawa(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "ishikawa")
    # The db's title is the effect (what Mermaid draws as the head); a front-matter title is
    # kept as the spec's (not drawn, as in Mermaid).
    spec.pop("title", None)
    title = _frontmatter_title(text)
    if title:
        spec["title"] = title
    root = (result.graph or {}).get("root") or {}

    def cause(node: dict[str, Any]) -> Any:
        label = line_breaks(str(node.get("text", "")))
        children = node.get("children") or []
        if not children:
            return label
        return {"label": label, "causes": [cause(child) for child in children]}

    spec["effect"] = line_breaks(str(root.get("text", "")))
    causes = [cause(child) for child in root.get("children") or []]
    if causes:
        spec["causes"] = causes
    return spec, []
