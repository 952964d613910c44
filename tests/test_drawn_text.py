"""The round trip's drawn comparison: the words Mermaid draws in Chromium (importing/drawn_text)."""

from __future__ import annotations

from pathlib import Path

from specmaid.importing.drawn_text import draw_svgs, svg_words

REPO = Path(__file__).resolve().parents[1]


def test_svg_words_are_the_drawn_text_nodes() -> None:
    svg = (
        "<svg><style>.label{font:12px x}</style><text><tspan>Log</tspan><tspan>in</tspan></text>"
        "<foreignObject><div><span>Check &amp; retry</span></div></foreignObject></svg>"
    )
    assert svg_words(svg) == {"Log": 1, "in": 1, "Check": 1, "&": 1, "retry": 1}
    # a git commit id Mermaid makes up is random at every parse: only its place counts
    assert svg_words("<text>0-f44c96d</text>") == svg_words("<text>0-27fecb2</text>")
    assert svg_words("<text>0-f44c96d</text>") != svg_words("<text>1-27fecb2</text>")


def test_drawn_words_tell_a_lost_label_apart() -> None:
    """Original, a regeneration that draws the same (other ids, a quoted label) and a lossy one
    (an edge label dropped): only the lossy one draws other words."""
    original = "flowchart LR\n  A[Log in] -->|ok| B[Check & retry]\n"
    same = 'flowchart LR\n  n1["Log in"] -->|ok| n2["Check & retry"]\n'
    lossy = "flowchart LR\n  A[Log in] --> B[Check & retry]\n"
    drawn = draw_svgs([("o", original), ("s", same), ("l", lossy)], REPO)
    assert all(svg is not None for svg in drawn)
    words = [svg_words(svg or "") for svg in drawn]
    assert words[0] == words[1]
    assert words[0] - words[2] == {"ok": 1}
