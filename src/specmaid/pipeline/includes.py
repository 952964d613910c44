"""Includes: the fragments a spec names under ``include:`` (shared nodes, classDefs, edges),
loaded recursively with cycle detection and kept inside the project, then merged with the
spec (fragments first, the spec's own definitions win).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from specmaid.errors import SpecError, SpecErrors, SpecPath
from specmaid.kinds.base import (
    DiagramKind,
)
from specmaid.paths import is_inside
from specmaid.pipeline.load import load_yaml
from specmaid.pipeline.locate import locate_errors
from specmaid.pipeline.source import SourceText, read_source
from specmaid.pipeline.themes import (
    deep_merge,
    display_path,
)

#: Keys a fragment may hold (besides `vars` and `include`): the parts a spec can share.
MERGEABLE_LISTS = ("edges", "edge_styles")


@dataclass
class Part:
    """One file that contributes to a spec: the spec itself or a fragment it includes."""

    source: SourceText
    path: Path | None
    data: dict[str, Any]


def resolve_include(
    ref: str, including: Path | None, root: Path, source: SourceText, at: SpecPath
) -> Path:
    base = including.parent if including is not None else root
    target = (base / ref).resolve()
    if not is_inside(root, target):
        raise SpecErrors(
            locate_errors(
                source, [SpecError(f"include {ref!r} points outside the project root", at)]
            )
        )
    if not target.is_file():
        raise SpecErrors(
            locate_errors(
                source,
                [
                    SpecError(
                        f"include {ref!r} not found (looked for {display_path(target, root)})", at
                    )
                ],
            )
        )
    return target


def load_parts(spec: Part, root: Path, kind: DiagramKind) -> list[Part]:
    """The spec's fragments in include order (depth first), then the spec itself."""
    parts: list[Part] = []
    seen: set[Path] = set()

    def visit(part: Part, chain: tuple[str, ...]) -> None:
        refs = part.data.get("include") or []
        if isinstance(refs, str):
            refs = [refs]
        if not isinstance(refs, list):
            raise SpecErrors(
                locate_errors(
                    part.source,
                    [SpecError("found a mapping; expected a list of file paths", ("include",))],
                )
            )
        for i, ref in enumerate(refs):
            at: SpecPath = (
                ("include", i) if isinstance(part.data.get("include"), list) else ("include",)
            )
            if not isinstance(ref, str):
                raise SpecErrors(
                    locate_errors(part.source, [SpecError("expected a file path", at)])
                )
            target = resolve_include(ref, part.path, root, part.source, at)
            shown = display_path(target, root)
            if shown in chain:
                cycle = " → ".join((*chain, shown))
                raise SpecErrors(
                    locate_errors(part.source, [SpecError(f"includes form a cycle: {cycle}", at)])
                )
            if target in seen:
                continue  # a fragment included twice contributes once
            seen.add(target)
            source = read_source(target, shown)
            data = load_yaml(source)
            if data is None:
                data = {}
            if not isinstance(data, dict):
                raise SpecErrors(
                    [SpecError("a fragment must be a mapping", file=shown, line=1, column=1)]
                )
            fragment = Part(source, target, data)
            visit(fragment, (*chain, shown))
            parts.append(fragment)

    visit(spec, (spec.source.name,))
    parts.append(spec)
    return parts


def fragment_schema(kind: DiagramKind) -> dict[str, Any]:
    """The schema of a fragment: the kind's own keys (no `diagram`, nothing required)."""
    schema = kind.schema()
    properties = {
        k: v
        for k, v in schema["properties"].items()
        if k not in ("diagram", "title", "theme", "config_style", "appearance", "template")
    }
    out: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }
    if "$defs" in schema:
        out["$defs"] = schema["$defs"]
    return out


def merge_parts(parts: list[Part]) -> tuple[dict[str, Any], list[SpecError]]:
    """Fragments first, in include order; the spec (last part) overrides them.

    Mappings (nodes, classes, subgraphs, …) merge by key: two fragments defining the same key
    differently is a conflict; the spec's own definition wins over any fragment. Lists
    (edges, edge_styles) are concatenated.
    """
    merged: dict[str, Any] = {}
    origin: dict[tuple[str, str], Part] = {}
    errors: list[SpecError] = []
    spec = parts[-1]
    for part in parts:
        for key, value in part.data.items():
            if key in ("include", "vars"):
                continue
            if isinstance(value, dict) and key != "config":
                target = merged.setdefault(key, {})
                if not isinstance(target, dict):
                    merged[key] = value
                    continue
                for name, item in value.items():
                    previous = origin.get((key, name))
                    if (
                        previous is not None
                        and part is not spec
                        and previous is not spec
                        and target.get(name) != item
                    ):
                        errors.extend(
                            locate_errors(
                                part.source,
                                [
                                    SpecError(
                                        f"conflicting definitions of {key}.{name}: here and in"
                                        f" {previous.source.name}; define it once, or override it"
                                        " in the spec itself",
                                        (key, name),
                                        at_key=True,
                                    )
                                ],
                            )
                        )
                    target[name] = item
                    origin[(key, name)] = part
            elif key in MERGEABLE_LISTS and isinstance(value, list):
                merged.setdefault(key, [])
                if isinstance(merged[key], list):
                    merged[key] = [*merged[key], *value]
            elif key == "config" and isinstance(value, dict):
                merged["config"] = deep_merge(merged.get("config") or {}, value)
            else:
                merged[key] = value
    return merged, errors
