"""The per-kind part of docs/spec-format.md, written from each kind's docstring and schema.

The docs cannot drift from the code: ``tests/test_docs.py`` checks that the section in the
committed file equals :func:`kinds_section`; ``python -m specmaid.kinddocs`` rewrites it.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path
from typing import Any

from specmaid.kinds.registry import KINDS, get_kind

START = "<!-- kinds:start (written by `python -m specmaid.kinddocs`; do not edit) -->"
END = "<!-- kinds:end -->"


def _describe(schema: dict[str, Any], defs: dict[str, Any]) -> str:
    if "$ref" in schema:
        return (
            "see below"
            if schema["$ref"].split("/")[-1] not in defs
            else schema["$ref"].split("/")[-1]
        )
    if "enum" in schema:
        return " \\| ".join(f"`{v}`" for v in schema["enum"])
    if "const" in schema:
        return f"`{schema['const']}`"
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return " or ".join(_describe(s, defs) for s in schema[key])
    kind = schema.get("type")
    names = {
        "string": "text",
        "number": "number",
        "integer": "whole number",
        "boolean": "true/false",
        "object": "mapping",
        "array": "list",
        "null": "nothing",
    }
    if isinstance(kind, list):
        return "text" if "string" in kind else " or ".join(names.get(k, k) for k in kind)
    if kind == "array" and "items" in schema:
        return f"list of {_describe(schema['items'], defs)}"
    return names.get(kind, "value") if kind else "value"


def kinds_table() -> list[str]:
    """Every registered kind in one table: what it draws, the Mermaid release that introduced
    it, and whether `specmaid import` reads it (README.md links here instead of keeping its
    own lists of kinds)."""
    lines = ["| `diagram:` | draws | Mermaid since | `specmaid import` |", "|---|---|---|---|"]
    for name in KINDS:
        kind = get_kind(name)
        # (flowchart's importer is the import dispatcher's own, not a declared one)
        imports = "yes" if name == "flowchart" or kind.importer is not None else "no"
        since = kind.since + (" or older" if kind.since_note.startswith("or older") else "")
        lines.append(f"| `{name}` | {kind.description} | {since} | {imports} |")
    return lines


def kinds_section() -> str:
    lines = [START, "", *kinds_table(), ""]
    for name, module_name in KINDS.items():
        if name == "flowchart":
            continue  # documented in full above
        kind = get_kind(name)
        module = importlib.import_module(module_name)
        doc = inspect.cleandoc(module.__doc__ or "")
        lines.append(f"### `diagram: {name}`")
        lines.append("")
        lines.append(f"{kind.description}.")
        lines.append("")
        lines.append(doc)
        lines.append("")
        lines.append("| key | value |")
        lines.append("|---|---|")
        for key, schema in kind.properties.items():
            lines.append(
                f"| `{key}` | {_describe(schema, kind.defs)}"
                + (" (required)" if key in kind.required else "")
                + " |"
            )
        lines.append("")
        lines.append(
            f"Template: `templates/{kind.template}`."
            " Example: `specs/gallery/` (see docs/gallery.md)."
        )
        lines.append("")
    lines.append(END)
    return "\n".join(lines)


def rewrite(path: Path) -> bool:
    text = path.read_text("utf-8")
    start, end = text.index(START), text.index(END) + len(END)
    new = text[:start] + kinds_section() + text[end:]
    if new != text:
        path.write_text(new, "utf-8")
        return True
    return False


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/spec-format.md")
    print("rewrote" if rewrite(target) else "current", target)
