"""The three outputs of ``specmaid diff``: text (a stat line per diagram, then the items),
JSON (a stable schema for bots) and Markdown (a pull-request comment: each changed diagram
drawn with its changes marked, then the items)."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from specmaid.diff.engine import OPS, Change
from specmaid.diff.projection import Item
from specmaid.diff.run import DiffResult, SpecDiff

SYMBOLS = {"added": "+", "removed": "-", "changed": "~", "moved": ">"}
#: Bumped when a field changes meaning; fields are only ever added within a version.
JSON_VERSION = 1


def _shown_key(item: Item) -> str | None:
    """The id worth showing: a user's id, not a key made up from labels or prefixes."""
    key = item.key
    if key is None or key == item.label or any(ch in key for ch in ":/@#|"):
        return None
    return key


def describe(item: Item) -> str:
    """``node B "Safety"``, ``edge A → B "yes"``, ``message user → app "Hi"``."""
    if item.type == "diagram":
        return f"diagram {json.dumps(item.label, ensure_ascii=False)}" if item.label else "diagram"
    parts = [item.type]
    key = _shown_key(item)
    if key is not None:
        parts.append(key)
    refs = dict(item.refs)
    if "from" in refs and "to" in refs and item.key is None:
        start = ", ".join(_strip(k) for k in refs.pop("from"))
        parts.append(f"{start} → {', '.join(_strip(k) for k in refs.pop('to'))}")
    if item.key is not None and "parent" in refs:  # a tree's row: its path of labels
        parts.append(" › ".join(json.dumps(p, ensure_ascii=False) for p in item.key.split("/")))
        return " ".join(parts)
    if item.label:
        parts.append(json.dumps(item.label, ensure_ascii=False))
    if item.key is None:
        for role, keys in refs.items():
            parts.append(f"({role} {', '.join(_strip(k) for k in keys)})")
    elif item.type == "point" and refs:
        parts.append(" / ".join(_strip(k[0]) for k in refs.values()))
    return " ".join(parts)


def _strip(key: str) -> str:
    """A made-up key as shown: without its prefix (``category:``) or scope (``[*]@s``)."""
    if key.startswith("[*]"):
        return "[*]"
    return key.split(":", 1)[1] if ":" in key else key


def _detail_text(what: str, before: str, after: str) -> str:
    before, after = _one_line(before), _one_line(after)
    if not before:
        return f"{what}: + {after}"
    if not after:
        return f"{what}: - {before}"
    return f"{what}: {before} → {after}"


def _one_line(value: str) -> str:
    """A value on one line: a change is one line of the report."""
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r")


def change_line(change: Change) -> str:
    line = f"{SYMBOLS[change.op]} {describe(change.item)}"
    if change.op == "changed" and change.details:
        line += ": " + "; ".join(_detail_text(*d) for d in change.details)
    elif change.op == "moved" and change.details:
        _, before, after = change.details[0]
        line += f": position {before} → {after}"
    return line


def counts(diagram: SpecDiff) -> Counter[str]:
    return Counter(c.op for c in diagram.changes)


def summary(diagram: SpecDiff) -> str:
    found = counts(diagram)
    parts = [f"{found[op]} {op}" for op in OPS if found[op]]
    return ", ".join(parts) if parts else "no drawn change"


def heading(diagram: SpecDiff) -> str:
    name = f"{diagram.old_path} → {diagram.path}" if diagram.status == "renamed" else diagram.path
    what = diagram.kind if diagram.status == "modified" else f"{diagram.status}, {diagram.kind}"
    if diagram.kind_changed_from:
        what += f", was {diagram.kind_changed_from}"
    return f"{name} ({what})"


def text(result: DiffResult) -> str:
    changed = result.changed
    if not changed:
        return ""
    lines = [f"{heading(d)} | {summary(d)}" for d in changed]
    total = Counter[str]()
    for d in changed:
        total.update(counts(d))
    lines.append(
        f"{len(changed)} diagram{'s' if len(changed) != 1 else ''} changed"
        + (f" ({summary_of(total)})" if total else "")
        + f", {result.base} → {result.head}"
    )
    for d in changed:
        if not d.changes:
            continue
        lines.append("")
        lines.append(heading(d))
        lines.extend(f"  {change_line(c)}" for c in d.changes)
    return "\n".join(lines) + "\n"


def summary_of(total: Counter[str]) -> str:
    return ", ".join(f"{total[op]} {op}" for op in OPS if total[op])


def _item_json(item: Item | None) -> dict[str, Any] | None:
    if item is None:
        return None
    return {
        "type": item.type,
        "id": item.key,
        "label": item.label,
        "attrs": dict(sorted(item.attrs.items())),
        "refs": {role: list(keys) for role, keys in sorted(item.refs.items())},
    }


def as_json(result: DiffResult) -> str:
    diagrams = []
    for d in result.diagrams:
        if not d.changed:
            continue
        diagrams.append(
            {
                "path": d.path,
                "old_path": d.old_path,
                "status": d.status,
                "kind": d.kind,
                "old_kind": d.kind_changed_from,
                "similarity": d.similarity,
                "summary": {op: counts(d)[op] for op in OPS},
                "changes": [
                    {
                        "op": c.op,
                        "type": c.type,
                        "text": change_line(c)[2:],
                        "before": _item_json(c.base),
                        "after": _item_json(c.head),
                        "details": [{"what": w, "before": b, "after": a} for w, b, a in c.details],
                    }
                    for c in d.changes
                ],
            }
        )
    data = {
        "version": JSON_VERSION,
        "base": result.base,
        "head": result.head,
        "changed": len(diagrams),
        "diagrams": diagrams,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def markdown(result: DiffResult) -> str:
    from specmaid.diff.highlight import highlighted

    changed = result.changed
    lines = [f"### specmaid diff: `{result.base}` → `{result.head}`", ""]
    if not changed:
        lines.append("No diagram changed.")
        return "\n".join(lines) + "\n"
    lines.append(
        f"{len(changed)} diagram{'s' if len(changed) != 1 else ''} changed."
        " Marked in the diagrams: **added** (green), **changed** (amber), **removed**"
        " (grey, dashed) where the kind can draw them."
    )
    for d in changed:
        lines += ["", f"#### `{heading(d)}`: {summary(d)}", ""]
        if d.head is not None:
            drawn, note = highlighted(d)
            fence = _fence(drawn)
            lines += [f"{fence}mermaid", drawn.rstrip("\n"), fence, ""]
            if note:
                lines += [f"_{note}_", ""]
        else:
            lines += ["_Deleted: nothing to draw._", ""]
        lines += [f"- **{c.op}** {_md(change_line(c)[2:])}" for c in d.changes]
    return "\n".join(lines) + "\n"


def _fence(text: str) -> str:
    """A code fence longer than any run of backticks in the text (a label may hold some)."""
    import re

    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    return "`" * max(3, longest + 1)


def _md(value: str) -> str:
    """Item text in a Markdown list: characters Markdown would read are escaped."""
    out = value
    for ch in "\\`*_[]<>|#":
        out = out.replace(ch, "\\" + ch)
    return out
