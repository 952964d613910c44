"""Clicks (safe URLs, callbacks, tooltips) and ``linkStyle`` statements, whose numeric
indexes are computed from the emitted edge order, never written by users.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import (
    check_styles,
    text,
)
from specmaid.kinds.flowchart.model import (
    quote_label,
)
from specmaid.pipeline.escape import style_list


def click_statement(
    mid: str, node: dict[str, Any], path: tuple[Any, ...], report: Reporter
) -> str | None:
    if not node.keys() & _CLICK_KEYS:
        return None
    link, callback, tooltip = node.get("link"), node.get("callback"), node.get("tooltip")
    target = node.get("target")
    if link is not None and callback is not None:
        report.error((*path, "callback"), "a node has a `link` or a `callback`, not both")
        return None
    if target is not None and link is None:
        report.error((*path, "target"), "`target` needs a `link`")
    tip = f" {quote_label(text(tooltip))}" if tooltip is not None else ""
    if link is not None:
        url = _safe_url(text(link), (*path, "link"), report)
        return f'{mid} href "{url}"{tip}' + (f" {target}" if target else "")
    if callback is not None:
        return f"{mid} call {callback}(){tip}"
    if tooltip is not None:
        report.error((*path, "tooltip"), "a tooltip needs a `link` or a `callback` to attach to")
    return None


_CLICK_KEYS = frozenset(("link", "callback", "tooltip", "target"))
_URL_SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_URL_UNSAFE = frozenset(' "<>;%\\`{}|^')


def _safe_url(url: str, path: tuple[Any, ...], report: Reporter) -> str:
    scheme = _URL_SCHEME_RE.match(url)
    if scheme and scheme.group(1).lower() not in ("http", "https", "mailto", "ftp", "tel"):
        report.error(path, f"URL scheme {scheme.group(1)!r} is not allowed; use http(s) or mailto")
    # Quotes, spaces and the characters Mermaid's preprocessing reads are percent-encoded;
    # the URL means the same.
    out = []
    for index, ch in enumerate(url):
        keep_percent = ch == "%" and _is_pct_escape(url, index)
        if (ch in _URL_UNSAFE and not keep_percent) or ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"%{ord(ch):02X}")
        else:
            out.append(ch)
    return "".join(out)


def _is_pct_escape(url: str, index: int) -> bool:
    return bool(re.match(r"%[0-9A-Fa-f]{2}", url[index : index + 3]))


def link_style_statements(
    spec: dict[str, Any],
    edge_meta: list[dict[str, Any]],
    user_edge_ids: dict[str, int],
    report: Reporter,
) -> list[str]:
    """``linkStyle`` statements with indexes computed from the emitted edge order."""
    if not spec.get("edge_styles"):
        for meta in edge_meta:
            if meta["spec"].get("style") or meta["spec"].get("curve"):
                break
        else:
            return []  # (most flowcharts: nothing to work out)
    per_edge: list[tuple[dict[str, Any], str | None]] = [({}, None) for _ in edge_meta]
    default_style: dict[str, Any] = {}
    default_curve: str | None = None

    def indexes_for(ref: Any, path: tuple[Any, ...]) -> list[int]:
        if isinstance(ref, dict):
            found = [
                k
                for k, meta in enumerate(edge_meta)
                if meta["from"] == text(ref["from"]) and meta["to"] == text(ref["to"])
            ]
            if not found:
                report.error(path, f"no edge from {text(ref['from'])!r} to {text(ref['to'])!r}")
            return found
        ref = text(ref)
        if ref not in user_edge_ids:
            report.error(path, f"unknown edge id {ref!r}." + did_you_mean(ref, user_edge_ids))
            return []
        return [user_edge_ids[ref]]

    for i, entry in enumerate(spec.get("edge_styles") or []):
        path = ("edge_styles", i)
        style = entry.get("style") or {}
        check_styles(style, (*path, "style"), report)
        if entry["edges"] == "default":
            default_style.update(style)
            default_curve = entry.get("curve", default_curve)
            continue
        refs = entry["edges"] if isinstance(entry["edges"], list) else [entry["edges"]]
        for j, ref in enumerate(refs):
            ref_path = (*path, "edges", j) if isinstance(entry["edges"], list) else (*path, "edges")
            for k in indexes_for(ref, ref_path):
                merged, curve = per_edge[k]
                per_edge[k] = ({**merged, **style}, entry.get("curve", curve))

    for k, meta in enumerate(edge_meta):
        own = meta["spec"]
        merged, curve = per_edge[k]
        if own.get("style"):
            merged = {**merged, **own["style"]}
        if own.get("curve"):
            curve = own["curve"]
        per_edge[k] = (merged, curve)

    out: list[str] = []
    if default_style or default_curve:
        out.append(_link_style_text("default", default_curve, default_style))
    groups: dict[tuple[str | None, str], list[int]] = {}
    for k, (style, curve) in enumerate(per_edge):
        if style or curve:
            groups.setdefault((curve, style_list(style)), []).append(k)
    for (curve, styles_text), indexes in groups.items():
        out.append(_link_style_text(",".join(map(str, indexes)), curve, None, styles_text))
    return out


def _link_style_text(
    which: str, curve: str | None, style: dict[str, Any] | None, styles_text: str | None = None
) -> str:
    parts = [which]
    if curve:
        parts.append(f"interpolate {curve}")
    body = styles_text if styles_text is not None else style_list(style or {})
    if body:
        parts.append(body)
    return " ".join(parts)
