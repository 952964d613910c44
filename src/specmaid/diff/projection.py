"""What a diagram draws, as the diff engine compares it: a flat list of items.

Each kind's extractor (``specmaid.kinds.<kind>.diff.project``) turns a resolved spec into a
:class:`Projection`. The engine knows nothing about kinds; it only knows items:

* ``key``: the item's identity in the spec (a node id), or None for items identified by
  what they connect and say (an edge, a message). A key is never shown as a change by
  itself: a renamed id with nothing else changed is no change.
* ``label``: the text the reader sees (a node without a label shows its id: then the id
  is the label).
* ``attrs``: every other drawn property, as canonical text (shape, classes, style, …).
* ``refs``: role → keys of other items (an edge's ends, a node's subgraph); the engine
  follows renames through them.
* ``seq``: the name of a sequence whose order is drawn (a sequence diagram's messages, a
  chart's categories); items with ``seq`` None may be reordered freely.
* ``mark``: what the kind's highlighter needs to find the item in the rendered text
  (a Mermaid id, an edge index); never compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Item:
    type: str
    key: str | None
    label: str
    attrs: Mapping[str, str] = field(default_factory=dict)
    refs: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    seq: str | None = None
    mark: Any = None

    def signature(self) -> tuple[Any, ...]:
        """Everything drawn except the refs (which are compared after renames)."""
        return (self.type, self.label, tuple(sorted(self.attrs.items())))


@dataclass
class Projection:
    items: list[Item] = field(default_factory=list)

    def add(
        self,
        type: str,
        key: str | None,
        label: Any,
        attrs: Mapping[str, Any] | None = None,
        refs: Mapping[str, Iterable[Any] | Any] | None = None,
        *,
        seq: str | None = None,
        mark: Any = None,
    ) -> Item:
        """Add an item; attribute values are made canonical text, None values dropped."""
        item = Item(
            type,
            None if key is None else str(key),
            canonical(label) if label is not None else "",
            {k: canonical(v) for k, v in (attrs or {}).items() if v is not None and v != []},
            {k: _ref_tuple(v) for k, v in (refs or {}).items() if v is not None and v != []},
            seq,
            mark,
        )
        self.items.append(item)
        return item


def _ref_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return (str(value),)


def canonical(value: Any) -> str:
    """A value as comparable, readable text: strings as written, mappings with sorted keys
    (a reordered style mapping draws the same), lists in order."""
    if isinstance(value, str):
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(_sorted(value), ensure_ascii=False, separators=(", ", ": "))


def _sorted(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, (list, tuple)):
        return [_sorted(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)
