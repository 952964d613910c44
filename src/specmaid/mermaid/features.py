"""Compatibility targets: which Mermaid version each diagram kind and feature needs.

Renderers lag behind Mermaid (editor previews, wikis, docs plugins bundle older releases), so a
spec can name the Mermaid its readers run (`target: "10.9"`, or the project's `target`, or
`--target`). A feature the target cannot express is an error at the spec key that asks for it,
naming the feature and the version that introduced it; everything else is written as before,
in the oldest syntax that says the same thing (bracket shapes rather than `@{ shape }`;
front-matter config works from 10.5, so on every target checked).

One table decides both: the generator checks specs against it, and `specmaid features` prints
it. The table is derived from the kinds: each kind's ``KIND`` declares the release that
introduced it (``since``), its newer features and the detector finding them in a spec; only
what all kinds share is written here. "since" is the version that introduced the feature
where Mermaid's documentation or changelog says so (source:
../shared/reference/mermaid-11-syntax.md, checked against the parser). Where specmaid's
output of a feature does not parse in an older release that the documentation would allow
(tests/test_features.py parses every example with Mermaid 10.9.6, 11.4.1, 11.17.2 and
12.3.0), "since" is the release it was checked on instead, so a target never promises more
than was seen to work. A feature a release dropped has an ``until``: Mermaid 12 removed the
`defaultRenderer` config keys, so a target of 12 refuses them (specmaid.mermaid.config_keys).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from functools import cache
from typing import Any

from specmaid.errors import SpecError, SpecPath
from specmaid.mermaid.versions import (
    CHECKED_NOTE,
    PROFILES,
    Feature,
    Version,
    parse_target,
    show,
    since,
)

__all__ = [
    "CHECKED",
    "CHECKED_NOTE",
    "LATEST",
    "OLDEST_TARGET",
    "ORACLES",
    "PROFILES",
    "SHARED_FEATURES",
    "Feature",
    "Version",
    "all_features",
    "default_target_errors",
    "detectors",
    "feature",
    "kind_features",
    "parse_target",
    "required_version",
    "show",
    "table",
    "table_header",
    "target_errors",
    "uses",
]

#: Mermaid releases installed beside the pinned one (npm aliases in package.json), by the
#: package name tests parse with. The last is the pinned renderer.
CHECKED: dict[Version, str] = {
    (10, 9, 6): "mermaid-10.9",
    (11, 4, 1): "mermaid-11.4",
    (11, 17, 2): "mermaid",
    (12, 3, 0): "mermaid-12",
}
#: The pinned renderer (`mermaid` in package.json): what `export` draws with, and what
#: `validate --mermaid` parses with unless the target is 12 or newer (specmaid.mermaid.bridge's
#: package_for). It stays on 11 while readers run 11: README, "Mermaid 12".
LATEST: Version = (11, 17, 2)
#: The releases every output, snapshot and example is parsed with in full (graph included):
#: the pinned one and the newest major.
ORACLES: dict[Version, str] = {(11, 17, 2): "mermaid", (12, 3, 0): "mermaid-12"}
#: Output is checked from this release on; an older target is refused, not guessed at.
OLDEST_TARGET: Version = (10, 9, 0)

#: Configuration every kind shares. Each kind's own rows (the kind itself, then its newer
#: features) are declared in its ``KIND`` (``since``, ``features``, ``detect_features``).
SHARED_FEATURES: tuple[Feature, ...] = (
    since("*", "config.look (handDrawn, neo)", "11.0"),
    since("*", "config.layout (elk)", "11.0"),
)

Uses = Iterator[tuple[Feature, SpecPath]]


@cache
def kind_features(kind: str) -> tuple[Feature, ...]:
    """The rows of one kind, as it declares them: the kind itself, then its newer features.
    (Imports that kind's module only.)"""
    from specmaid.kinds.registry import get_kind

    declared = get_kind(kind)
    own = since(kind, "diagram kind", declared.since, declared.since_note)
    return (own, *declared.features)


@cache
def all_features() -> tuple[Feature, ...]:
    """Every row: what all kinds share (the shared features, then the config keys one pinned
    Mermaid reads and another does not), then each kind's, in registry order (this imports
    every kind, so only `specmaid features` and the tests ask for it)."""
    from specmaid.kinds.registry import kind_names
    from specmaid.mermaid.config_keys import config_features

    return (
        *SHARED_FEATURES,
        *config_features(),
        *(f for kind in kind_names() for f in kind_features(kind)),
    )


def feature(kind: str, name: str) -> Feature:
    from specmaid.mermaid.config_keys import config_features

    for item in (*SHARED_FEATURES, *config_features()) if kind == "*" else kind_features(kind):
        if item.name == name:
            return item
    raise KeyError((kind, name))


def detectors() -> dict[str, Callable[[Mapping[str, Any]], Uses]]:
    """Kind name → its feature detector, for the kinds that declare one (imports every kind)."""
    from specmaid.kinds.registry import get_kind, kind_names

    found = {}
    for kind in kind_names():
        detect = get_kind(kind).detect_features
        if detect is not None:
            found[kind] = detect
    return found


def __getattr__(name: str) -> Any:
    """``FEATURES`` and ``DETECTORS``, the tables that used to be written here, derived from
    the kinds on first use (so importing this module imports no kind)."""
    if name == "FEATURES":
        return list(all_features())
    if name == "DETECTORS":
        return detectors()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def uses(kind: str, spec: Mapping[str, Any]) -> list[tuple[Feature, SpecPath]]:
    """Every versioned feature the spec asks for, with the spec path that asks."""
    from specmaid.kinds.registry import KINDS, get_kind

    found: list[tuple[Feature, SpecPath]] = []
    if kind not in KINDS:
        return found
    found.append((kind_features(kind)[0], ("diagram",)))
    config = spec.get("config") if isinstance(spec.get("config"), Mapping) else {}
    # The defaults (classic look, dagre layout) are what every version draws anyway.
    for key, name, default in (
        ("look", "config.look (handDrawn, neo)", "classic"),
        ("layout", "config.layout (elk)", "dagre"),
    ):
        if config.get(key) not in (None, default):
            found.append((feature("*", name), ("config", key)))
    from specmaid.mermaid.config_keys import config_uses

    found.extend((item, ("config", *path)) for item, path in config_uses(config))
    detector = get_kind(kind).detect_features
    if detector is not None:
        found.extend((f, tuple(p for p in path if p is not None)) for f, path in detector(spec))
    return found


def required_version(kind: str, spec: Mapping[str, Any]) -> Version:
    return max((f.since for f, _ in uses(kind, spec)), default=OLDEST_TARGET)


def target_errors(
    kind: str, spec: Mapping[str, Any], target: Version, target_text: str
) -> list[SpecError]:
    """One located error per spec key that asks for more than the target has."""
    if target < OLDEST_TARGET:
        return [
            SpecError(
                f"target {target_text!r} is older than Mermaid {show(OLDEST_TARGET)}, the oldest"
                " release specmaid checks its output against",
                ("target",),
            )
        ]
    if show(target) != target_text:
        target_text = f"{target_text} (Mermaid {show(target)})"
    errors = []
    seen: set[tuple[str, SpecPath]] = set()
    for item, path in uses(kind, spec):
        if not item.lacked_by(target) or (item.name, path) in seen:
            continue
        seen.add((item.name, path))
        who = "all kinds" if item.kind == "*" else kind
        if target < item.since:
            needs = f"needs Mermaid {show(item.since)} or newer"
        else:
            assert item.until is not None
            needs = f"was removed in Mermaid {show(item.until)}"
        errors.append(
            SpecError(
                f"{item.name} ({who}) {needs}; the target is {target_text}"
                + (f" ({item.note})" if item.note else "")
                + "; change the target or drop the feature",
                path,
            )
        )
    return errors


def default_target_errors(kind: str, spec: Mapping[str, Any]) -> list[SpecError]:
    """The check of a spec with no target anywhere: the default target is the pinned renderer
    (:data:`LATEST`, Mermaid 11), so what only a newer Mermaid reads (Mermaid 12's kinds, keys
    and shapes) is a located error instead of output that 11's readers cannot draw. Nothing
    older is refused: without a target, output may use all that 11 reads."""
    return [
        SpecError(
            error.message.replace(
                f"the target is {show(LATEST)}",
                f"no target is set, so the default applies: Mermaid {show(LATEST)}",
            ).replace(
                "change the target or drop the feature",
                "set `target:` (e.g. '12') if your readers run a newer Mermaid, or drop the"
                " feature",
            ),
            error.path,
        )
        for error in target_errors(kind, spec, LATEST, show(LATEST))
    ]


def table_header() -> tuple[str, ...]:
    """The columns of :func:`table`: one per checked release, saying whether it has it."""
    return ("kind", "feature", "since", "removed", *(show(v) for v in CHECKED), "note")


def table(kind: str | None = None) -> list[tuple[str, ...]]:
    """(kind, feature, since, removed, one "yes"/"-" per checked release, note) rows, kinds
    in registry order."""
    from specmaid.kinds.registry import kind_names

    order = {name: i for i, name in enumerate(["*", *kind_names()])}
    rows = [
        (
            f.kind,
            f.name,
            show(f.since),
            show(f.until) if f.until else "",
            *("-" if f.lacked_by(v) else "yes" for v in CHECKED),
            f.note,
        )
        for f in all_features()
        if kind is None or f.kind in (kind, "*")
    ]
    return sorted(rows, key=lambda r: (order.get(r[0], 99), r[1] != "diagram kind"))
