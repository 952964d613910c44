"""The generic diff of two projections (see :mod:`specmaid.diff.projection`).

1. Items with a key are matched by type and key; the rest of each type by what they draw
   (label, attributes) and their neighbourhood (the labels of what they connect to), so an
   id renamed in the spec and in every edge reports nothing.
2. Every reference is followed through those matches; items without a key (edges,
   messages) are then matched by type and ends, or, where their order is drawn, as a
   sequence (a message inserted in the middle is one addition, not a shifted tail).
3. What is left over is added or removed; a removed and an added edge that say the same
   and share an end are one rewired edge; keyed items whose drawn order changed are moved.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from specmaid.diff.projection import Item, Projection

OPS = ("added", "removed", "changed", "moved")


@dataclass(frozen=True)
class Change:
    op: str  # one of OPS
    type: str
    base: Item | None
    head: Item | None
    #: (what, before, after) for a changed item: "label", an attribute, a reference role,
    #: or "position"
    details: tuple[tuple[str, str, str], ...] = ()

    @property
    def item(self) -> Item:
        found = self.head if self.head is not None else self.base
        assert found is not None
        return found


def _ref_text(values: tuple[str, ...]) -> str:
    return ", ".join(values)


def _keyed(items: Iterable[Item]) -> dict[tuple[str, str], Item]:
    found: dict[tuple[str, str], Item] = {}
    for item in items:
        if item.key is not None and (item.type, item.key) not in found:
            found[(item.type, item.key)] = item
    return found


def _labels(items: Iterable[Item]) -> dict[str, str]:
    labels: dict[str, str] = {}
    for item in items:
        if item.key is not None:
            labels.setdefault(item.key, item.label)
    return labels


def _neighbourhoods(items: list[Item]) -> dict[tuple[str, str], tuple[Any, ...]]:
    """Per keyed item, what it is connected to, by label (ids may have been renamed)."""
    labels = _labels(items)
    found: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for item in items:
        named = {role: tuple(labels.get(k, k) for k in keys) for role, keys in item.refs.items()}
        if item.key is not None:
            found[(item.type, item.key)].extend(sorted(named.items()))
        for role, keys in item.refs.items():
            for key in keys:
                # the referring item, by what it draws and what else it connects
                others = tuple(sorted((r, v) for r, v in named.items() if r != role))
                entry = (item.type, role, item.label, tuple(sorted(item.attrs.items())), others)
                found[("*", key)].append(entry)  # (by key alone: any type may be referred to)
    return {k: tuple(sorted(map(repr, v))) for k, v in found.items()}


def _nb(neighbourhoods: Mapping[tuple[str, str], tuple[Any, ...]], item: Item) -> Any:
    assert item.key is not None
    return (
        neighbourhoods.get((item.type, item.key), ()),
        neighbourhoods.get(("*", item.key), ()),
    )


def _match_keyed(
    base: list[Item], head: list[Item]
) -> tuple[list[tuple[Item, Item]], list[Item], list[Item]]:
    base_keyed, head_keyed = _keyed(base), _keyed(head)
    pairs = [(item, head_keyed[k]) for k, item in base_keyed.items() if k in head_keyed]
    left_base = [item for k, item in base_keyed.items() if k not in head_keyed]
    left_head = [item for k, item in head_keyed.items() if k not in base_keyed]
    if not left_base or not left_head:
        return pairs, left_base, left_head
    base_nb, head_nb = _neighbourhoods(base), _neighbourhoods(head)
    passes: list[Callable[[Item, Mapping[tuple[str, str], Any]], Hashable]] = [
        lambda i, nb: (i.signature(), _nb(nb, i)),
        lambda i, nb: (i.type, i.label, _nb(nb, i)),
        lambda i, nb: i.signature(),
        lambda i, nb: (i.type, i.label),
        lambda i, nb: (i.type, tuple(sorted(i.attrs.items())), _nb(nb, i)),
    ]
    for signature in passes:
        by_base: dict[Hashable, list[Item]] = defaultdict(list)
        by_head: dict[Hashable, list[Item]] = defaultdict(list)
        for item in left_base:
            by_base[signature(item, base_nb)].append(item)
        for item in left_head:
            by_head[signature(item, head_nb)].append(item)
        matched_base: set[int] = set()
        matched_head: set[int] = set()
        for sig, found in by_base.items():
            other = by_head.get(sig, [])
            if len(found) == 1 and len(other) == 1 and found[0].type == other[0].type:
                pairs.append((found[0], other[0]))
                matched_base.add(id(found[0]))
                matched_head.add(id(other[0]))
        left_base = [i for i in left_base if id(i) not in matched_base]
        left_head = [i for i in left_head if id(i) not in matched_head]
        if not left_base or not left_head:
            break
    return pairs, left_base, left_head


def _mapped_refs(item: Item, keymap: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    return {role: tuple(keymap.get(k, k) for k in keys) for role, keys in item.refs.items()}


def _details(base: Item, head: Item, keymap: Mapping[str, str]) -> list[tuple[str, str, str]]:
    details: list[tuple[str, str, str]] = []
    if base.label != head.label:
        details.append(("label", base.label, head.label))
    for name in sorted(set(base.attrs) | set(head.attrs)):
        before, after = base.attrs.get(name, ""), head.attrs.get(name, "")
        if before != after:
            details.append((name, before, after))
    base_refs = _mapped_refs(base, keymap)
    for role in sorted(set(base_refs) | set(head.refs)):
        before_refs, after_refs = base_refs.get(role, ()), head.refs.get(role, ())
        if before_refs != after_refs:
            details.append((role, _ref_text(before_refs), _ref_text(after_refs)))
    return details


@dataclass(frozen=True)
class Matched:
    changes: list[Change]
    keymap: dict[str, str]  # base key → head key, for every keyed item kept


def compare(base: Projection, head: Projection) -> list[Change]:
    """Every drawn difference between two projections of one diagram, in a stable order."""
    return match(base, head).changes


def match(base: Projection, head: Projection) -> Matched:
    """The differences, and how the base's keys map onto the head's."""
    changes: list[Change] = []
    pairs, removed_keyed, added_keyed = _match_keyed(base.items, head.items)
    keymap = {b.key: h.key for b, h in pairs if b.key is not None and h.key is not None}
    for b, h in pairs:
        details = _details(b, h, keymap)
        if details:
            changes.append(Change("changed", h.type, b, h, tuple(details)))
    changes += [Change("removed", i.type, i, None) for i in removed_keyed]
    changes += [Change("added", i.type, None, i) for i in added_keyed]
    base_index = {id(i): n for n, i in enumerate(base.items)}
    head_index = {id(i): n for n, i in enumerate(head.items)}
    changes += _moved_keyed(pairs, base_index, head_index)
    changes += _compare_unkeyed(
        [i for i in base.items if i.key is None], [i for i in head.items if i.key is None], keymap
    )
    return Matched(_ordered(changes, base, head), keymap)


def _moved_keyed(
    pairs: list[tuple[Item, Item]], base_index: Mapping[int, int], head_index: Mapping[int, int]
) -> list[Change]:
    """Keyed items whose drawn order changed: those outside the longest run kept in order."""
    changes: list[Change] = []
    groups: dict[str, list[tuple[Item, Item]]] = defaultdict(list)
    for b, h in pairs:
        if b.seq is not None and b.seq == h.seq:
            groups[h.seq].append((b, h))
    for group in groups.values():
        before = sorted(group, key=lambda p: base_index[id(p[0])])
        after = sorted(group, key=lambda p: head_index[id(p[1])])
        matcher = difflib.SequenceMatcher(
            None, [id(p[1]) for p in before], [id(p[1]) for p in after], autojunk=False
        )
        kept = {
            id(before[block.a + n][1])
            for block in matcher.get_matching_blocks()
            for n in range(block.size)
        }
        for pair in after:
            if id(pair[1]) not in kept:
                where = (str(before.index(pair) + 1), str(after.index(pair) + 1))
                changes.append(Change("moved", pair[1].type, *pair, (("position", *where),)))
    return changes


def _compare_unkeyed(base: list[Item], head: list[Item], keymap: Mapping[str, str]) -> list[Change]:
    changes: list[Change] = []
    free_base = [i for i in base if i.seq is None]
    free_head = [i for i in head if i.seq is None]
    changes += _compare_unordered(free_base, free_head, keymap)
    seqs = list(dict.fromkeys(i.seq for i in (*base, *head) if i.seq is not None))
    for seq in seqs:
        changes += _compare_sequence(
            [i for i in base if i.seq == seq], [i for i in head if i.seq == seq], keymap
        )
    return changes


def _ends(item: Item, keymap: Mapping[str, str] | None) -> tuple[Any, ...]:
    refs = _mapped_refs(item, keymap) if keymap is not None else dict(item.refs)
    return (item.type, tuple(sorted(refs.items())))


def _compare_unordered(
    base: list[Item], head: list[Item], keymap: Mapping[str, str]
) -> list[Change]:
    changes: list[Change] = []
    by_ends: dict[Any, tuple[list[Item], list[Item]]] = defaultdict(lambda: ([], []))
    for item in base:
        by_ends[_ends(item, keymap)][0].append(item)
    for item in head:
        by_ends[_ends(item, None)][1].append(item)
    removed: list[Item] = []
    added: list[Item] = []
    for olds, news in by_ends.values():
        olds, news = list(olds), list(news)
        for new in list(news):
            same = next((o for o in olds if o.signature() == new.signature()), None)
            if same is not None:
                olds.remove(same)
                news.remove(new)
        for old, new in zip(olds, news, strict=False):
            changes.append(Change("changed", new.type, old, new, tuple(_details(old, new, keymap))))
        removed += olds[len(news) :]
        added += news[len(olds) :]
    # A removed and an added item drawing the same thing, one end in common: rewired.
    for new in list(added):
        new_refs = new.refs
        for old in removed:
            if old.signature() != new.signature():
                continue
            old_refs = _mapped_refs(old, keymap)
            # (one end kept, or the same words: a labelled item attached elsewhere)
            if new.label or any(old_refs.get(r) == v for r, v in new_refs.items()):
                changes.append(
                    Change("changed", new.type, old, new, tuple(_details(old, new, keymap)))
                )
                removed.remove(old)
                added.remove(new)
                break
    changes += [Change("removed", i.type, i, None) for i in removed]
    changes += [Change("added", i.type, None, i) for i in added]
    return changes


def _compare_sequence(
    base: list[Item], head: list[Item], keymap: Mapping[str, str]
) -> list[Change]:
    """Items whose order is drawn: a sequence diff, pairs within a replaced run changed."""
    changes: list[Change] = []
    before = [(i.signature(), _ends(i, keymap)) for i in base]
    after = [(i.signature(), _ends(i, None)) for i in head]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    removed: list[Item] = []
    added: list[Item] = []
    for op, b1, b2, h1, h2 in matcher.get_opcodes():
        if op == "equal":
            continue
        olds, news = list(base[b1:b2]), list(head[h1:h2])
        if op == "replace":
            for old in list(olds):
                new = next(
                    (
                        n
                        for n in news
                        if n.type == old.type
                        and (
                            _ends(old, keymap) == _ends(n, None)
                            or (old.label == n.label and old.label)
                        )
                    ),
                    None,
                )
                if new is not None:
                    olds.remove(old)
                    news.remove(new)
                    changes.append(
                        Change("changed", new.type, old, new, tuple(_details(old, new, keymap)))
                    )
        removed += olds
        added += news
    # The same item taken out in one place and put back in another: moved.
    for new in list(added):
        new_sig = (new.signature(), _ends(new, None))
        for old in removed:
            if (old.signature(), _ends(old, keymap)) == new_sig:
                changes.append(
                    Change(
                        "moved",
                        new.type,
                        old,
                        new,
                        (("position", str(base.index(old) + 1), str(head.index(new) + 1)),),
                    )
                )
                removed.remove(old)
                added.remove(new)
                break
    changes += [Change("removed", i.type, i, None) for i in removed]
    changes += [Change("added", i.type, None, i) for i in added]
    return changes


def _ordered(changes: list[Change], base: Projection, head: Projection) -> list[Change]:
    """Types in the order the diagram draws them; within a type additions, removals,
    changes and moves, each in drawing order."""
    types = list(dict.fromkeys(i.type for i in (*head.items, *base.items)))
    head_index = {id(i): n for n, i in enumerate(head.items)}
    base_index = {id(i): n for n, i in enumerate(base.items)}

    def position(change: Change) -> int:
        if change.head is not None:
            return head_index.get(id(change.head), 0)
        assert change.base is not None
        return base_index.get(id(change.base), 0)

    return sorted(
        changes,
        key=lambda c: (types.index(c.type), OPS.index(c.op), position(c)),
    )
