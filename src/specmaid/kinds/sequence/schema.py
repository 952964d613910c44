"""The sequence spec's JSON Schema: participants, steps and blocks, the heads and
the words the grammar reserves.
"""

from __future__ import annotations

from typing import Any

from specmaid.kinds.base import TEXT

PARTICIPANT_TYPES = (
    "participant",
    "actor",
    "boundary",
    "control",
    "entity",
    "database",
    "collections",
    "queue",
)
# Message heads. The half heads (Mermaid 11.13) draw one side of an arrowhead; with
# `head_at: from` they sit at the sender's end instead of the receiver's.
HEADS = (
    "arrow",
    "none",
    "cross",
    "async",
    "both",
    "half-top",
    "half-bottom",
    "stick-top",
    "stick-bottom",
)
HALF_HEADS = ("half-top", "half-bottom", "stick-top", "stick-bottom")
# The lexer's tokens for each head: at the receiver (`-|\`) and at the sender (`/|-`).
HALF_AT_TO = {"half-top": "|\\", "half-bottom": "|/", "stick-top": "\\\\", "stick-bottom": "//"}
HALF_AT_FROM = {"half-top": "/|", "half-bottom": "\\|", "stick-top": "//", "stick-bottom": "\\\\"}
BRANCH_BLOCKS = {"alt": "else", "par": "and", "par_over": "and"}
BODY_BLOCKS = ("loop", "opt", "break", "critical", "rect")
STEP_KINDS = (
    "from",
    "note",
    "activate_participant",
    "deactivate_participant",
    "create",
    "destroy",
    "autonumber",
    *BODY_BLOCKS,
    *BRANCH_BLOCKS,
)

#: Words the sequence grammar reads as keywords; a participant id equal to one is renamed.
RESERVED = frozenset(
    w.lower()
    for w in [
        "participant",
        "actor",
        "as",
        "end",
        "loop",
        "alt",
        "else",
        "opt",
        "par",
        "par_over",
        "and",
        "rect",
        "critical",
        "option",
        "break",
        "note",
        "over",
        "left",
        "right",
        "of",
        "activate",
        "deactivate",
        "autonumber",
        "off",
        "title",
        "box",
        "create",
        "destroy",
        "links",
        "link",
        "properties",
        "details",
        "accTitle",
        "accDescr",
        *PARTICIPANT_TYPES,
    ]
)

# CSS named colours: the only words Mermaid's `box` reads as a colour (it asks the browser).
_CSS_COLOR_WORDS = """
    aliceblue antiquewhite aqua aquamarine azure beige bisque black blanchedalmond blue
    blueviolet brown burlywood cadetblue chartreuse chocolate coral cornflowerblue cornsilk
    crimson cyan darkblue darkcyan darkgoldenrod darkgray darkgreen darkgrey darkkhaki
    darkmagenta darkolivegreen darkorange darkorchid darkred darksalmon darkseagreen
    darkslateblue darkslategray darkslategrey darkturquoise darkviolet deeppink deepskyblue
    dimgray dimgrey dodgerblue firebrick floralwhite forestgreen fuchsia gainsboro ghostwhite
    gold goldenrod gray green greenyellow grey honeydew hotpink indianred indigo ivory khaki
    lavender lavenderblush lawngreen lemonchiffon lightblue lightcoral lightcyan
    lightgoldenrodyellow lightgray lightgreen lightgrey lightpink lightsalmon lightseagreen
    lightskyblue lightslategray lightslategrey lightsteelblue lightyellow lime limegreen linen
    magenta maroon mediumaquamarine mediumblue mediumorchid mediumpurple mediumseagreen
    mediumslateblue mediumspringgreen mediumturquoise mediumvioletred midnightblue mintcream
    mistyrose moccasin navajowhite navy oldlace olive olivedrab orange orangered orchid
    palegoldenrod palegreen paleturquoise palevioletred papayawhip peachpuff peru pink plum
    powderblue purple rebeccapurple red rosybrown royalblue saddlebrown salmon sandybrown
    seagreen seashell sienna silver skyblue slateblue slategray slategrey snow springgreen
    steelblue tan teal thistle tomato transparent turquoise violet wheat white whitesmoke
    yellow yellowgreen"""
CSS_COLOR_NAMES = frozenset(_CSS_COLOR_WORDS.split())
COLOR: dict[str, Any] = {
    "type": "string",
    "description": "a colour: '#rgb', '#rrggbb', '#rrggbbaa', 'rgb(…)', 'rgba(…)' or a CSS name",
    "pattern": r"^(#[0-9a-fA-F]{3,8}|rgba?\([0-9., %]+\)|[a-zA-Z]+)$",
}

PARTICIPANT: dict[str, Any] = {
    "oneOf": [
        TEXT,
        {"type": "null"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "label": TEXT,
                "type": {"enum": list(PARTICIPANT_TYPES)},
                "links": {
                    "type": "object",
                    "description": "menu entries: label → URL",
                    "additionalProperties": {"type": "string"},
                },
            },
        },
    ]
}

AUTONUMBER: dict[str, Any] = {
    "oneOf": [
        {"type": "boolean"},
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "start": {"type": "integer", "minimum": 0},
                "step": {"type": "integer", "minimum": 1},
            },
        },
    ],
    "description": "true/false, or {start, step}",
}

STEP: dict[str, Any] = {
    "type": "object",
    "description": "a message, a note, an activation, a participant created or destroyed,"
    " an autonumber change, or a block (loop, opt, break, critical, rect, alt, par, par_over)"
    " holding more steps",
    "additionalProperties": False,
    "properties": {
        "from": TEXT,
        "to": TEXT,
        "text": TEXT,
        "line": {"enum": ["solid", "dotted"]},
        "head": {"enum": list(HEADS)},
        "head_at": {"enum": ["to", "from"], "description": "where a half head sits"},
        "central": {
            "enum": ["from", "to", "both"],
            "description": "draw the central-connection circle at that end",
        },
        "activate": {"type": "boolean", "description": "activate the receiver"},
        "deactivate": {"type": "boolean", "description": "deactivate the sender"},
        "activate_participant": TEXT,
        "deactivate_participant": TEXT,
        "wrap": {"type": "boolean", "description": "wrap (true) or do not wrap (false) the text"},
        "note": TEXT,
        "over": {"oneOf": [TEXT, {"type": "array", "items": TEXT, "minItems": 1, "maxItems": 2}]},
        "left_of": TEXT,
        "right_of": TEXT,
        "create": TEXT,
        "destroy": TEXT,
        "autonumber": AUTONUMBER,
        "loop": TEXT,
        "opt": TEXT,
        "break": TEXT,
        "critical": TEXT,
        "rect": COLOR,
        "options": {"type": "array", "items": {"$ref": "#/$defs/branch"}},
        "alt": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/branch"}},
        "par": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/branch"}},
        "par_over": {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/branch"}},
        "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
    },
}

BRANCH: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["steps"],
    "properties": {"when": TEXT, "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}}},
}

PROPERTIES: dict[str, Any] = {
    "autonumber": AUTONUMBER,
    "participants": {"type": "object", "additionalProperties": PARTICIPANT},
    "boxes": {
        "type": "array",
        "items": {
            "type": "object",
            "additionalProperties": False,
            "required": ["participants"],
            "properties": {
                "label": TEXT,
                "color": COLOR,
                "participants": {"type": "array", "items": TEXT},
            },
        },
    },
    "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
}
