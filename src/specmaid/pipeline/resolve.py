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

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

from specmaid.errors import Reporter, SpecError, SpecErrors, SpecPath, did_you_mean
from specmaid.kinds.base import (
    CLASS_DEFS,
    CONFIG,
    CONFIG_STYLES,
    MERMAID_SECURE_KEYS,
    STYLES,
    DiagramKind,
    check_styles,
)
from specmaid.kinds.registry import get_kind, kind_names
from specmaid.paths import is_inside
from specmaid.pipeline.coerce import coerce
from specmaid.pipeline.load import load_yaml
from specmaid.pipeline.locate import locate_errors
from specmaid.pipeline.source import SourceText, read_source
from specmaid.pipeline.validate import schema_errors

BUILTIN_THEMES_DIR = Path(__file__).parents[1] / "themes"

VARS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "variables: name → value, used as ${name} in any text",
    "propertyNames": {"pattern": r"^[A-Za-z_][A-Za-z0-9_.-]*$"},
    "additionalProperties": {"type": ["string", "number", "boolean"]},
}

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


def _display(path: Path, root: Path | None) -> str:
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
    shown = _display(path, display_root)
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


# ------------------------------------------------------------------------ variables

_VAR_RE = re.compile(r"\$\$\{|\$\{([^}]*)\}")
_VAR_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def substitute(
    value: Any, variables: Mapping[str, Any], path: SpecPath, errors: list[SpecError]
) -> Any:
    """Replace ``${name}`` in every text value; ``$${`` is a literal ``${``.

    A text that is exactly ``${name}`` takes the variable's value as it is (so a number
    stays a number); otherwise the value is spliced into the text.
    """
    if isinstance(value, dict):
        return {k: substitute(v, variables, (*path, k), errors) for k, v in value.items()}
    if isinstance(value, list):
        return [substitute(v, variables, (*path, i), errors) for i, v in enumerate(value)]
    if not isinstance(value, str) or "${" not in value:
        return value
    whole = re.fullmatch(r"\$\{([^}]*)\}", value)
    if whole and whole.group(1).strip() in variables:
        return variables[whole.group(1).strip()]

    def replace(match: re.Match[str]) -> str:
        if match.group(0) == "$${":
            return "${"
        name = match.group(1).strip()
        if not _VAR_NAME_RE.match(name):
            errors.append(
                SpecError(
                    f"${{{name}}} is not a variable reference; write $${{ for a literal ${{", path
                )
            )
            return match.group(0)
        if name not in variables:
            errors.append(
                SpecError(
                    f"unknown variable {name!r}; define it under `vars:` (in the spec, a fragment"
                    " or the theme)." + did_you_mean(name, variables),
                    path,
                )
            )
            return match.group(0)
        found = variables[name]
        if found is True or found is False:
            return "true" if found else "false"
        return str(found)

    return _VAR_RE.sub(replace, value)


# ------------------------------------------------------------------------- includes

#: Keys a fragment may hold (besides `vars` and `include`): the parts a spec can share.
MERGEABLE_LISTS = ("edges", "edge_styles")


@dataclass
class Part:
    """One file that contributes to a spec: the spec itself or a fragment it includes."""

    source: SourceText
    path: Path | None
    data: dict[str, Any]


def _resolve_include(
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
                [SpecError(f"include {ref!r} not found (looked for {_display(target, root)})", at)],
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
            target = _resolve_include(ref, part.path, root, part.source, at)
            shown = _display(target, root)
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
        if k not in ("diagram", "title", "theme", "config_style", "template")
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


# -------------------------------------------------------------------------- views


def apply_view(spec: Part, root: Path, kind: DiagramKind) -> tuple[Part | None, list[SpecError]]:
    """A flowchart `view:` selects nodes and edges from a shared model file.

    ``view: {model: path, tags: [...], subgraph: id, around: {node: id, depth: n}}``: the
    selections combine (a node must pass all given); edges between kept nodes are kept, and
    subgraphs keep only kept nodes (empty ones disappear).
    """
    view = spec.data.get("view")
    if not isinstance(view, dict):
        return None, []
    model_ref = view.get("model")
    if not isinstance(model_ref, str):
        return None, []
    target = _resolve_include(model_ref, spec.path, root, spec.source, ("view", "model"))
    shown = _display(target, root)
    source = read_source(target, shown)
    data = load_yaml(source) or {}
    if not isinstance(data, dict):
        raise SpecErrors([SpecError("a model must be a mapping", file=shown, line=1, column=1)])
    errors: list[SpecError] = []
    nodes: dict[str, Any] = dict(data.get("nodes") or {})
    edges: list[Any] = list(data.get("edges") or [])
    subgraphs: dict[str, Any] = dict(data.get("subgraphs") or {})

    def ends(edge: Any, key: str) -> list[str]:
        value = edge.get(key) if isinstance(edge, dict) else None
        return (
            [str(v) for v in (value if isinstance(value, list) else [value])]
            if value is not None
            else []
        )

    keep = set(nodes)
    tags = view.get("tags")
    if tags:
        wanted = {str(t) for t in (tags if isinstance(tags, list) else [tags])}
        keep &= {
            n
            for n, spec_node in nodes.items()
            if isinstance(spec_node, dict)
            and wanted & {str(t) for t in spec_node.get("tags") or []}
        }
    sub_id = view.get("subgraph")
    if sub_id is not None:
        found = _find_subgraph(subgraphs, str(sub_id))
        if found is None:
            errors.extend(
                locate_errors(
                    spec.source,
                    [
                        SpecError(
                            f"no subgraph {sub_id!r} in {shown}."
                            + did_you_mean(str(sub_id), _all_subgraph_ids(subgraphs)),
                            ("view", "subgraph"),
                        )
                    ],
                )
            )
        else:
            keep &= _members(found)
    around = view.get("around")
    if isinstance(around, dict) and around.get("node") is not None:
        centre = str(around["node"])
        depth = int(around.get("depth", 1))
        if centre not in nodes:
            errors.extend(
                locate_errors(
                    spec.source,
                    [
                        SpecError(
                            f"no node {centre!r} in {shown}." + did_you_mean(centre, nodes),
                            ("view", "around", "node"),
                        )
                    ],
                )
            )
        else:
            near = {centre}
            frontier = {centre}
            for _ in range(depth):
                nxt = set()
                for edge in edges:
                    a, b = ends(edge, "from"), ends(edge, "to")
                    if frontier & set(a):
                        nxt |= set(b)
                    if frontier & set(b):
                        nxt |= set(a)
                frontier = nxt - near
                near |= nxt
            keep &= near
    kept_edges = []
    for edge in edges:
        a = [n for n in ends(edge, "from") if n in keep]
        b = [n for n in ends(edge, "to") if n in keep]
        if a and b:
            trimmed = dict(edge)
            trimmed["from"] = a if isinstance(edge.get("from"), list) else a[0]
            trimmed["to"] = b if isinstance(edge.get("to"), list) else b[0]
            kept_edges.append(trimmed)
    selected = {
        "nodes": {n: v for n, v in nodes.items() if n in keep},
        "edges": kept_edges,
        "subgraphs": _prune_subgraphs(subgraphs, keep),
    }
    if data.get("classes"):
        selected["classes"] = data["classes"]
    selected = {k: v for k, v in selected.items() if v}
    return Part(source, target, selected), errors


def _find_subgraph(subs: Mapping[str, Any], wanted: str) -> Mapping[str, Any] | None:
    for sub_id, sub in subs.items():
        sub = sub or {}
        if sub_id == wanted:
            return sub
        found = _find_subgraph(sub.get("subgraphs") or {}, wanted)
        if found is not None:
            return found
    return None


def _all_subgraph_ids(subs: Mapping[str, Any]) -> list[str]:
    out = []
    for sub_id, sub in subs.items():
        out.append(sub_id)
        out.extend(_all_subgraph_ids((sub or {}).get("subgraphs") or {}))
    return out


def _members(sub: Mapping[str, Any]) -> set[str]:
    found = {str(n) for n in sub.get("nodes") or []}
    for child in (sub.get("subgraphs") or {}).values():
        found |= _members(child or {})
    return found


def _prune_subgraphs(subs: Mapping[str, Any], keep: set[str]) -> dict[str, Any]:
    out = {}
    for sub_id, sub in subs.items():
        sub = dict(sub or {})
        sub["nodes"] = [n for n in sub.get("nodes") or [] if str(n) in keep]
        children = _prune_subgraphs(sub.get("subgraphs") or {}, keep)
        if children:
            sub["subgraphs"] = children
        else:
            sub.pop("subgraphs", None)
        if sub["nodes"] or children:
            out[sub_id] = sub
    return out


# ------------------------------------------------------------------------ the stage


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
    from specmaid.errors import Reporter
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
