"""Text for the kinds that draw their labels as SVG text: ishikawa, venn, treeView, wardley,
cynefin, railroad and eventmodeling.

Why entities work in all of them: Mermaid's ``render`` turns every ``#name;`` / ``#123;``
into placeholder characters before any grammar runs (``encodeEntities``) and turns the
placeholders back into HTML entities in the finished SVG (``cleanUpSvgCode`` →
``decodeEntities``), so ``#quot;`` reaches the picture as ``"`` whatever the grammar
(checked by rendering under jsdom with Mermaid 11.17.2). That gives an escape for every
character a grammar cannot hold: ``"`` in a jison ``"…"`` token, a leading word that a lexer
reads as a keyword, a box-drawing character that switches treeView into its other input
format. The same pass is why a literal ``#`` before ``word;`` must itself be written ``#35;``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from specmaid.errors import Reporter
from specmaid.kinds.base import text
from specmaid.pipeline.escape import escape_line_text, escape_text, langium_string


def one_line(value: Any) -> str:
    """The text as written, line breaks (YAML block scalars) folded into spaces."""
    return " ".join(text(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")).strip()


def label_text(value: Any) -> str:
    """Text for a double-quoted token without backslash escapes: every special character,
    ``"`` included, becomes an entity."""
    return escape_text(one_line(value))


def langium_text(value: Any) -> str:
    """A Langium ``STRING`` (``"…"`` with backslash escapes) that draws as written."""
    return langium_string(label_text(value))


def line_text(value: Any, newline: str = " ") -> str:
    """Text that runs to the end of a line (ishikawa causes, wardley link labels, treeView
    descriptions): ``#``, ``%%``, ``&``, ``<`` and ``>`` as entities; ``;`` kept."""
    return escape_line_text(text(value), semicolon=False, newline=newline)


def entity(char: str) -> str:
    """One character as a numeric entity, e.g. ``I`` → ``#73;``."""
    return f"#{ord(char)};"


def refuse_accessibility(spec: Mapping[str, Any], report: Reporter, what: str) -> None:
    """Kinds whose grammar has no ``accTitle``/``accDescr``: say so instead of dropping it."""
    if spec.get("accessibility"):
        report.error(
            ("accessibility",),
            f"Mermaid 11.17's {what} has no accTitle/accDescr statements; remove `accessibility`",
            at_key=True,
        )
