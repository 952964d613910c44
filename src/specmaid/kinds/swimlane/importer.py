"""Import of swimlane diagrams: Mermaid reads them with its flowchart grammar, so the flowchart
import does the work and its top-level subgraphs become lanes (see importing/dispatch.py)."""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching
from specmaid.mermaid.bridge import ParseResult


def import_swimlane(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    from specmaid.kinds.flowchart.importer import import_flowchart

    flow_spec, flow_warnings = import_flowchart(result, text, name, first_line)
    spec = common(result, text, "swimlane")  # (with accessibility, which flowcharts leave)
    warnings = list(flow_warnings)
    for key, value in flow_spec.items():
        if key in ("diagram", "title", "comment", "config"):
            continue
        if key != "subgraphs":
            spec[key] = value
            continue
        lanes = {}
        for lane_id, lane in value.items():
            if "direction" in lane:
                # The swimlane layout sets the lanes' direction itself.
                line = line_matching(
                    text, r"^\s*direction\s+" + re.escape(lane["direction"]), first_line
                )
                warnings.append(
                    SpecError(
                        f"lane {lane_id!r} has a direction of its own; the swimlane layout"
                        " sets the lanes' direction (a spec's lane has none), so it was left out",
                        file=name,
                        line=line,
                        severity="warning",
                    )
                )
                lane = {k: v for k, v in lane.items() if k != "direction"}
            lanes[lane_id] = lane
        spec["lanes"] = lanes
    return spec, warnings
