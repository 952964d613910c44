"""`appearance: classic`: keep Mermaid 11's look when readers run Mermaid 12.

Mermaid 12 changed defaults that move existing diagrams (measured from both packages; see
README, "Mermaid 12"): the top-level layout is ELK (was dagre); flowchart, sequence, class,
state, ER, requirement, venn and swimlane diagrams default to the `neo` look (and the
`redux-color` theme, which a spec's `theme:` already overrides); flowchart labels wrap at 120px
(was 200) and short nodes are widened to `minNodeWidth: 120`; state nodes gained the same two
settings (in 11 they wrapped at the flowchart's 200). Setting only `theme`, as every specmaid
output does, stops `redux-color` but not `neo` or ELK.

``appearance: classic`` (a spec's or a theme's) writes the settings that undo those defaults,
beneath the theme's and the spec's own `config:` (which win). All of them parse in Mermaid
11.17.2 too, which reads `look` and `layout` and ignores the keys it does not have, so one
output draws the same on both. ``appearance: renderer`` writes nothing: each renderer's own
defaults (a spec's way to leave a theme's `classic`).
"""

from __future__ import annotations

from typing import Any

#: appearance value → what it means (the schema's description).
APPEARANCES = {
    "classic": "Mermaid 11's look under Mermaid 12 too: classic look, dagre layout, 11's wrapping",
    "renderer": "each renderer's own defaults (Mermaid 12: neo look, ELK layout)",
}

#: Kinds Mermaid 12 draws `neo` by default (its per-diagram `look` defaults).
_NEO_BY_DEFAULT = frozenset(
    {"flowchart", "swimlane", "sequence", "class", "state", "er", "requirement", "venn"}
)
#: Kinds Mermaid 11 laid out with dagre by default and 12 with ELK. Not swimlane: a top-level
#: `layout` replaces its own swimlane layout (in 11 as well).
_DAGRE_IN_11 = frozenset({"flowchart", "class", "state", "er", "requirement"})
#: Mermaid 11's wrapping for the diagram blocks whose wrapping 12 changed, by kind.
_WRAPPING_BLOCKS = {"flowchart": "flowchart", "swimlane": "flowchart", "state": "state"}
_ELEVEN_WRAPPING = {"wrappingWidth": 200, "minNodeWidth": 0}


def appearance_config(appearance: str | None, kind: str) -> dict[str, Any]:
    """The Mermaid config ``appearance`` stands for in a diagram of ``kind``."""
    if appearance != "classic":
        return {}
    config: dict[str, Any] = {}
    if kind in _NEO_BY_DEFAULT:
        config["look"] = "classic"
    if kind in _DAGRE_IN_11:
        config["layout"] = "dagre"
    block = _WRAPPING_BLOCKS.get(kind)
    if block is not None:
        config[block] = dict(_ELEVEN_WRAPPING)
    return config
