"""Import of XY charts: what Mermaid's parser handed the xychart db → a spec (see
:mod:`specmaid.importing.dispatch`).

The db keeps its series already laid on the x axis, with the ranges it fitted to the data and
no mark of which were written, so mermaid_parse.mjs records the parser's calls into the db
(`calls`): the orientation, each axis as written, and each series' values.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching, plain_number
from specmaid.importing.nothing_drawn import require_content
from specmaid.mermaid.bridge import ParseResult

_SERIES_CALLS = {"setBarData": "bar", "setLineData": "line"}


def import_xychart(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "xychart")
    warnings: list[SpecError] = []
    series_lines = [
        first_line + n
        for n, line in enumerate(text.splitlines())
        if re.match(r"\s*(bar|line)\b", line)
    ]

    def warn(message: str, line: int | None) -> None:
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    def words(value: Any, where: str) -> str:
        body = str(value.get("text") if isinstance(value, dict) else value)
        if isinstance(value, dict) and value.get("type") == "markdown":
            warn(
                f"the markdown of {where} was not imported: a spec's text is drawn as written",
                line_matching(text, f"`{re.escape(body)}`", first_line),
            )
        return body

    x_axis: dict[str, Any] = {}
    y_axis: dict[str, Any] = {}
    series: list[dict[str, Any]] = []
    for method, args in (result.graph or {}).get("calls") or []:
        if method == "setOrientation" and args[0] == "horizontal":
            spec["horizontal"] = True
        elif method in ("setXAxisTitle", "setYAxisTitle"):
            axis = x_axis if method.startswith("setX") else y_axis
            title = words(args[0], "an axis title")
            if title:
                axis["title"] = title
        elif method == "setXAxisBand":
            x_axis.pop("min", None), x_axis.pop("max", None)
            x_axis["categories"] = [words(c, "a category") for c in args[0]]
        elif method in ("setXAxisRangeData", "setYAxisRangeData"):
            axis = x_axis if method.startswith("setX") else y_axis
            axis.pop("categories", None)
            axis["min"], axis["max"] = plain_number(args[0]), plain_number(args[1])
        elif method in _SERIES_CALLS:
            line = series_lines[len(series)] if len(series) < len(series_lines) else None
            item: dict[str, Any] = {"type": _SERIES_CALLS[method]}
            title = words(args[0], f"series {len(series) + 1}")
            if title:
                item["name"] = title
            points = args[1]
            item["values"] = [plain_number(p["value"]) for p in points]
            labels = [str(p.get("label") or "") for p in points]
            if any(labels):
                warn(
                    f"the point labels of series {len(series) + 1} were not imported: a spec's"
                    " series has values only",
                    line,
                )
            series.append(item)
            item["_line"] = line
    categories = x_axis.get("categories")
    kept = []
    for number, item in enumerate(series, 1):
        line = item.pop("_line")
        if categories is not None and len(item["values"]) > len(categories):
            # Mermaid draws one value per category and leaves out the rest.
            warn(
                f"series {number} has {len(item['values'])} values for {len(categories)}"
                f" categories; Mermaid leaves out the last {len(item['values']) - len(categories)},"
                " and so does the import",
                line,
            )
            item["values"] = item["values"][: len(categories)]
        elif categories is not None and len(item["values"]) < len(categories):
            warn(
                f"series {number} was not imported: it has {len(item['values'])} values for"
                f" {len(categories)} categories (a spec's series has one per category)",
                line,
            )
            continue
        elif categories is None and kept and len(item["values"]) != len(kept[0]["values"]):
            warn(
                f"series {number} was not imported: it has {len(item['values'])} values and"
                f" the first {len(kept[0]['values'])}; without categories a spec's series all"
                " have as many (Mermaid spreads each over the whole x axis)",
                line,
            )
            continue
        kept.append(item)
    order = ("title", "categories", "min", "max")
    if x_axis:
        spec["x_axis"] = {key: x_axis[key] for key in order if key in x_axis}
    if y_axis:
        spec["y_axis"] = {key: y_axis[key] for key in order if key in y_axis}
    spec["series"] = kept
    require_content(spec.get("series"), "no bar or line series", "xychart", name, first_line)
    return spec, warnings
