"""Import of tree views: Mermaid's treeView db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common
from specmaid.mermaid.bridge import ParseResult


def import_tree_view(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "tree_view")
    root = (result.graph or {}).get("root") or {}

    def item(node: dict[str, Any]) -> Any:
        out: dict[str, Any] = {"label": str(node.get("name", ""))}
        if node.get("nodeType") == "directory":
            out["folder"] = True
        if node.get("description") is not None:
            out["description"] = node["description"]
        if node.get("icon") is not None:
            out["icon"] = node["icon"]
        if node.get("cssClass"):
            out["class"] = node["cssClass"]
        children = [item(child) for child in node.get("children") or []]
        if children:
            out["children"] = children
        return out["label"] if set(out) == {"label"} else out

    # Mermaid hangs the written items under a root folder of its own ("/").
    spec["items"] = [item(child) for child in root.get("children") or []]
    return spec, []
