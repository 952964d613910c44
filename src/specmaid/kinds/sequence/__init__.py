"""Sequence diagrams: participants, messages, activations, notes and blocks.

```yaml
diagram: sequence
autonumber: true
participants:
  user: {label: User, type: actor}
  api: Claude API
steps:
  - {from: user, to: api, text: Prompt with a thinking budget, activate: true}
  - alt:
      - when: budget left
        steps: [{from: api, to: api, text: Think step by step}]
      - when: budget spent
        steps: [{note: Answer now, over: [api]}]
  - {from: api, to: user, text: Answer, line: dotted, deactivate: true}
```
A step is one of: a message (`from`, `to`, `text`), a `note`,
`activate_participant`/`deactivate_participant`, `create`/`destroy` of a participant, an
`autonumber` change, or a block (`loop`, `opt`, `break`, `critical` with `options`,
`rect`, `alt`, `par`, `par_over`) holding more `steps`. Mermaid's rules are checked: known
participants, activations balanced, the message after `create: x` goes to `x` and the one
after `destroy: x` comes from or goes to `x`, no `create` inside a box.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean, format_path
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, FeatureUse, entries, text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED, CHECKED_NOTE, since
from specmaid.pipeline.escape import kind_safe_id

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
_HALF_AT_TO = {"half-top": "|\\", "half-bottom": "|/", "stick-top": "\\\\", "stick-bottom": "//"}
_HALF_AT_FROM = {"half-top": "/|", "half-bottom": "\\|", "stick-top": "//", "stick-bottom": "\\\\"}
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


# ------------------------------------------------------------------------------ text

# The sequence lexer ends a text at any '#' (`[^#\n;]*`), not only at Mermaid's `#word;`
# entities, so every '#' is written as an entity; ';' ends a statement; '%%' starts a
# comment; '<' and '>' would be read as HTML; '&' before a name would be an HTML entity.
_TEXT_RE = re.compile(r"[#;<>]|%(?=%)|(?<=%)%|&(?=[A-Za-z0-9#])")
_TEXT_MAP = {"#": "#35;", ";": "#59;", "<": "#lt;", ">": "#gt;", "%": "#37;", "&": "#amp;"}
# Mermaid strips a leading `wrap:` / `nowrap:` (optionally after ':') as a wrap switch.
_WRAP_PREFIX_RE = re.compile(r"^:?(?:no)?wrap:")


def seq_text(value: Any, wrap: bool | None = None) -> str:
    """Any user text of a sequence diagram, arriving as written; ``wrap`` adds the switch."""
    lines = text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    escaped = "<br/>".join(
        _TEXT_RE.sub(lambda m: _TEXT_MAP[m.group(0)], line.strip()) for line in lines
    ).strip()
    if _WRAP_PREFIX_RE.match(escaped):
        # Its first character as an entity: the text then no longer starts with the switch.
        escaped = f"#{ord(escaped[0])};{escaped[1:]}"
    if wrap is not None:
        escaped = ("wrap:" if wrap else "nowrap:") + escaped
    return escaped


def _color(value: str) -> str:
    """A colour the way Mermaid's sequence grammar can read it.

    `#` starts a comment in this grammar, so hex becomes `rgb()`/`rgba()`; names are
    lowercased because Mermaid checks them by asking the browser for the same spelling back.
    """
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) in (3, 4):
            digits = "".join(ch * 2 for ch in digits)
        channels = [int(digits[i : i + 2], 16) for i in range(0, len(digits), 2)]
        if len(channels) == 4:
            alpha = round(channels[3] / 255, 3)
            return f"rgba({channels[0]}, {channels[1]}, {channels[2]}, {alpha:g})"
        return f"rgb({', '.join(str(c) for c in channels)})"
    if value.lower().startswith("rgb"):
        name, _, args = value.partition("(")
        parts = [p.strip() for p in args.rstrip(")").split(",")]
        return f"{name.strip().lower()}({', '.join(parts)})"
    return value.lower()


def check_color(value: str, path: tuple[Any, ...], report: Reporter) -> bool:
    if value.startswith("#"):
        if len(value) - 1 not in (3, 4, 6, 8):
            report.error(path, f"found {value!r}; a hex colour has 3, 4, 6 or 8 digits")
            return False
        return True
    if value.lower().startswith("rgb"):
        inside = value[value.index("(") + 1 : -1]
        count = len(inside.split(","))
        want = 4 if value.lower().startswith("rgba") else 3
        if count != want:
            report.error(path, f"found {value!r}; expected {want} comma-separated numbers")
            return False
        return True
    if value.lower() not in CSS_COLOR_NAMES:
        report.error(
            path,
            f"unknown colour name {value!r}; use a CSS colour name, hex or rgb()."
            + did_you_mean(value.lower(), CSS_COLOR_NAMES),
        )
        return False
    return True


def _links_json(links: dict[str, Any]) -> str:
    # The menu is JSON that Mermaid reads after its entity pass: '#' and ';' (which end the
    # statement) and '%%' are written as entities, which the pass turns back.
    dumped = json.dumps({text(k): str(v) for k, v in links.items()}, ensure_ascii=False)
    return re.sub(
        r"[#;]|%(?=%)|(?<=%)%", lambda m: {"#": "#35;", ";": "#59;", "%": "#37;"}[m[0]], dumped
    )


# ----------------------------------------------------------------------------- model


@dataclass
class SequenceModel:
    autonumber: str | None  # the `autonumber …` line, or None
    lines: list[str] = field(default_factory=list)  # the body, already indented and escaped


def _autonumber(value: Any) -> str | None:
    if value is True:
        return "autonumber"
    if value is False or value is None:
        return None
    start, step = value.get("start"), value.get("step")
    if start is None and step is not None:
        start = 1
    return " ".join(str(p) for p in ("autonumber", start, step) if p is not None)


def _arrow(step: dict[str, Any]) -> str:
    dash = "--" if step.get("line") == "dotted" else "-"
    head = step.get("head", "arrow")
    if head in HALF_HEADS:
        if step.get("head_at") == "from":
            return _HALF_AT_FROM[head] + dash
        return dash + _HALF_AT_TO[head]
    return {
        "arrow": f"{dash}>>",
        "none": f"{dash}>",
        "cross": f"{dash}x",
        "async": f"{dash})",
        "both": f"<<{dash}>>",
    }[head]


class _Builder:
    """Walks the steps in document order, the order in which Mermaid checks its rules."""

    def __init__(self, spec: dict[str, Any], report: Reporter) -> None:
        self.spec = spec
        self.report = report
        self.participants: dict[str, Any] = dict(spec.get("participants") or {})
        self.ids = {p: kind_safe_id(p, RESERVED, "p") for p in self.participants}
        self.lines: list[str] = []
        self.active: dict[str, int] = {}
        # Participants with a `create` step: not declared up front, unusable before it.
        self.to_create = self._find_creates(spec.get("steps") or [])
        self.created: set[str] = set()
        self.destroyed: set[str] = set()
        # The `create`/`destroy` step waiting for its message: (participant, step path).
        self.pending_create: tuple[str, tuple[Any, ...]] | None = None
        self.pending_destroy: tuple[str, tuple[Any, ...]] | None = None

    def _find_creates(self, steps: list[Any]) -> set[str]:
        found: set[str] = set()
        for step in steps:
            if "create" in step:
                found.add(text(step["create"]))
            for key in ("steps", "options", *BRANCH_BLOCKS):
                inner = step.get(key) or []
                if key == "steps":
                    found |= self._find_creates(inner)
                else:
                    for branch in inner:
                        found |= self._find_creates(branch.get("steps") or [])
        return found

    # -- participants

    def ref(self, value: Any, path: tuple[Any, ...], *, destroying: bool = False) -> str | None:
        """The Mermaid id of a participant a step uses, or None after reporting why not."""
        name = text(value)
        if name not in self.ids:
            self.report.error(
                path,
                f"unknown participant {name!r}; declare it under `participants:`."
                + did_you_mean(name, self.ids),
            )
            return None
        if name in self.to_create and name not in self.created:
            self.report.error(path, f"participant {name!r} is used before its `create` step")
            return None
        if name in self.destroyed and not destroying:
            self.report.error(path, f"participant {name!r} was destroyed earlier")
            return None
        return self.ids[name]

    def declaration(self, user_id: str) -> str:
        value = self.participants[user_id]
        spec_p = value if isinstance(value, dict) else {"label": value}
        mid = self.ids[user_id]
        kind = spec_p.get("type", "participant")
        keyword = "actor" if kind == "actor" else "participant"
        # Types beyond participant/actor use the 11.x config syntax `id@{"type": …}`.
        extra = "@" + json.dumps({"type": kind}) if kind not in ("participant", "actor") else ""
        label = spec_p.get("label")
        shown = text(label) if label is not None else (user_id if mid != user_id else None)
        alias = f" as {seq_text(shown)}" if shown is not None else ""
        return f"{keyword} {mid}{extra}{alias}"

    def header(self) -> None:
        boxes = self.spec.get("boxes") or []
        boxed: dict[str, int] = {}
        for b, box in enumerate(boxes):
            if box.get("color") is not None:
                check_color(box["color"], ("boxes", b, "color"), self.report)
            for j, member in enumerate(box["participants"]):
                name = text(member)
                where = ("boxes", b, "participants", j)
                if name not in self.participants:
                    self.report.error(
                        where, f"unknown participant {name!r}." + did_you_mean(name, self.ids)
                    )
                elif name in boxed:
                    self.report.error(
                        where, f"participant {name!r} is already in box {boxed[name]}"
                    )
                elif name in self.to_create:
                    self.report.error(
                        where,
                        f"participant {name!r} is created mid-diagram; Mermaid cannot put a"
                        " created participant in a box",
                    )
                else:
                    boxed[name] = b
        # Participants appear in spec order; boxed ones inside their box (at the first member).
        emitted_boxes: set[int] = set()
        for user_id in self.participants:
            if user_id in self.to_create:
                continue
            if user_id not in boxed:
                self.lines.append(f"    {self.declaration(user_id)}")
                continue
            b = boxed[user_id]
            if b in emitted_boxes:
                continue
            emitted_boxes.add(b)
            box = boxes[b]
            # Always name a colour first: otherwise a label starting with a colour word
            # ("red team") would lose that word to the colour.
            color = "transparent"
            if box.get("color") is not None and check_color(box["color"], (), Reporter()):
                color = _color(box["color"])
            head = f"box {color}"
            if box.get("label") is not None:
                # ')' would extend an rgb(…) colour over the label (Mermaid's regex is greedy).
                head += " " + seq_text(box["label"]).replace(")", "#41;")
            self.lines.append(f"    {head}")
            for member in box["participants"]:
                name = text(member)
                if boxed.get(name) == b:
                    self.lines.append(f"        {self.declaration(name)}")
            self.lines.append("    end")
        for user_id, value in self.participants.items():
            links = value.get("links") if isinstance(value, dict) else None
            if links:
                self.lines.append(f"    links {self.ids[user_id]}: {_links_json(links)}")

    # -- steps

    def walk(self, steps: list[Any], path: tuple[Any, ...], indent: str) -> None:
        for i, step in enumerate(steps):
            here = (*path, i)
            present = [k for k in STEP_KINDS if k in step]
            if len(present) != 1:
                if not present:
                    self.report.error(
                        here,
                        "a step needs one of: from/to (a message), note, activate_participant,"
                        " deactivate_participant, create, destroy, autonumber, loop, opt,"
                        " break, critical, rect, alt, par, par_over",
                    )
                else:
                    self.report.error(here, f"a step is one thing; found {', '.join(present)}")
                continue
            what = present[0]
            if what == "from":
                self.message(step, here, indent)
            elif what == "note":
                self.note(step, here, indent)
            elif what in ("activate_participant", "deactivate_participant"):
                self.activation(step, what, here, indent)
            elif what == "create":
                self.create(step, here, indent)
            elif what == "destroy":
                target = self.ref(step["destroy"], (*here, "destroy"))
                if target is not None:
                    self.lines.append(f"{indent}destroy {target}")
                    self.pending_destroy = (text(step["destroy"]), (*here, "destroy"))
            elif what == "autonumber":
                line = _autonumber(step["autonumber"])
                self.lines.append(f"{indent}{line or 'autonumber off'}")
            elif what in BRANCH_BLOCKS:
                for j, branch in enumerate(step[what]):
                    head = what if j == 0 else BRANCH_BLOCKS[what]
                    label = seq_text(branch["when"]) if branch.get("when") is not None else ""
                    self.lines.append(f"{indent}{head} {label}".rstrip())
                    self.walk(branch["steps"], (*here, what, j, "steps"), indent + "    ")
                self.lines.append(f"{indent}end")
            else:
                self.block(step, what, here, indent)
            if step.get("options") and what != "critical":
                self.report.error((*here, "options"), "`options` belong to a `critical` block")

    def block(self, step: dict[str, Any], what: str, here: tuple[Any, ...], indent: str) -> None:
        if what == "rect":
            color = step["rect"]
            shown = _color(color) if check_color(color, (*here, "rect"), self.report) else color
        else:
            shown = seq_text(step[what])
        self.lines.append(f"{indent}{what} {shown}".rstrip())
        self.walk(step.get("steps") or [], (*here, "steps"), indent + "    ")
        if what == "critical":
            for j, branch in enumerate(step.get("options") or []):
                when = seq_text(branch["when"]) if branch.get("when") is not None else ""
                self.lines.append(f"{indent}option {when}".rstrip())
                self.walk(branch["steps"], (*here, "options", j, "steps"), indent + "    ")
        self.lines.append(f"{indent}end")

    def message(self, step: dict[str, Any], here: tuple[Any, ...], indent: str) -> None:
        if "to" not in step:
            self.report.error(here, "a message needs `to`")
            return
        sender, receiver = text(step["from"]), text(step["to"])
        # The message a `destroy` waits for may use the destroyed participant one last time.
        destroying = self.pending_destroy is not None and self.pending_destroy[0] in (
            sender,
            receiver,
        )
        a = self.ref(step["from"], (*here, "from"), destroying=destroying)
        b = self.ref(step["to"], (*here, "to"), destroying=destroying)
        self.check_pending(sender, receiver, here)
        if a is None or b is None:
            return
        head = step.get("head", "arrow")
        if step.get("head_at") and head not in HALF_HEADS:
            self.report.error(
                (*here, "head_at"),
                f"`head_at` places a half head ({', '.join(HALF_HEADS)}); found head {head!r}",
            )
        suffix = ""
        if step.get("activate") and step.get("deactivate"):
            self.report.error(
                (*here, "deactivate"),
                "a message either activates the receiver or deactivates the sender",
            )
        elif step.get("activate"):
            suffix = "+"
            self.active[b] = self.active.get(b, 0) + 1
        elif step.get("deactivate"):
            if self.active.get(a, 0) <= 0:
                self.report.error(
                    (*here, "deactivate"),
                    f"{sender!r} is not active; Mermaid would fail"
                    " (activate it with `activate: true` on a message to it first)",
                )
            else:
                self.active[a] -= 1
                suffix = "-"
        central = step.get("central")
        if central and suffix:
            self.report.error(
                (*here, "central"),
                "Mermaid has no syntax for a central connection on a message that also"
                " activates or deactivates; use an `activate_participant` or"
                " `deactivate_participant` step",
            )
            return
        arrow = _arrow(step)
        left = "()" if central in ("from", "both") else ""
        right = "()" if central in ("to", "both") else ""
        message = seq_text(step.get("text", ""), step.get("wrap"))
        self.lines.append(f"{indent}{a}{left}{arrow}{suffix}{right}{b}: {message}".rstrip())

    def check_pending(self, sender: str, receiver: str, here: tuple[Any, ...]) -> None:
        """Mermaid's rule: the message right after `create`/`destroy` must involve that one."""
        if self.pending_create is not None:
            name, where = self.pending_create
            if receiver != name:
                self.report.error(
                    where,
                    f"the message after `create: {name}` must go to {name!r}"
                    f" (found {sender!r} → {receiver!r} at {format_path(here)}); Mermaid"
                    " draws a created participant where its first message arrives",
                )
            self.pending_create = None
        elif self.pending_destroy is not None:
            name, where = self.pending_destroy
            if name not in (sender, receiver):
                self.report.error(
                    where,
                    f"the message after `destroy: {name}` must come from or go to {name!r}"
                    f" (found {sender!r} → {receiver!r} at {format_path(here)})",
                )
            else:
                self.destroyed.add(name)
            self.pending_destroy = None

    def note(self, step: dict[str, Any], here: tuple[Any, ...], indent: str) -> None:
        where = [k for k in ("over", "left_of", "right_of") if k in step]
        if len(where) != 1:
            self.report.error(here, "a note needs one of `over`, `left_of`, `right_of`")
            return
        refs = step[where[0]] if isinstance(step[where[0]], list) else [step[where[0]]]
        if where[0] != "over" and isinstance(step[where[0]], list):
            self.report.error(
                (*here, where[0]), "a note left or right of is beside one participant"
            )
            return
        targets = [self.ref(r, (*here, where[0], k)) for k, r in enumerate(refs)]
        if None in targets:
            return
        place = {"over": "over", "left_of": "left of", "right_of": "right of"}[where[0]]
        self.lines.append(
            f"{indent}Note {place} {','.join(t for t in targets if t)}: "
            + seq_text(step["note"], step.get("wrap"))
        )

    def activation(
        self, step: dict[str, Any], what: str, here: tuple[Any, ...], indent: str
    ) -> None:
        for flag in ("activate", "deactivate"):
            if flag in step:
                self.report.error(
                    (*here, flag), f"`{flag}: true` belongs on a message (with from/to)"
                )
        target = self.ref(step[what], (*here, what))
        if target is None:
            return
        if what == "activate_participant":
            self.active[target] = self.active.get(target, 0) + 1
            self.lines.append(f"{indent}activate {target}")
        elif self.active.get(target, 0) <= 0:
            self.report.error(
                (*here, what), f"{text(step[what])!r} is not active; Mermaid would fail"
            )
        else:
            self.active[target] -= 1
            self.lines.append(f"{indent}deactivate {target}")

    def create(self, step: dict[str, Any], here: tuple[Any, ...], indent: str) -> None:
        name = text(step["create"])
        if name not in self.participants:
            self.report.error(
                (*here, "create"),
                f"declare {name!r} under `participants:` too (its label and type)."
                + did_you_mean(name, self.ids),
            )
            return
        if name in self.created:
            self.report.error((*here, "create"), f"participant {name!r} is already created")
            return
        self.created.add(name)
        self.lines.append(f"{indent}create {self.declaration(name)}")
        if self.pending_create is not None:
            self.report.error(
                self.pending_create[1],
                f"the message after `create: {self.pending_create[0]}` must go to it;"
                " another `create` came first",
            )
        self.pending_create = (name, (*here, "create"))

    def finish(self) -> None:
        for pending, verb in ((self.pending_create, "create"), (self.pending_destroy, "destroy")):
            if pending is not None:
                self.report.error(
                    pending[1],
                    f"no message follows `{verb}: {pending[0]}`; Mermaid draws the {verb}d"
                    " participant at the message right after it",
                )


def build(inp: BuildInput, report: Reporter) -> SequenceModel:
    spec = dict(inp.spec)
    builder = _Builder(spec, report)
    builder.header()
    builder.walk(spec.get("steps") or [], ("steps",), "    ")
    builder.finish()
    return SequenceModel(autonumber=_autonumber(spec.get("autonumber")), lines=builder.lines)


PARTICIPANT_TYPES = since("sequence", "participant types (@{ type })", "11.17", CHECKED_NOTE)


def detect_features(spec: Mapping[str, Any]) -> Iterator[FeatureUse]:
    for name, participant in entries(spec.get("participants")):
        if isinstance(participant, Mapping) and participant.get("type") not in (
            None,
            "participant",
            "actor",
        ):
            yield PARTICIPANT_TYPES, ("participants", name, "type")


KIND = DiagramKind(
    name="sequence",
    description="A sequence diagram: participants exchanging messages (Mermaid `sequenceDiagram`)",
    properties=PROPERTIES,
    defs={"step": STEP, "branch": BRANCH},
    build=build,
    template="sequence.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("sequence",),
    features=(PARTICIPANT_TYPES,),
    detect_features=detect_features,
    importer="specmaid.kinds.sequence.importer:import_sequence",
)
