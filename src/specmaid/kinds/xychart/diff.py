"""XY chart: axes, categories in drawn order, series, and one data point per series and
category (so a changed value is reported as that point)."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram, unique_key
from specmaid.diff.projection import Projection
from specmaid.kinds.base import text


def project(inp: DiffInput) -> Projection:
    spec = inp.spec
    p = Projection()
    diagram(p, inp, "horizontal")
    x_axis = dict(spec.get("x_axis") or {})
    p.add("axis", "x", x_axis.get("title"), attrs(x_axis, "title", "categories"))
    p.add(
        "axis",
        "y",
        (spec.get("y_axis") or {}).get("title"),
        attrs(dict(spec.get("y_axis") or {}), "title"),
    )
    taken: set[str] = set()
    categories = [unique_key(f"category:{text(c)}", taken) for c in x_axis.get("categories") or []]
    for key, category in zip(categories, x_axis.get("categories") or [], strict=True):
        p.add("category", key, category, seq="categories")
    for n, series in enumerate(spec.get("series") or []):
        name = series.get("name")
        shown = text(name) if name is not None else f"series {n + 1}"
        key = unique_key(f"series:{shown}", taken)
        p.add(
            "series",
            key,
            shown,
            {"type": series.get("type")},
            seq="series",
        )
        for i, value in enumerate(series.get("values") or []):
            at = categories[i] if i < len(categories) else f"{i + 1}"
            p.add("point", f"{key}@{at}", "", {"value": value}, {"series": key, "at": at})
    return p
