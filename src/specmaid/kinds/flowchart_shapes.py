"""Flowchart node shapes: every classic bracket shape and every v11 ``@{ shape }`` name.

Each spec name (short name, alias or classic name) maps to one canonical v11 short name.
Shapes that have a bracket form are written with it (the oldest syntax that says the same
thing, readable by every Mermaid since 9); the rest use ``@{ shape: … }`` (Mermaid 11.3+).
"""

from __future__ import annotations

#: canonical short name → aliases accepted in specs (from Mermaid's shapes.ts, 11.x)
SHAPES: dict[str, tuple[str, ...]] = {
    "rect": ("proc", "process", "rectangle", "square"),
    "rounded": ("event", "round"),
    "stadium": ("terminal", "pill"),
    "fr-rect": ("subprocess", "subproc", "framed-rectangle", "subroutine"),
    "cyl": ("db", "database", "cylinder"),
    "circle": ("circ",),
    "bang": (),
    "cloud": (),
    "diam": ("decision", "diamond", "question", "rhombus"),
    "hex": ("hexagon", "prepare"),
    "lean-r": ("lean-right", "in-out", "parallelogram"),
    "lean-l": ("lean-left", "out-in", "parallelogram-alt"),
    "trap-b": ("priority", "trapezoid-bottom", "trapezoid"),
    "trap-t": ("manual", "trapezoid-top", "inv-trapezoid", "trapezoid-alt"),
    "dbl-circ": ("double-circle", "doublecircle"),
    "text": (),
    "notch-rect": ("card", "notched-rectangle"),
    "lin-rect": ("lined-rectangle", "lined-process", "lin-proc", "shaded-process"),
    "sm-circ": ("start", "small-circle"),
    "fr-circ": ("stop", "framed-circle"),
    "fork": ("join",),
    "hourglass": ("collate",),
    "brace": ("comment", "brace-l"),
    "brace-r": (),
    "braces": (),
    "bolt": ("com-link", "lightning-bolt"),
    "doc": ("document",),
    "delay": ("half-rounded-rectangle",),
    "h-cyl": ("das", "horizontal-cylinder"),
    "lin-cyl": ("disk", "lined-cylinder"),
    "curv-trap": ("curved-trapezoid", "display"),
    "div-rect": ("div-proc", "divided-rectangle", "divided-process"),
    "tri": ("extract", "triangle"),
    "win-pane": ("internal-storage", "window-pane"),
    "f-circ": ("junction", "filled-circle"),
    "notch-pent": ("loop-limit", "notched-pentagon"),
    "flip-tri": ("manual-file", "flipped-triangle"),
    "sl-rect": ("manual-input", "sloped-rectangle"),
    "docs": ("documents", "st-doc", "stacked-document"),
    "st-rect": ("procs", "processes", "stacked-rectangle"),
    "bow-rect": ("stored-data", "bow-tie-rectangle"),
    "cross-circ": ("summary", "crossed-circle"),
    "tag-doc": ("tagged-document",),
    "tag-rect": ("tagged-rectangle", "tag-proc", "tagged-process"),
    "flag": ("paper-tape",),
    "odd": ("asymmetric",),
    "lin-doc": ("lined-document",),
    # Newer than 11.14 (the first release seen with them is 11.17: specmaid.mermaid.features).
    "datastore": ("data-store",),
    "folder": ("directory",),
    "bucket": (),
    "console": (),
    "browser": (),
    "person": (),
    # Mermaid 12.3 (absent from 12.2.0; Mermaid's own shape list does not document them).
    "bpmn-start": (),
    "bpmn-intermediate": (),
    "bpmn-boundary": (),
    "bpmn-end": (),
    "bpmn-gateway": (),
    "bpmn-activity": (),
    "bpmn-data": (),
    "bpmn-data-store": (),
    "bpmn-annotation": (),
}
#: Shapes a target older than 11.17 cannot draw (see specmaid.mermaid.features).
NEWER_SHAPES = frozenset(("datastore", "folder", "bucket", "console", "browser", "person"))
#: Shapes only Mermaid 12.3 and newer draw (11.17.2: "No such shape").
BPMN_SHAPES = frozenset(name for name in SHAPES if name.startswith("bpmn-"))

#: canonical name → (opening, closing) bracket of the classic syntax
BRACKETS: dict[str, tuple[str, str]] = {
    "rect": ("[", "]"),
    "rounded": ("(", ")"),
    "stadium": ("([", "])"),
    "fr-rect": ("[[", "]]"),
    "cyl": ("[(", ")]"),
    "circle": ("((", "))"),
    "odd": (">", "]"),
    "diam": ("{", "}"),
    "hex": ("{{", "}}"),
    "lean-r": ("[/", "/]"),
    "lean-l": ("[\\", "\\]"),
    "trap-b": ("[/", "\\]"),
    "trap-t": ("[\\", "/]"),
    "dbl-circ": ("(((", ")))"),
}

#: every accepted spelling → canonical name
SHAPE_NAMES: dict[str, str] = {}
for _canonical, _aliases in SHAPES.items():
    SHAPE_NAMES[_canonical] = _canonical
    for _alias in _aliases:
        SHAPE_NAMES[_alias] = _canonical
