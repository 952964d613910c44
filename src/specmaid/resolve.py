"""Themes and config: a spec plus its theme become one plain document.

A theme is a YAML file (``themes/<name>.yaml`` in the project, or a built-in one shipped in
``specmaid/themes/``) holding Mermaid config and shared classDefs. A spec names one with
``theme:`` and may override any part with its own ``config:`` and ``classes:``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specmaid.errors import SpecError, SpecErrors, did_you_mean
from specmaid.kinds.base import CLASS_DEFS, CONFIG, CONFIG_STYLES, MERMAID_SECURE_KEYS
from specmaid.load import SourceText, load_yaml, locate_errors, read_source
from specmaid.validate import coerce, schema_errors

BUILTIN_THEMES_DIR = Path(__file__).parent / "themes"

THEME_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "specmaid theme",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "config": CONFIG,
        "classes": CLASS_DEFS,
        "config_style": {"enum": list(CONFIG_STYLES)},
    },
}


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path | None
    config: Mapping[str, Any] = field(default_factory=dict)
    classes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    config_style: str | None = None


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Mappings merge key by key; anything else in ``override`` replaces ``base``."""
    out = dict(base)
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = deep_merge(out[key], value)
        else:
            out[key] = value
    return out


def available_themes(themes_dir: Path | None) -> dict[str, Path]:
    """Theme name → file; project themes shadow built-in ones of the same name."""
    found: dict[str, Path] = {}
    for folder in (BUILTIN_THEMES_DIR, themes_dir):
        if folder is not None and folder.is_dir():
            for path in sorted(folder.glob("*.yaml")):
                found[path.stem] = path
    return found


def load_theme(name: str, themes_dir: Path | None, display_root: Path | None = None) -> Theme:
    themes = available_themes(themes_dir)
    path = themes.get(name)
    if path is None:
        raise KeyError(name)
    shown = str(path)
    if display_root is not None:
        try:
            shown = path.resolve().relative_to(display_root.resolve()).as_posix()
        except ValueError:
            pass
    source = read_source(path, shown)
    data = load_yaml(source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SpecErrors([SpecError("a theme must be a mapping", file=shown, line=1, column=1)])
    data = coerce(data, THEME_SCHEMA)
    specific = config_errors(data.get("config") or {}, ("config",))
    known = {e.path for e in specific}
    errors = [e for e in schema_errors(data, THEME_SCHEMA) if e.path not in known] + specific
    if errors:
        raise SpecErrors(locate_errors(source, errors))
    return Theme(
        name=name,
        path=path,
        config=data.get("config") or {},
        classes=data.get("classes") or {},
        config_style=data.get("config_style"),
    )


def config_errors(config: Mapping[str, Any], path: tuple[Any, ...]) -> list[SpecError]:
    """Config Mermaid would silently ignore: the legacy `graph:` key and the secure keys."""
    errors = []
    if "graph" in config:
        errors.append(
            SpecError(
                "Mermaid 11 ignores the legacy `graph:` key; write `flowchart:`",
                (*path, "graph"),
                at_key=True,
            )
        )
    for key in MERMAID_SECURE_KEYS:
        if key in config:
            errors.append(
                SpecError(
                    f"Mermaid drops `{key}` from diagram config; only mermaid.initialize() sets it",
                    (*path, key),
                    at_key=True,
                )
            )
    variables = config.get("themeVariables")
    if isinstance(variables, Mapping):
        for key, value in variables.items():
            if (
                isinstance(value, str)
                and _COLOUR_VARIABLE_RE.search(key)
                and not _SIZE_VARIABLE_RE.search(key)
                and not _HEX_RE.match(value)
            ):
                errors.append(
                    SpecError(
                        f"found {value!r}; Mermaid's theme engine reads only hex colours"
                        " in themeVariables (e.g. '#ff8800'); names such as 'red' are ignored",
                        (*path, "themeVariables", key),
                    )
                )
    return errors


_COLOUR_VARIABLE_RE = re.compile(
    r"(?i)colou?r|bkg|background|border|fill|stroke"
    r"|^(?:pie|git|gitInv|gitBranchLabel|cScale|cScalePeer|cScaleLabel|fillType|venn)\d+$"
)
_SIZE_VARIABLE_RE = re.compile(r"(?i)width|size|opacity|type\d*$")
_HEX_RE = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")


@dataclass(frozen=True)
class Resolved:
    """A spec with its theme applied: what the kind and the templates see."""

    spec: Mapping[str, Any]
    config: Mapping[str, Any]
    class_defs: Mapping[str, Mapping[str, Any]]
    config_style: str
    theme: Theme | None


def resolve_theme(
    spec: Mapping[str, Any],
    source: SourceText,
    themes_dir: Path | None,
    project_style: str | None,
    display_root: Path | None = None,
) -> Resolved:
    theme: Theme | None = None
    name = spec.get("theme")
    if name is not None:
        try:
            theme = load_theme(str(name), themes_dir, display_root)
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
    config = deep_merge(theme.config if theme else {}, spec.get("config") or {})
    class_defs = dict(theme.classes) if theme else {}
    style = spec.get("config_style") or (theme.config_style if theme else None)
    return Resolved(
        spec=spec,
        config=config,
        class_defs=class_defs,
        config_style=style or project_style or "frontmatter",
        theme=theme,
    )
