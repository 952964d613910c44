"""Shared pieces of the per-kind extractors, and finding a kind's extractor.

A kind's extractor lives in its own folder, ``specmaid.kinds.<module>.diff``, where
``specmaid.kinds.<module>`` is the kind's module in :data:`specmaid.kinds.registry.KINDS`:
its ``project(doc)`` says what the kind draws (see :mod:`specmaid.diff.projection`), and an
optional ``highlight(...)`` marks changes in the rendered Mermaid text. The list of kinds is
the registry's, never a table of its own (``tests/test_diff_kinds.py`` fails when a
registered kind has none).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any

from specmaid.diff.projection import Projection, canonical
from specmaid.kinds.base import as_list, text

#: Keys that never change the drawing.
UNDRAWN = frozenset({"comment"})


@dataclass(frozen=True)
class DiffInput:
    """What an extractor reads: the resolved spec and the theme parts that change a drawing."""

    spec: Mapping[str, Any]
    class_defs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    config: Mapping[str, Any] = field(default_factory=dict)


def extractor_module(kind_name: str) -> ModuleType:
    """The ``diff`` module in a registered kind's folder; LookupError without one."""
    from specmaid.kinds.registry import KINDS

    module_name = f"{KINDS[kind_name]}.diff"
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if not f"{module_name}.".startswith(f"{exc.name}."):  # an import inside it failed
            raise
        raise LookupError(f"diagram kind {kind_name!r} has no diff extractor") from exc


def project(kind_name: str, inp: DiffInput) -> Projection:
    extract: Callable[[DiffInput], Projection] = extractor_module(kind_name).project
    return extract(inp)


# ------------------------------------------------------------------ helpers for extractors


def entry(value: Any, label_key: str = "label") -> dict[str, Any]:
    """A map entry as a mapping: ``None`` is empty, a scalar is its label (the shorthand)."""
    if value is None:
        return {}
    if isinstance(value, Mapping):
        return dict(value)
    return {label_key: value}


def label_of(data: Mapping[str, Any], default: Any = "", keys: Iterable[str] = ("label",)) -> str:
    """The drawn text: the first of ``keys`` present (label, html, markdown …), else the
    default (often the id, which Mermaid draws when there is no label)."""
    for key in keys:
        if data.get(key) is not None:
            return text(data[key])
    return text(default) if default is not None else ""


def attrs(data: Mapping[str, Any], *skip: str) -> dict[str, Any]:
    """Every drawn key of an entry but ``skip`` (labels, ids, children, references)."""
    return {k: v for k, v in data.items() if k not in skip and k not in UNDRAWN}


def classes(value: Any) -> list[str]:
    return sorted(text(c) for c in as_list(value))


def diagram(p: Projection, inp: DiffInput, *keys: str, titled: bool = True) -> None:
    """The diagram as a whole: title (for kinds Mermaid draws one for), the effective
    config and the kind's global keys."""
    spec = inp.spec
    found = {k: spec.get(k) for k in keys if spec.get(k) is not None}
    if inp.config:
        found["config"] = inp.config
    accessibility = spec.get("accessibility")
    if accessibility:
        found["accessibility"] = accessibility
    p.add("diagram", "diagram", spec.get("title") if titled else None, found)


def class_defs(p: Projection, inp: DiffInput, own: str = "classes") -> None:
    """classDefs: the spec's own, and the theme's that an item uses (or ``default``)."""
    used = {name for item in p.items for name in _class_names(item.attrs.get("class"))}
    own_defs = inp.spec.get(own) or {}
    merged = {**inp.class_defs, **own_defs}
    for name in sorted(merged):
        if name in own_defs or name in used or name == "default":
            p.add("classDef", f"classDef:{name}", name, {"style": merged[name]})


def _class_names(value: str | None) -> list[str]:
    if not value:
        return []
    if value.startswith("["):
        import json

        return [str(v) for v in json.loads(value)]
    return [value]


def unique_key(key: str, taken: set[str]) -> str:
    """``key``, or ``key#2``, ``key#3`` … when an earlier item took it."""
    found, n = key, 1
    while found in taken:
        n += 1
        found = f"{key}#{n}"
    taken.add(found)
    return found


def tree(
    p: Projection,
    type: str,
    items: Iterable[Any],
    *,
    parent: str | None,
    children: str = "children",
    label_key: str = "label",
    skip: tuple[str, ...] = (),
    taken: set[str] | None = None,
    ordered: bool = True,
) -> None:
    """Nested items without ids (mind map nodes, tree rows, causes): an item's key is its
    path of labels, so a relabelled item is matched by what it draws and where it hangs."""
    taken = set() if taken is None else taken
    for value in items:
        data = entry(value, label_key)
        label = label_of(data, keys=(label_key,))
        key = unique_key(f"{parent}/{label}" if parent is not None else label, taken)
        p.add(
            type,
            key,
            label,
            attrs(data, label_key, children, *skip),
            {"parent": parent} if parent is not None else None,
            seq=(parent or "") if ordered else None,
        )
        tree(
            p,
            type,
            data.get(children) or [],
            parent=key,
            children=children,
            label_key=label_key,
            skip=skip,
            taken=taken,
            ordered=ordered,
        )


__all__ = [
    "DiffInput",
    "Projection",
    "attrs",
    "canonical",
    "class_defs",
    "classes",
    "diagram",
    "entry",
    "label_of",
    "project",
    "text",
    "tree",
    "unique_key",
]
