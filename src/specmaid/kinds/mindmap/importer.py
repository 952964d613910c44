"""Import of mind maps: Mermaid's mindmap db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_breaks
from specmaid.mermaid.bridge import ParseResult

#: Mind map node types (mindmapDb) → spec shapes; 2 (`[…]`) is what the spec draws by default.
MINDMAP_SHAPES = {1: "rounded", 3: "circle", 4: "cloud", 5: "bang", 6: "hexagon"}


def import_mindmap(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "mindmap")
    warnings: list[SpecError] = []
    tree = (result.graph or {}).get("mindmap") or {}

    def node(item: dict[str, Any]) -> Any:
        # `<br>` in a node's text is drawn as a line break; a spec writes a line break.
        out: dict[str, Any] = {"label": line_breaks(str(item.get("descr", "")))}
        kind = item.get("type", 0)
        if kind in MINDMAP_SHAPES:
            out["shape"] = MINDMAP_SHAPES[kind]
        elif kind == 0:
            out["shape"] = "bare"
        if item.get("icon"):
            out["icon"] = item["icon"]
        if item.get("class"):
            classes = str(item["class"]).split()
            out["class"] = classes[0] if len(classes) == 1 else classes
        children = [node(child) for child in item.get("children") or []]
        if children:
            out["children"] = children
        if set(out) == {"label"}:
            return out["label"]
        return out

    root = node(tree)
    spec["root"] = root if isinstance(root, dict) else {"label": root}
    return spec, warnings


#: erDb cardinalities → spec names. `cardB` is the `from` side's, `cardA` the `to` side's.
