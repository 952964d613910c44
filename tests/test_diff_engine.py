"""The generic diff engine and projections (src/specmaid/diff/engine.py, projection.py)."""

from __future__ import annotations

from specmaid.diff.engine import compare, match
from specmaid.diff.formats import change_line
from specmaid.diff.projection import Projection, canonical


def graph(nodes: dict[str, str], edges: list[tuple[str, str, str]]) -> Projection:
    p = Projection()
    for key, label in nodes.items():
        p.add("node", key, label)
    for start, end, label in edges:
        p.add("edge", None, label, {}, {"from": start, "to": end})
    return p


def lines(base: Projection, head: Projection) -> list[str]:
    return [change_line(c) for c in compare(base, head)]


BASE = graph(
    {"a": "Alpha", "b": "Beta", "c": "Gamma"},
    [("a", "b", ""), ("b", "c", "next"), ("a", "c", "")],
)


def test_renamed_ids_are_followed_through_the_edges() -> None:
    head = graph(
        {"x": "Alpha", "y": "Beta", "c": "Gamma"},
        [("x", "y", ""), ("y", "c", "next"), ("x", "c", "")],
    )
    result = match(BASE, head)
    assert result.changes == []
    assert result.keymap == {"a": "x", "b": "y", "c": "c"}


def test_same_labels_are_told_apart_by_their_neighbourhood() -> None:
    base = graph({"a": "Step", "b": "Step", "s": "Start"}, [("s", "a", ""), ("a", "b", "")])
    head = graph({"p": "Step", "q": "Step", "s": "Start"}, [("s", "p", ""), ("p", "q", "")])
    assert match(base, head).keymap == {"a": "p", "b": "q", "s": "s"}


def test_a_renamed_and_relabelled_node_is_one_change() -> None:
    head = graph(
        {"a": "Alpha", "z": "Zeta", "c": "Gamma"},
        [("a", "z", ""), ("z", "c", "next"), ("a", "c", "")],
    )
    assert lines(BASE, head) == ['~ node z "Zeta": label: Beta → Zeta']


def test_edges_added_removed_relabelled_and_rewired() -> None:
    head = graph(
        {"a": "Alpha", "b": "Beta", "c": "Gamma"},
        [("a", "b", "first"), ("b", "a", "next"), ("c", "a", "")],
    )
    assert lines(BASE, head) == [
        "+ edge c → a",
        "- edge a → c",
        '~ edge a → b "first": label: + first',
        '~ edge b → a "next": to: c → a',
    ]


def test_parallel_edges_are_a_multiset() -> None:
    twice = graph({"a": "A", "b": "B"}, [("a", "b", ""), ("a", "b", "")])
    once = graph({"a": "A", "b": "B"}, [("a", "b", "")])
    assert lines(twice, once) == ["- edge a → b"]
    assert lines(twice, twice) == []


def messages(texts: list[str]) -> Projection:
    p = Projection()
    for key in ("u", "s"):
        p.add("participant", key, key.upper(), seq="participants")
    for text in texts:
        p.add("message", None, text, {}, {"from": "u", "to": "s"}, seq="steps")
    return p


def test_sequences_insert_remove_and_move() -> None:
    base = messages(["one", "two", "three", "four"])
    assert lines(base, messages(["one", "new", "two", "three", "four"])) == [
        '+ message u → s "new"'
    ]
    assert lines(base, messages(["one", "three", "four"])) == ['- message u → s "two"']
    assert lines(base, messages(["two", "three", "four", "one"])) == [
        '> message u → s "one": position 1 → 4'
    ]
    assert lines(base, messages(["one", "2", "three", "four"])) == [
        '~ message u → s "2": label: two → 2'
    ]


def test_keyed_items_whose_order_is_drawn_are_moved() -> None:
    def axis(names: list[str]) -> Projection:
        p = Projection()
        for name in names:
            p.add("category", name, name.title(), seq="x")
        return p

    assert lines(axis(["a", "b", "c"]), axis(["b", "c", "a"])) == [
        '> category a "A": position 1 → 3'
    ]
    assert lines(axis(["a", "b", "c"]), axis(["a", "b", "c"])) == []


def test_canonical_values_ignore_mapping_order() -> None:
    assert canonical({"b": 1, "a": [2, "x"]}) == canonical({"a": [2, "x"], "b": 1})
    assert canonical(True) == "true" and canonical(1.5) == "1.5" and canonical("s") == "s"
