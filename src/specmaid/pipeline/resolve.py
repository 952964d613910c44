"""Resolve: a spec file plus everything it refers to becomes one plain, validated document.

What happens, in order (each fact lives in one place; this module brings the places together):

1. the spec's theme is loaded, following ``extends:`` (deep merge, cycles refused);
2. ``include:`` fragments are loaded (shared nodes, classDefs, edges), recursively, with
   cycle detection and paths kept inside the project;
3. a flowchart ``view:`` cuts nodes and edges out of a shared model file;
4. variables (``vars:`` of the theme, the fragments and the spec) are substituted into every
   ``${name}``;
5. each part is checked against the kind's JSON Schema (errors point into the file they are
   in), then the parts are merged: fragments first, the spec's own definitions win.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from specmaid.errors import Reporter, SpecError, SpecErrors, did_you_mean
from specmaid.kinds.base import (
    DiagramKind,
)
from specmaid.kinds.registry import get_kind, kind_names
from specmaid.pipeline.coerce import coerce
from specmaid.pipeline.includes import Part, fragment_schema, load_parts, merge_parts
from specmaid.pipeline.load import load_yaml
from specmaid.pipeline.locate import locate_errors
from specmaid.pipeline.source import SourceText
from specmaid.pipeline.themes import (
    Theme,
    available_themes,
    config_errors,
    deep_merge,
    load_theme,
)
from specmaid.pipeline.validate import schema_errors
from specmaid.pipeline.variables import substitute
from specmaid.pipeline.views import apply_view


@dataclass(frozen=True)
class ResolvedSpec:
    """A spec with everything applied: what the kind and the templates see."""

    kind: DiagramKind
    spec: dict[str, Any]
    config: Mapping[str, Any]
    class_defs: Mapping[str, Mapping[str, Any]]
    config_style: str
    theme: Theme | None
    files: tuple[Path, ...]  # every file read besides the spec (themes, fragments, models)


@cache
def _schema(kind_name: str) -> dict[str, Any]:
    return get_kind(kind_name).schema()


@cache
def _fragment_schema(kind_name: str) -> dict[str, Any]:
    return fragment_schema(get_kind(kind_name))


def _kind_of(source: SourceText, data: Any) -> DiagramKind:
    if not isinstance(data, dict):
        found = "a list" if isinstance(data, list) else f"{data!r}"
        raise SpecErrors(
            [
                SpecError(
                    f"found {found}; a spec is a mapping that starts with `diagram:`",
                    file=source.name,
                    line=1,
                    column=1,
                )
            ]
        )
    diagram = data.get("diagram")
    names = kind_names()
    if diagram is None:
        raise SpecErrors(
            locate_errors(
                source, [SpecError(f"missing `diagram:`; expected one of: {', '.join(names)}", ())]
            )
        )
    if not isinstance(diagram, str) or diagram not in names:
        raise SpecErrors(
            locate_errors(
                source,
                [
                    SpecError(
                        f"unknown diagram kind {diagram!r}; expected one of: {', '.join(names)}."
                        + did_you_mean(str(diagram), names),
                        ("diagram",),
                    )
                ],
            )
        )
    return get_kind(diagram)


def _check(part: Part, schema: dict[str, Any]) -> tuple[dict[str, Any], list[SpecError]]:
    doc = coerce(part.data, schema)
    errors = schema_errors(doc, schema)
    if isinstance(doc.get("config"), dict):
        # The specific message ("write `flowchart:`") replaces the generic "unknown key".
        specific = config_errors(doc["config"], ("config",))
        known = {e.path for e in specific}
        errors = [e for e in errors if e.path not in known] + specific
    return doc, locate_errors(part.source, errors)


def resolve_source(
    source: SourceText,
    *,
    root: Path,
    themes_dir: Path | None,
    project_style: str | None = None,
    spec_path: Path | None = None,
    theme_override: str | None = None,
) -> ResolvedSpec:
    """Load, resolve and validate one spec; raises SpecErrors with every problem found.

    ``theme_override`` renders the spec with another theme (its theme's dark variant).
    """
    data = load_yaml(source)
    kind = _kind_of(source, data)
    spec = Part(source, spec_path, data)

    theme: Theme | None = None
    name = theme_override or data.get("theme")
    if name is not None:
        try:
            theme = load_theme(str(name), themes_dir, root)
        except KeyError:
            names = sorted(available_themes(themes_dir))
            raise SpecErrors(
                locate_errors(
                    source,
                    [
                        SpecError(
                            f"unknown theme {name!r}; available: {', '.join(names)}."
                            + did_you_mean(str(name), names),
                            ("theme",),
                        )
                    ],
                )
            ) from None

    parts = load_parts(spec, root, kind)
    errors: list[SpecError] = []
    view_part, view_errors = apply_view(spec, root, kind)
    errors.extend(view_errors)
    if view_part is not None:
        parts.insert(-1, view_part)

    variables: dict[str, Any] = dict(theme.vars) if theme else {}
    for part in parts:
        own = part.data.get("vars")
        if isinstance(own, dict):
            variables.update({str(k): v for k, v in own.items()})

    checked: list[Part] = []
    for part in parts:
        var_errors: list[SpecError] = []
        # (A text without "${" anywhere has nothing to substitute: skip the walk.)
        has_vars = "${" in part.source.text
        substituted = substitute(part.data, variables, (), var_errors) if has_vars else part.data
        errors.extend(locate_errors(part.source, var_errors))
        schema = _schema(kind.name) if part is spec else _fragment_schema(kind.name)
        doc, part_errors = _check(Part(part.source, part.path, substituted), schema)
        errors.extend(part_errors)
        checked.append(Part(part.source, part.path, doc))
    if errors:
        if len(checked) == 1 and not view_errors:
            errors.extend(_errors_of_the_valid_part(checked[0], kind, errors, theme))
        raise SpecErrors(errors)

    merged, merge_errors = merge_parts(checked)
    if merge_errors:
        raise SpecErrors(merge_errors)
    merged.pop("view", None)

    config = deep_merge(theme.config if theme else {}, merged.get("config") or {})
    appearance = merged.get("appearance") or (theme.appearance if theme else None)
    if appearance is not None:  # beneath the theme's and the spec's own config
        from specmaid.pipeline.appearance import appearance_config

        config = deep_merge(appearance_config(appearance, kind.name), config)
    class_defs = dict(theme.classes) if theme else {}
    style = merged.get("config_style") or (theme.config_style if theme else None)
    files = tuple(theme.files if theme else ()) + tuple(p.path for p in parts[:-1] if p.path)
    return ResolvedSpec(
        kind=kind,
        spec=merged,
        config=config,
        class_defs=class_defs,
        config_style=style or project_style or "frontmatter",
        theme=theme,
        files=files,
    )


def _errors_of_the_valid_part(
    spec: Part, kind: DiagramKind, errors: list[SpecError], theme: Theme | None
) -> list[SpecError]:
    """The kind's own errors in what the schema errors leave valid, so that one run reports
    every error of a file (see :func:`specmaid.pipeline.validate.valid_part`)."""
    from specmaid.kinds.base import BuildInput
    from specmaid.pipeline.validate import original_path, valid_part

    found = valid_part(spec.data, _schema(kind.name), errors)
    if found is None:
        return []
    pruned, maps, removed = found
    config = deep_merge(theme.config if theme else {}, pruned.get("config") or {})
    class_defs = dict(theme.classes) if theme else {}
    report = Reporter()
    try:
        kind.build(BuildInput(pruned, class_defs, spec.source.name, config), report)
    except Exception:  # what is left is valid, but a kind may still trip on a gap: skip it
        return []
    shown = {e.path for e in errors}
    # A removed entry (a node whose value was a list, say) is missing, not unknown: the
    # kind's messages about it ("unknown node 'A'") would only echo the schema error.
    gone = {repr(str(p[-1])) for p in removed if p and isinstance(p[-1], str)}
    more = []
    for error in report.errors:
        path = original_path(error.path, maps)
        if path not in shown and not any(name in error.message for name in gone):
            more.append(replace(error, path=path, line=None, column=None))
    return locate_errors(spec.source, more)
