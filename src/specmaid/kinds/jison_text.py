"""Text rules shared by the jison-grammar kinds (state, class, er, requirement, c4).

Found by parsing with Mermaid 11.17.2: these lexers start with the rules
``/.*direction\\s+(TB|BT|RL|LR)[^\\n]*/i``, so any line that merely *contains* the words
"direction LR" becomes a direction statement. In state, class and ER diagrams the line's
real statement silently disappears; requirement and C4 diagrams fail to parse. Where a
kind decodes Mermaid's entities, the ``d`` is written ``#100;`` (``#68;`` for ``D``) so the
words no longer match; where it does not, the text is refused.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import Reporter

# The lexer's own test is case-insensitive and needs no word boundary after the direction.
_DIRECTION_TRAP_RE = re.compile(r"direction\s+(?:TB|TD|BT|RL|LR)", re.IGNORECASE)


def guard_direction(escaped: str) -> str:
    """Already-escaped text with every ``direction XX`` made harmless (entities decode)."""
    return _DIRECTION_TRAP_RE.sub(lambda m: f"#{ord(m.group(0)[0])};{m.group(0)[1:]}", escaped)


def refuse_direction(
    value: str, path: tuple[Any, ...], report: Reporter, what: str, *, ignore_case: bool = True
) -> None:
    """Refuse ``direction XX`` in text that Mermaid draws without decoding entities (the C4
    lexer, unlike the others, compares case-sensitively)."""
    flags = re.IGNORECASE if ignore_case else 0
    match = re.search(_DIRECTION_TRAP_RE.pattern, value, flags)
    if match:
        report.error(
            path,
            f"found {match.group(0)!r}; Mermaid's {what} reads any line containing"
            " 'direction' + TB/BT/RL/LR as a direction statement, and has no escape here",
        )


def keyword_prefixed_lines(text: str, keyword: str) -> str:
    """Lines of a block whose first word is ``keyword`` (e.g. ``end note``) with the first
    letter written as an entity, so the block does not end early."""
    pattern = re.compile(rf"^(\s*)({re.escape(keyword[0])})(?={re.escape(keyword[1:])}\b)", re.I)
    return "\n".join(
        pattern.sub(lambda m: f"{m.group(1)}#{ord(m.group(2))};", line) for line in text.split("\n")
    )
