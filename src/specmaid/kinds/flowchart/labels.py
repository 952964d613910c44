"""Node and edge text: the one label key, the edge operator, a node's shape or `@{ … }` data."""

from __future__ import annotations

from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import (
    text,
)
from specmaid.kinds.flowchart.model import (
    escape_shape_data,
    quote_label,
)
from specmaid.kinds.flowchart.schema import (
    LABEL_KEYS,
)
from specmaid.kinds.flowchart_shapes import BRACKETS, SHAPE_NAMES


def label_and_kind(
    spec: dict[str, Any], path: tuple[Any, ...], report: Reporter
) -> tuple[str, str] | None:
    """(text, kind) of the one label key present, or None."""
    label = spec.get("label")
    if label is not None and "html" not in spec and "markdown" not in spec:
        return text(label), "text"  # (the common case, without the checks below)
    present = [k for k in LABEL_KEYS if k in spec and spec[k] is not None]
    if len(present) > 1:
        report.error(
            (*path, present[1]),
            f"give one of {', '.join(LABEL_KEYS)}, not both {present[0]!r} and {present[1]!r}",
        )
    if not present:
        return None
    kind = present[0]
    value = text(spec[kind])
    if kind == "markdown" and ("`" in value or '"' in value):
        report.error(
            (*path, kind),
            'a Markdown label cannot contain ` or " (Mermaid has no escape for them there);'
            " use `label:` or `html:` instead",
        )
    if kind == "html" and "<" in value:
        from specmaid.pipeline.sanitizer import sanitiser_warning

        warning = sanitiser_warning(value)
        if warning:
            report.warning((*path, kind), warning)
    return value, "text" if kind == "label" else kind


def edge_operator(edge: dict[str, Any], path: tuple[Any, ...], report: Reporter) -> str:
    line = edge.get("line", "solid")
    head = edge.get("head", "none" if line == "invisible" else "arrow")
    tail = edge.get("tail", "none")
    length = int(edge.get("length", 1))
    marks = {"arrow": ">", "circle": "o", "cross": "x", "none": ""}
    if line == "invisible":
        if head != "none" or tail != "none":
            report.error(path, "an invisible edge has no arrow heads; drop `head`/`tail`")
        return "~" * (length + 2)
    if tail != "none" and tail != head:
        report.error(
            (*path, "tail"),
            f"Mermaid draws two-ended edges only with the same mark at both ends;"
            f" found head {head!r} and tail {tail!r}",
        )
    start = {"arrow": "<", "circle": "o", "cross": "x", "none": ""}[tail]
    end = marks[head]
    if line == "dotted":
        body = "-" + "." * length + "-"
    elif line == "thick":
        body = "=" * (length + 1) + ("" if end else "=")
        return start + body + end
    else:
        body = "-" * (length + 1) + ("" if end else "-")
        return start + body + end
    return start + body + end


def edge_label_text(label: tuple[str, str] | None) -> str:
    if label is None:
        return ""
    return f"|{quote_label(*label)}|"


def node_text(
    user_id: str, mid: str, node: dict[str, Any], path: tuple[Any, ...], report: Reporter
) -> str:
    label = label_and_kind(node, path, report)
    if label is None and mid != user_id:
        label = (user_id, "text")  # a renamed id still shows the user's id
    shape = SHAPE_NAMES.get(node["shape"]) if node.get("shape") else None
    if node.keys() & _MEDIA_KEYS:
        media = _media_node_text(node, label, shape, path, report)
        if media is not None:
            return media
    if shape is None or shape in BRACKETS:
        opening, closing = BRACKETS[shape or "rect"]
        if label is None and shape is None:
            return ""
        shown = label if label is not None else (user_id, "text")
        return f"{opening}{quote_label(*shown)}{closing}"
    # A v11 shape: the label goes in brackets (same escaping as every other label).
    shown = label if label is not None else (user_id, "text")
    if shown[1] == "markdown":
        return f"@{{ shape: {shape}, label: {escape_shape_data(shown[0], 'markdown')} }}"
    return f"[{quote_label(*shown)}]@{{ shape: {shape} }}"


#: Keys only image and icon nodes use (a node with none of them skips those checks).
_MEDIA_KEYS = frozenset(("img", "icon", "form", "pos", "w", "h", "constraint"))


def _media_node_text(
    node: dict[str, Any],
    label: tuple[str, str] | None,
    shape: str | None,
    path: tuple[Any, ...],
    report: Reporter,
) -> str | None:
    """The ``@{ img: … }`` text of an image or icon node; None (after reporting any of
    their keys given) for other nodes."""
    data: list[str] = []
    media = node.get("img") is not None or node.get("icon") is not None
    if node.get("img") is not None and node.get("icon") is not None:
        report.error((*path, "icon"), "a node is an image or an icon, not both")
    if media:
        if shape is not None:
            report.error((*path, "shape"), "image and icon nodes have no shape; drop `shape`")
        key = "img" if node.get("img") is not None else "icon"
        data.append(f"{key}: {escape_shape_data(text(node[key]))}")
        if label is not None:
            data.append(f"label: {escape_shape_data(label[0], label[1])}")
            if label[1] == "text":
                data.append('labelType: "string"')
        for prop in ("form", "pos", "w", "h", "constraint"):
            if node.get(prop) is not None:
                value = node[prop]
                rendered = (
                    str(value) if isinstance(value, int | float) else escape_shape_data(text(value))
                )
                if isinstance(value, float) and value.is_integer():
                    rendered = str(int(value))
                data.append(f"{prop}: {rendered}")
        return "@{ " + ", ".join(data) + " }"
    for prop in ("form", "pos", "w", "h", "constraint"):
        if node.get(prop) is not None:
            report.error((*path, prop), f"`{prop}` applies only to image (`img`) and icon nodes")
    return None
