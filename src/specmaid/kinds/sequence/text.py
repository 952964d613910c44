"""Sequence text: the entities the sequence lexer needs, box and rect colours, link menus."""

from __future__ import annotations

import json
import re
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import text
from specmaid.kinds.sequence.schema import (
    CSS_COLOR_NAMES,
)

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


def grammar_color(value: str) -> str:
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


def links_json(links: dict[str, Any]) -> str:
    # The menu is JSON that Mermaid reads after its entity pass: '#' and ';' (which end the
    # statement) and '%%' are written as entities, which the pass turns back.
    dumped = json.dumps({text(k): str(v) for k, v in links.items()}, ensure_ascii=False)
    return re.sub(
        r"[#;]|%(?=%)|(?<=%)%", lambda m: {"#": "#35;", ";": "#59;", "%": "#37;"}[m[0]], dumped
    )
