"""Compatibility targets: which Mermaid version each diagram kind and feature needs.

Renderers lag behind Mermaid (editor previews, wikis, docs plugins bundle older releases), so a
spec can name the Mermaid its readers run (`target: "10.9"`, or the project's `target`, or
`--target`). A feature the target cannot express is an error at the spec key that asks for it,
naming the feature and the version that introduced it; everything else is written as before,
in the oldest syntax that says the same thing (bracket shapes rather than `@{ shape }`;
front-matter config works from 10.5, so on every target checked).

One table decides both: the generator checks specs against it, and `specmaid features` prints
it. "since" is the version that introduced the feature where Mermaid's documentation or
changelog says so (source: ../shared/reference/mermaid-11-syntax.md, checked against the
parser). Where specmaid's output of a feature does not parse in an older release that the
documentation would allow (tests/test_features.py parses every example with Mermaid 10.9.6,
11.4.1 and 11.17.2), "since" is the release it was checked on instead, so a target never
promises more than was seen to work.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from specmaid.errors import SpecError, SpecPath

Version = tuple[int, int, int]

#: Mermaid releases installed beside the pinned one (npm aliases in package.json), by the
#: package name tests parse with. The last is the pinned renderer.
CHECKED: dict[Version, str] = {
    (10, 9, 6): "mermaid-10.9",
    (11, 4, 1): "mermaid-11.4",
    (11, 17, 2): "mermaid",
}
LATEST: Version = (11, 17, 2)
#: Output is checked from this release on; an older target is refused, not guessed at.
OLDEST_TARGET: Version = (10, 9, 0)

_VERSION_RE = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$")


#: Platforms whose bundled Mermaid is documented, and where that is said.
PROFILES: dict[str, tuple[Version, str]] = {
    # GitLab 19.0 release notes: "GitLab now uses Mermaid version 11 ... Previously, GitLab
    # supported Mermaid version 10" (gitlab-org/gitlab!236611); no minor version is given,
    # so the oldest 11 is what a reader of any GitLab 19 can count on.
    "gitlab": ((11, 0, 0), "GitLab 19.0 release notes, gitlab-org/gitlab!236611"),
}


def parse_target(text: str) -> Version | None:
    """`"10.9"` → (10, 9, 0); `"11"` means any Mermaid 11, so its oldest: (11, 0, 0); a
    profile name (:data:`PROFILES`) → its documented version."""
    if str(text).strip() in PROFILES:
        return PROFILES[str(text).strip()][0]
    match = _VERSION_RE.match(str(text).strip())
    if match is None:
        return None
    major, minor, patch = (int(g) if g is not None else 0 for g in match.groups())
    return major, minor, patch


def show(version: Version) -> str:
    major, minor, patch = version
    return f"{major}.{minor}" + (f".{patch}" if patch else "")


@dataclass(frozen=True)
class Feature:
    kind: str  # a diagram kind, or "*" for every kind
    name: str
    since: Version
    note: str = ""


def _f(kind: str, name: str, since: str, note: str = "") -> Feature:
    version = parse_target(since)
    assert version is not None
    return Feature(kind, name, version, note)


CHECKED_NOTE = "newer than 11.4.1 (which refuses specmaid's output); checked on 11.17.2"

FEATURES: list[Feature] = [
    # Diagram kinds (the header specmaid writes).
    *(
        _f(k, "diagram kind", "10.9", "or older; specmaid checks from 10.9")
        for k in [
            *("flowchart", "sequence", "class", "state", "er", "journey", "gantt", "pie"),
            *("quadrant", "requirement", "gitgraph", "c4", "mindmap", "timeline", "sankey"),
            *("xychart", "block"),
        ]
    ),
    _f("packet", "diagram kind", "11.0"),
    _f("architecture", "diagram kind", "11.1"),
    _f("kanban", "diagram kind", "11.4"),
    _f("radar", "diagram kind", "11.6"),
    _f("treemap", "diagram kind", "11.17", CHECKED_NOTE),
    _f("ishikawa", "diagram kind", "11.12.3"),
    _f("venn", "diagram kind", "11.12.3"),
    _f("tree_view", "diagram kind", "11.14"),
    _f("wardley", "diagram kind", "11.14"),
    _f("cynefin", "diagram kind", "11.15"),
    _f("railroad", "diagram kind", "11.15"),
    _f("eventmodeling", "diagram kind", "11.15"),
    _f("swimlane", "diagram kind", "11.15"),
    # Configuration every kind shares.
    _f("*", "config.look (handDrawn, neo)", "11.0"),
    _f("*", "config.layout (elk)", "11.0"),
    # Flowcharts.
    _f("flowchart", "shape without a bracket form (@{ shape })", "11.3"),
    _f("flowchart", "image and icon nodes (@{ img }, @{ icon })", "11.3"),
    _f(
        "flowchart",
        "shapes datastore, folder, bucket, console, browser, person",
        "11.17",
        "added after 11.14; checked on 11.17.2",
    ),
    _f("flowchart", "edge ids, animate, animation", "11.6", "fails on 11.4.1"),
    _f("flowchart", "per-edge curve", "11.10"),
    # Others: where specmaid's output was seen to need more than the kind itself.
    _f("sequence", "participant types (@{ type })", "11.17", CHECKED_NOTE),
    _f("class", "style and classDef lines", "11.4", "refused by 10.9.6; checked on 11.4.1"),
    _f("requirement", "direction", "11.17", CHECKED_NOTE),
    _f("block", "classes and styles", "11.17", CHECKED_NOTE),
    _f("architecture", "accessibility (accTitle, accDescr)", "11.17", CHECKED_NOTE),
    _f("architecture", "labels beyond letters, digits and spaces", "11.17", CHECKED_NOTE),
    _f("xychart", "accessibility (accTitle, accDescr)", "11.17", CHECKED_NOTE),
]

_BY_KIND_AND_NAME = {(f.kind, f.name): f for f in FEATURES}


def feature(kind: str, name: str) -> Feature:
    return _BY_KIND_AND_NAME[(kind, name)]


# --------------------------------------------------------------------------- detection

Uses = Iterator[tuple[Feature, SpecPath]]
_PLAIN_ARCH_LABEL_RE = re.compile(r"^[A-Za-z0-9 _-]*$")


def _items(value: Any) -> Iterator[tuple[Any, Any]]:
    if isinstance(value, Mapping):
        yield from value.items()
    elif isinstance(value, list):
        yield from enumerate(value)


def _flowchart(spec: Mapping[str, Any]) -> Uses:
    from specmaid.kinds.flowchart_shapes import BRACKETS, NEWER_SHAPES, SHAPE_NAMES

    def nodes(container: Mapping[str, Any], path: SpecPath) -> Uses:
        for node_id, node in _items(container.get("nodes")):
            if not isinstance(node, Mapping):
                continue
            shape = node.get("shape")
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) in NEWER_SHAPES:
                yield (
                    feature(
                        "flowchart", "shapes datastore, folder, bucket, console, browser, person"
                    ),
                    (*path, "nodes", node_id, "shape"),
                )
            if shape is not None and SHAPE_NAMES.get(str(shape), shape) not in BRACKETS:
                yield (
                    feature("flowchart", "shape without a bracket form (@{ shape })"),
                    (
                        *path,
                        "nodes",
                        node_id,
                        "shape",
                    ),
                )
            for key in ("img", "icon"):
                if node.get(key) is not None:
                    yield (
                        feature("flowchart", "image and icon nodes (@{ img }, @{ icon })"),
                        (
                            *path,
                            "nodes",
                            node_id,
                            key,
                        ),
                    )
        for sub_id, sub in _items(container.get("subgraphs")):
            if isinstance(sub, Mapping):
                yield from nodes(sub, (*path, "subgraphs", sub_id))

    yield from nodes(spec, ())
    for index, edge in _items(spec.get("edges")):
        if not isinstance(edge, Mapping):
            continue
        for key in ("id", "animate", "animation"):
            if edge.get(key) not in (None, False):
                yield feature("flowchart", "edge ids, animate, animation"), ("edges", index, key)
        if edge.get("curve") is not None:
            yield feature("flowchart", "per-edge curve"), ("edges", index, "curve")


def _sequence(spec: Mapping[str, Any]) -> Uses:
    for name, participant in _items(spec.get("participants")):
        if isinstance(participant, Mapping) and participant.get("type") not in (
            None,
            "participant",
            "actor",
        ):
            yield (
                feature("sequence", "participant types (@{ type })"),
                (
                    "participants",
                    name,
                    "type",
                ),
            )


def _class(spec: Mapping[str, Any]) -> Uses:
    for name, item in _items(spec.get("classes")):
        if isinstance(item, Mapping) and (item.get("style") or item.get("class")):
            key = "style" if item.get("style") else "class"
            yield feature("class", "style and classDef lines"), ("classes", name, key)


def _requirement(spec: Mapping[str, Any]) -> Uses:
    if spec.get("direction") is not None:
        yield feature("requirement", "direction"), ("direction",)


def _block(spec: Mapping[str, Any]) -> Uses:
    def walk(blocks: Any, path: SpecPath) -> Uses:
        for index, block in _items(blocks):
            if not isinstance(block, Mapping):
                continue
            for key in ("class", "style"):
                if block.get(key):
                    yield feature("block", "classes and styles"), (*path, index, key)
            if "blocks" in block:
                yield from walk(block["blocks"], (*path, index, "blocks"))

    yield from walk(spec.get("blocks"), ("blocks",))


def _accessibility(kind: str) -> Callable[[Mapping[str, Any]], Uses]:
    def detect(spec: Mapping[str, Any]) -> Uses:
        if spec.get("accessibility"):
            yield feature(kind, "accessibility (accTitle, accDescr)"), ("accessibility",)

    return detect


def _architecture(spec: Mapping[str, Any]) -> Uses:
    yield from _accessibility("architecture")(spec)
    for section in ("groups", "services", "junctions"):
        for name, item in _items(spec.get(section)):
            label = item.get("label") if isinstance(item, Mapping) else item
            if isinstance(label, str) and not _PLAIN_ARCH_LABEL_RE.match(label):
                yield (
                    feature("architecture", "labels beyond letters, digits and spaces"),
                    (
                        section,
                        name,
                        "label" if isinstance(item, Mapping) else None,
                    ),
                )
    for index, edge in _items(spec.get("edges")):
        label = edge.get("label") if isinstance(edge, Mapping) else None
        if isinstance(label, str) and not _PLAIN_ARCH_LABEL_RE.match(label):
            yield (
                feature("architecture", "labels beyond letters, digits and spaces"),
                (
                    "edges",
                    index,
                    "label",
                ),
            )


DETECTORS: dict[str, Callable[[Mapping[str, Any]], Uses]] = {
    "flowchart": _flowchart,
    "swimlane": _flowchart,
    "sequence": _sequence,
    "class": _class,
    "requirement": _requirement,
    "block": _block,
    "architecture": _architecture,
    "xychart": _accessibility("xychart"),
}


def uses(kind: str, spec: Mapping[str, Any]) -> list[tuple[Feature, SpecPath]]:
    """Every versioned feature the spec asks for, with the spec path that asks."""
    found: list[tuple[Feature, SpecPath]] = []
    if (kind, "diagram kind") in _BY_KIND_AND_NAME:
        found.append((feature(kind, "diagram kind"), ("diagram",)))
    config = spec.get("config") if isinstance(spec.get("config"), Mapping) else {}
    # The defaults (classic look, dagre layout) are what every version draws anyway.
    for key, name, default in (
        ("look", "config.look (handDrawn, neo)", "classic"),
        ("layout", "config.layout (elk)", "dagre"),
    ):
        if config.get(key) not in (None, default):
            found.append((feature("*", name), ("config", key)))
    detector = DETECTORS.get(kind)
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
        if item.since <= target or (item.name, path) in seen:
            continue
        seen.add((item.name, path))
        errors.append(
            SpecError(
                f"{item.name} ({'all kinds' if item.kind == '*' else kind}) needs Mermaid"
                f" {show(item.since)} or newer; the target is {target_text}"
                + (f" ({item.note})" if item.note else "")
                + "; change the target or drop the feature",
                path,
            )
        )
    return errors


def table(kind: str | None = None) -> list[tuple[str, str, str, str]]:
    """(kind, feature, since, note) rows, kinds in registry order."""
    from specmaid.kinds.registry import kind_names

    order = {name: i for i, name in enumerate(["*", *kind_names()])}
    rows = [
        (f.kind, f.name, show(f.since), f.note)
        for f in FEATURES
        if kind is None or f.kind in (kind, "*")
    ]
    return sorted(rows, key=lambda r: (order.get(r[0], 99), r[1] != "diagram kind"))
