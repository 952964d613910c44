"""The Mermaid configuration keys each pinned release reads, and which of them a target lacks.

Generated, not kept by hand (issue 19: the hand-kept list refused `defaultRenderer`, which
Mermaid 11 reads): ``scripts/mermaid-config-keys.mjs`` reads each pinned Mermaid's own
package (its ``dist/config.type.d.ts`` and ``mermaidAPI.defaultConfig``) into
``specmaid/mermaid/data/mermaid-config-<version>.json``; tests/test_mermaid_config.py
regenerates them and compares, so they cannot drift from the installed packages.

A spec's ``config:`` is checked two levels deep: the root keys, and the keys of one diagram's
block (``flowchart: {curve: …}``) or of ``elk:``. Deeper mappings (``themeVariables``, c4's
nested blocks) are left to Mermaid. The schema accepts every key some pinned release reads;
which release reads it is a target question (:func:`config_features`, used by
:mod:`specmaid.mermaid.features`): a key only Mermaid 12 reads is an error for a target before 12, a
key Mermaid 12 dropped is an error for a target from 12 on.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from specmaid.mermaid.versions import Feature, Version, parse_target, show

DATA = Path(__file__).with_name("data")

#: The releases whose keys are kept, by the npm package (alias) they are installed under.
KEYED_RELEASES: dict[Version, str] = {(11, 17, 2): "mermaid", (12, 3, 0): "mermaid-12"}
#: Keys this release reads are accepted for every target (as before issue 22; what changed
#: within 10.9–11.x is declared per feature in the kinds).
BASELINE: Version = (11, 17, 2)
#: The newest keyed release: a key only it reads is new in its major.
NEWEST: Version = (12, 3, 0)
#: The release where the newest major begins, as a target says it ("12").
NEWEST_MAJOR: Version = (NEWEST[0], 0, 0)

#: Keys Mermaid 12.3.0 reads that arrived after 12.0.0. Measured from the config.type.d.ts of
#: mermaid 12.0.0, 12.1.0 and 12.2.0 (`npm pack`, `node scripts/mermaid-config-keys.mjs
#: --types`): every other key 12.3.0 reads and 11.17.2 does not is in 12.0.0 already.
LATER_MINORS: dict[tuple[str, ...], str] = {
    ("elk", "orientFeedbackEdges"): "12.1",
    ("packet", "bitOrder"): "12.1",
    ("mindmap", "colorBy"): "12.2",
    ("flowchart", "stepDuration"): "12.3",
    ("flowchart", "stepNumbers"): "12.3",
}

#: What to say beside a key Mermaid 12 dropped (its config.type.d.ts and defaults lack it;
#: 12.0.0's types lack it too).
REMOVED_NOTES: dict[str, str] = {
    "defaultRenderer": "Mermaid 12 ignores it: write `layout: dagre` or `layout: elk` instead",
}

#: A sub-key new in more diagram blocks than this is one row of the table
#: (``config.<diagram>.theme``), not one per block.
_GROUPED_ABOVE = 3

KeyPath = tuple[str, ...]


@cache
def key_tree(version: Version) -> dict[str, Any]:
    """The key tree of one keyed release: ``{name: {type?, keys?, open?}}``."""
    file = DATA / f"mermaid-config-{show_full(version)}.json"
    data: dict[str, Any] = json.loads(file.read_text("utf-8"))
    keys: dict[str, Any] = data["keys"]
    return keys


def show_full(version: Version) -> str:
    return ".".join(str(part) for part in version)


def key_paths(tree: Mapping[str, Any]) -> frozenset[KeyPath]:
    """Root keys and the keys of each root mapping (two levels, what specs are checked on)."""
    found: set[KeyPath] = set()
    for key, node in tree.items():
        found.add((key,))
        for sub in node.get("keys", {}):
            found.add((key, sub))
    return frozenset(found)


@cache
def _paths(version: Version) -> frozenset[KeyPath]:
    return key_paths(key_tree(version))


@cache
def union_tree() -> dict[str, dict[str, Any]]:
    """Every root key some keyed release reads: its JSON types (None: anything), the union of
    its sub-keys, and whether it takes any key."""
    out: dict[str, dict[str, Any]] = {}
    for version in KEYED_RELEASES:
        for key, node in key_tree(version).items():
            entry = out.setdefault(key, {"type": set(), "keys": set(), "open": False})
            if "type" in node and entry["type"] is not None:
                entry["type"].update(node["type"])
            else:
                entry["type"] = None
            entry["keys"].update(node.get("keys", {}))
            entry["open"] = entry["open"] or bool(node.get("open"))
    return out


def config_schema(secure_keys: tuple[str, ...], description: str) -> dict[str, Any]:
    """The JSON Schema of a spec's or theme's ``config:`` (keys of every keyed release).

    The ``secure_keys`` stay out of the names: specmaid refuses them with its own message
    (Mermaid drops them from diagram config)."""
    properties: dict[str, Any] = {}
    for key, entry in union_tree().items():
        if key in secure_keys:
            continue
        types = sorted(entry["type"]) if entry["type"] is not None else None
        if entry["keys"] and not entry["open"] and types == ["object"]:
            properties[key] = {
                "type": "object",
                "propertyNames": {"enum": sorted(entry["keys"])},
            }
        elif entry["open"] or types is None or "object" in types:
            # themeVariables, dompurifyConfig: Mermaid's types say any, but a mapping is meant.
            properties[key] = {"type": "object"}
        else:
            properties[key] = {"type": types[0] if len(types) == 1 else types}
    return {
        "type": "object",
        "description": description,
        "propertyNames": {"enum": list(properties)},
        "properties": properties,
        "additionalProperties": {"type": "object"},
    }


def _since(path: KeyPath) -> Version:
    minor = LATER_MINORS.get(path)
    parsed = parse_target(minor) if minor else None
    return parsed or NEWEST_MAJOR


def _name(path: KeyPath) -> str:
    return "config." + ".".join(path)


@cache
def _features_by_path() -> dict[KeyPath, Feature]:
    """Path → the feature asking for it, for every key one keyed release reads and the
    other does not."""
    old, new = _paths(BASELINE), _paths(NEWEST)
    added = sorted(new - old)
    new_roots = {p[0] for p in added if len(p) == 1}
    # How many diagram blocks gained each sub-key (per-diagram theme/look/layout: all of them).
    spread: dict[str, int] = {}
    for path in added:
        if len(path) == 2 and path[0] not in new_roots:
            spread[path[1]] = spread.get(path[1], 0) + 1
    found: dict[KeyPath, Feature] = {}
    checked = f"absent from {show_full(BASELINE)}; read by {show_full(NEWEST)}"
    for path in added:
        if len(path) == 2 and path[0] in new_roots:
            found[path] = found[(path[0],)]  # a key of a new block: the block's row
            continue
        since = _since(path)
        if len(path) == 2 and spread[path[1]] > _GROUPED_ABOVE:
            name = f"config.<diagram>.{path[1]}"
            note = f"per-diagram, in {spread[path[1]]} diagram blocks; {checked}"
        else:
            name, note = _name(path), checked
        found[path] = Feature("*", name, since, note)
    for path in sorted(old - new):
        note = REMOVED_NOTES.get(path[-1], f"read by {show_full(BASELINE)}, not by {show(NEWEST)}")
        found[path] = Feature("*", _name(path), (10, 9, 0), note, until=NEWEST_MAJOR)
    return found


def config_features() -> tuple[Feature, ...]:
    """The table's rows for config keys, one per feature (grouped sub-keys once)."""
    rows: dict[tuple[str, Version], Feature] = {}
    for feature in _features_by_path().values():
        rows.setdefault((feature.name, feature.since), feature)
    return tuple(sorted(rows.values(), key=lambda f: (f.since, f.until is None, f.name)))


def config_uses(config: Mapping[str, Any]) -> Iterator[tuple[Feature, tuple[str, ...]]]:
    """The versioned config keys a ``config:`` mapping sets, with their path in it."""
    features = _features_by_path()
    for key, value in config.items():
        if (key,) in features:
            yield features[(key,)], (key,)
            continue
        if isinstance(value, Mapping):
            for sub in value:
                if (key, sub) in features:
                    yield features[(key, sub)], (key, sub)


def reads(version: Version, path: KeyPath) -> bool:
    """Whether the keyed release ``version`` reads the config key at ``path``."""
    return path in _paths(version)
