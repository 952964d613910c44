"""Import of radar charts: Mermaid's radar db → a spec (see importing/dispatch.py)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching, plain_number
from specmaid.importing.nothing_drawn import require_content
from specmaid.mermaid.bridge import ParseResult

#: the radar db's options as it defaults them (radar/db.ts defaultOptions) → spec key
OPTIONS = {
    "min": ("min", 0),
    "max": ("max", None),
    "ticks": ("ticks", 5),
    "graticule": ("graticule", "circle"),
    "showLegend": ("show_legend", True),
}


def import_radar(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "radar")
    graph = result.graph or {}
    axes = [(str(axis["name"]), str(axis["label"])) for axis in graph.get("axes") or []]
    spec["axes"] = dict(axes)
    curves = []
    warnings: list[SpecError] = []
    for curve in graph.get("curves") or []:
        out: dict[str, Any] = {"id": str(curve["name"])}
        entries = curve.get("entries") or []
        if len(entries) != len(axes):
            warnings.append(
                SpecError(
                    f"curve {out['id']!r} was not imported: it has {len(entries)} values for"
                    f" {len(axes)} axes (a spec's curve has one per axis)",
                    file=name,
                    line=line_matching(text, rf"\bcurve\s+{re.escape(out['id'])}\b", first_line),
                    severity="warning",
                )
            )
            continue
        if str(curve["label"]) != out["id"]:
            out["label"] = str(curve["label"])
        # The db keeps a curve's values in the axes' order, whichever way they were written.
        out["values"] = {
            axis: plain_number(value) for (axis, _), value in zip(axes, entries, strict=True)
        }
        curves.append(out)
    spec["curves"] = curves
    options = graph.get("options") or {}
    for key, (spec_key, default) in OPTIONS.items():
        value = options.get(key)
        if value is not None and value != default:
            spec[spec_key] = plain_number(value) if key in ("min", "max") else value
    require_content(spec.get("axes"), "no axes", "radar chart", name, first_line)
    return spec, warnings
