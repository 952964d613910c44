"""Helpers shared by the kinds Mermaid still calls ``-beta``: sankey, xychart, block, packet,
architecture, radar and treemap.

Every rule here was checked by rendering with the pinned Mermaid 11.17.2 under jsdom (not
only by ``mermaid.parse``), because several of these kinds parse text they then draw
differently:

* ``render`` turns every ``#name;`` / ``#123;`` into placeholder characters before any
  grammar runs, and turns the placeholders back into entities in the finished SVG. So in
  xychart, packet, radar and treemap an entity is an escape for any character (``#quot;``
  draws ``"``), and a literal ``#`` before ``word;`` must be written ``#35;``.
* The exceptions: sankey's CSV lexer reads printable ASCII only, so the placeholders (and
  any other non-ASCII text) are a parse error; architecture draws its labels through a
  Markdown pass that shows the entities as written (``&#35;``), so neither kind has an
  escape for ``#word;``.
* xychart runs its texts through DOMPurify (``<`` starts a tag, ``&`` becomes ``&amp;``);
  written as entities they draw as typed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import text
from specmaid.pipeline.escape import escape_text, langium_string


def one_line(value: Any) -> str:
    """The text as written, line breaks (YAML block scalars) folded into spaces."""
    lines = text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return " ".join(line.strip() for line in lines).strip()


def entity_text(value: Any) -> str:
    """Text for a double-quoted string of a kind that decodes entities when it draws:
    ``"``, ``<``, ``>``, ``&`` (before a word), ``%%`` and ``#word;`` become entities."""
    return escape_text(one_line(value))


def quoted_entity_text(value: Any) -> str:
    """A jison ``"…"`` string (xychart, treemap): no backslash escapes exist there, so the
    quote itself is an entity too. xychart's lexer cannot read an empty ``""``, so empty
    text is written as one space (drawn the same)."""
    return f'"{entity_text(value) or " "}"'


def langium_entity_text(value: Any) -> str:
    """A Langium ``STRING`` (packet, radar): backslash escapes, plus the entity rules."""
    return langium_string(entity_text(value))


def plain_number(value: float) -> str:
    """A number as the grammars read it: ``3`` not ``3.0``, and never ``1e-05`` (no grammar
    of these kinds reads an exponent)."""
    if float(value).is_integer():
        return str(int(value))
    return format(Decimal(repr(float(value))).normalize(), "f")


def safe_id(user_id: str, is_safe: bool, prefix: str = "id") -> str:
    """The user's id when the kind's lexer reads it as an id, else a stable renamed one that
    keeps the readable part (two different ids can never get the same name)."""
    if is_safe:
        return user_id
    readable = re.sub(r"[^A-Za-z0-9]+", "_", user_id).strip("_")[:24]
    digest = hashlib.sha1(user_id.encode("utf-8")).hexdigest()[:6]
    return f"{prefix}_{readable}_{digest}" if readable else f"{prefix}_{digest}"


def refuse_accessibility(spec: Mapping[str, Any], report: Reporter, what: str) -> None:
    """Kinds whose grammar has no ``accTitle``/``accDescr``: say so instead of dropping it."""
    if spec.get("accessibility"):
        report.error(
            ("accessibility",),
            f"Mermaid 11.17's {what} grammar has no accTitle/accDescr statements;"
            " remove `accessibility` (or describe the diagram in the text around it)",
            at_key=True,
        )


def warn_title_not_drawn(spec: Mapping[str, Any], report: Reporter, what: str) -> None:
    """Kinds that never draw a title: the frontmatter keeps it, the picture does not."""
    if spec.get("title") is not None:
        report.warning(
            ("title",),
            f"Mermaid 11.17 does not draw a title on {what}; it is kept in the frontmatter only"
            " (put it in the text around the diagram)",
        )
