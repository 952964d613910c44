"""Themes: a spec's look (Mermaid config and classDefs) from a theme file, following
``extends:`` with a deep merge and refusing cycles; and the checks of Mermaid config that
apply wherever config is written (theme, spec, fragment).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from specmaid.errors import Reporter, SpecError, SpecErrors, did_you_mean
from specmaid.kinds.base import (
    APPEARANCE,
    CLASS_DEFS,
    CONFIG,
    CONFIG_STYLES,
    MERMAID_SECURE_KEYS,
    STYLES,
    check_styles,
)
from specmaid.pipeline.coerce import coerce
from specmaid.pipeline.load import load_yaml
from specmaid.pipeline.locate import locate_errors
from specmaid.pipeline.source import read_source
from specmaid.pipeline.validate import schema_errors
from specmaid.pipeline.variables import VARS_SCHEMA, substitute

BUILTIN_THEMES_DIR = Path(__file__).parents[1] / "themes"


THEME_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "specmaid theme",
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "description": {"type": "string"},
        "extends": {"type": "string", "description": "a theme this one builds on"},
        "dark": {"type": "string", "description": "the theme of this one's dark variant"},
        "vars": VARS_SCHEMA,
        "config": CONFIG,
        "classes": CLASS_DEFS,
        "config_style": {"enum": list(CONFIG_STYLES)},
        "appearance": APPEARANCE,
        "diff": {
            "type": "object",
            "additionalProperties": False,
            "description": "how `specmaid diff --format markdown` marks added, changed and"
            " removed elements (CSS properties; defaults suit light and dark themes)",
            "properties": {"added": STYLES, "changed": STYLES, "removed": STYLES},
        },
    },
}


@dataclass(frozen=True)
class Theme:
    name: str
    path: Path | None
    config: Mapping[str, Any] = field(default_factory=dict)
    classes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    config_style: str | None = None
    appearance: str | None = None  # `classic`: Mermaid 11's look under 12 (pipeline.appearance)
    vars: Mapping[str, Any] = field(default_factory=dict)
    dark: str | None = None
    files: tuple[Path, ...] = ()  # every theme file read (for caches and watchers)
    diff: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # `specmaid diff` marks


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


def display_path(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            pass
    return str(path)


def load_theme(
    name: str,
    themes_dir: Path | None,
    display_root: Path | None = None,
    _chain: tuple[str, ...] = (),
) -> Theme:
    """Load a theme and the themes it extends; raises KeyError for an unknown name."""
    themes = available_themes(themes_dir)
    path = themes.get(name)
    if path is None:
        raise KeyError(name)
    shown = display_path(path, display_root)
    source = read_source(path, shown)
    data = load_yaml(source)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SpecErrors([SpecError("a theme must be a mapping", file=shown, line=1, column=1)])
    base = Theme(name="", path=None)
    parent = data.get("extends")
    if isinstance(parent, str):
        chain = (*_chain, name)
        if parent in chain:
            cycle = " → ".join((*chain, parent))
            raise SpecErrors(
                locate_errors(
                    source,
                    [SpecError(f"themes extend each other in a cycle: {cycle}", ("extends",))],
                )
            )
        try:
            base = load_theme(parent, themes_dir, display_root, chain)
        except KeyError:
            names = sorted(themes)
            raise SpecErrors(
                locate_errors(
                    source,
                    [
                        SpecError(
                            f"unknown theme {parent!r}; available: {', '.join(names)}."
                            + did_you_mean(parent, names),
                            ("extends",),
                        )
                    ],
                )
            ) from None
    # A theme's text may use its own variables and those of the themes it extends.
    variables = dict(base.vars)
    if isinstance(data.get("vars"), dict):
        variables.update(data["vars"])
    var_errors: list[SpecError] = []
    data = substitute(data, variables, (), var_errors)
    data = coerce(data, THEME_SCHEMA)
    specific = config_errors(data.get("config") or {}, ("config",))
    known = {e.path for e in specific}
    errors = [e for e in schema_errors(data, THEME_SCHEMA) if e.path not in known]
    errors += specific + var_errors
    if isinstance(data.get("diff"), dict):  # (the marks of `specmaid diff`: Mermaid styles)
        marks = Reporter()
        for op, styles in data["diff"].items():
            if isinstance(styles, dict):
                check_styles(styles, ("diff", op), marks)
        errors += marks.errors
    if errors:
        raise SpecErrors(locate_errors(source, errors))
    return Theme(
        name=name,
        path=path,
        config=deep_merge(base.config, data.get("config") or {}),
        classes={**base.classes, **(data.get("classes") or {})},
        config_style=data.get("config_style") or base.config_style,
        appearance=data.get("appearance") or base.appearance,
        vars=variables,
        dark=data.get("dark") or base.dark,
        files=(*base.files, path),
        diff=deep_merge(base.diff, data.get("diff") or {}),
    )


def config_errors(config: Mapping[str, Any], path: tuple[Any, ...]) -> list[SpecError]:
    """Config Mermaid would silently ignore: the legacy `graph:` key, the secure keys and
    colour names in themeVariables."""
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
