"""What every diagram kind shares: the kind descriptor, the common spec keys and
reusable schema pieces (text, colours, styles; defined in :mod:`specmaid.kinds.schema_pieces`
and re-exported here), the style and class checks.

A kind is a folder, ``specmaid/kinds/<kind>/``: its ``__init__.py`` defines one
:class:`DiagramKind` named ``KIND`` (schema, model, checks, the Mermaid release that
introduced it and its newer features, the name of its importer), beside it ``diff.py`` (what
`specmaid diff` compares) and ``importer.py`` (when `specmaid import` reads the kind); its
template is ``templates/<template>``, and it is listed with one line in
:mod:`specmaid.kinds.registry`. The tables that list kinds (``specmaid.mermaid.features``, the
importers) are derived from the registry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.schema_pieces import (
    APPEARANCE,
    CLASS_DEFS,
    CLASS_NAME_RE,
    CLASS_REFS,
    COMMON_PROPERTIES,
    CONFIG,
    CONFIG_STYLES,
    MERMAID_CONFIG_KEYS,
    MERMAID_CONFIG_TYPES,
    MERMAID_SECURE_KEYS,
    NONEMPTY_TEXT,
    STYLE_PROPERTY_RE,
    STYLES,
    TEXT,
    VISIBLE_TEXT,
    Schema,
    styles_with_values,
)
from specmaid.mermaid.versions import Feature

# The schema pieces live in kinds/schema_pieces.py; kinds keep importing them from here.
__all__ = [
    "APPEARANCE",
    "CLASS_DEFS",
    "CLASS_NAME_RE",
    "CLASS_REFS",
    "COLOR_PROPERTIES",
    "COMMON_PROPERTIES",
    "CONFIG",
    "CONFIG_STYLES",
    "MERMAID_CONFIG_KEYS",
    "MERMAID_CONFIG_TYPES",
    "MERMAID_SECURE_KEYS",
    "NONEMPTY_TEXT",
    "STYLES",
    "STYLE_PROPERTY_RE",
    "TEXT",
    "VISIBLE_TEXT",
    "BuildInput",
    "DiagramKind",
    "FeatureUse",
    "Schema",
    "StyleGrammar",
    "as_list",
    "check_class_refs",
    "check_no_entities",
    "check_styles",
    "class_def_lines",
    "entries",
    "raw_text",
    "styles_with_values",
    "text",
]

#: A feature a spec asks for, and the spec path that asks (None steps are left out).
FeatureUse = tuple[Feature, tuple[Any, ...]]


def entries(value: Any) -> Iterator[tuple[Any, Any]]:
    """(key, item) of a mapping, (index, item) of a list, nothing of anything else: how a
    feature detector walks a spec that has not been validated yet."""
    if isinstance(value, Mapping):
        yield from value.items()
    elif isinstance(value, list):
        yield from enumerate(value)


def text(value: Any) -> str:
    """A TEXT value as the user wrote it (the loader keeps scalars as text)."""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


_PARENS_RE = re.compile(r"[()]")
_BAD_STYLE_CHARS_RE = re.compile(r"[;{}\n\r\"]")
COLOR_PROPERTIES = frozenset(
    {"fill", "stroke", "color", "background", "background-color", "border-color"}
)
_HEX_COLOR_RE = re.compile(r"^#(?:[0-9a-fA-F]{3,4}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$")
_NAMED_COLOR_RE = re.compile(r"^[a-zA-Z]+$")


@dataclass(frozen=True)
class StyleGrammar:
    """What a kind's style statements read beyond the common rules (ER and requirement
    diagrams lex a style value with a narrower rule: no '.', no '%')."""

    value_pattern: str  # a JSON Schema / Python regex every value must match
    allowed: str  # said in the error: which characters a value may hold
    #: Class diagrams read `style A stroke-width:2px` as an error but `style A
    #: fill:#f00,stroke-width:2px` fine: the first property's name cannot hold a '-'.
    first_property_plain: bool = False

    def schema(self) -> Schema:
        return styles_with_values(self.value_pattern, f"a style value of {self.allowed}")

    def ordered(self, styles: Mapping[str, Any]) -> Mapping[str, Any]:
        """The same properties, one without '-' first where the grammar needs it (CSS
        properties of one statement do not depend on their order)."""
        if not self.first_property_plain:
            return styles
        plain = [key for key in styles if "-" not in key]
        if not plain or plain[0] == next(iter(styles)):
            return styles
        return {plain[0]: styles[plain[0]], **{k: v for k, v in styles.items() if k != plain[0]}}


def check_styles(
    styles: Mapping[str, Any],
    path: tuple[Any, ...],
    report: Reporter,
    grammar: StyleGrammar | None = None,
) -> None:
    """Style values Mermaid's style grammar can read: no parentheses, no ';', hex colours."""
    if (
        grammar is not None
        and grammar.first_property_plain
        and styles
        and all("-" in key for key in styles)
    ):
        report.error(
            path,
            f"found only properties with '-' ({', '.join(styles)}); Mermaid's class diagrams"
            " cannot read a style whose first property has a '-': add one without, e.g."
            " 'stroke' or 'fill'",
        )
    for prop, raw in styles.items():
        value = text(raw)
        where = (*path, prop)
        if grammar is not None and not re.match(grammar.value_pattern, value):
            report.error(
                where,
                f"found {value!r}; this diagram's style values may hold only {grammar.allowed}"
                " (Mermaid's grammar for it reads no '.' or '%'; e.g. '2px', not '1.5px')",
            )
        elif _PARENS_RE.search(value):
            report.error(
                where,
                f"found {value!r}; Mermaid style values cannot contain parentheses"
                " (write colours as hex, e.g. '#ff8800')",
            )
        elif _BAD_STYLE_CHARS_RE.search(value):
            report.error(
                where, f'found {value!r}; style values cannot contain ; {{ }} " or line breaks'
            )
        elif prop in COLOR_PROPERTIES and value.startswith("#") and not _HEX_COLOR_RE.match(value):
            report.error(
                where,
                f"found {value!r}; expected a hex colour with 3, 4, 6 or 8 digits, e.g. '#f9f'",
            )
        elif prop in COLOR_PROPERTIES and not (
            value.startswith("#") or _NAMED_COLOR_RE.match(value)
        ):
            report.error(where, f"found {value!r}; expected a hex colour such as '#f9f'")


_ENTITY_LIKE_RE = re.compile(r"#\w+;")


def check_no_entities(value: str, path: tuple[Any, ...], report: Reporter, what: str) -> None:
    """Refuse `#word;` where a kind draws text without decoding Mermaid's entity pass.

    Mermaid rewrites `#42;` into private placeholder characters in every diagram; most kinds
    turn them back when drawing, some (pie, xychart, …) show the placeholders. There is no
    escape for those, so the spec is refused instead of drawing garbage.
    """
    match = _ENTITY_LIKE_RE.search(value)
    if match:
        report.error(
            path,
            f"found {match.group(0)!r}; Mermaid's {what} shows '#' + word + ';' as other"
            " characters (its entity pass) and has no escape for it; add a space after '#'",
        )


def raw_text(
    value: Any,
    path: tuple[Any, ...],
    report: Reporter,
    what: str,
    *,
    forbidden: str = "",
    keywords: tuple[str, ...] = (),
) -> str:
    """Text for kinds that draw it as-is (no entity decoding, so no escapes exist).

    The text is written unchanged when it is safe; otherwise the spec gets an error naming
    the character. Line breaks become spaces (YAML folded text reads naturally).
    """
    value = " ".join(text(value).replace("\r", "\n").split("\n")).strip()
    check_no_entities(value, path, report, what)
    if "%%" in value:
        report.error(path, f"found '%%'; Mermaid reads it as a comment or directive in {what} text")
    bad = sorted({ch for ch in value if ch in forbidden})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        report.error(path, f"found {shown}; Mermaid's {what} has no escape for it here")
    first = value.split(" ", 1)[0].lower()
    if keywords and first in keywords:
        report.error(
            path,
            f"{what} text cannot start with the word {first!r}: Mermaid reads it as a statement",
        )
    return value


def class_def_lines(
    class_defs: Mapping[str, Mapping[str, Any]],
    own: Mapping[str, Any],
    used: Iterable[str],
    report: Reporter,
    path_key: str = "classes",
    grammar: StyleGrammar | None = None,
) -> list[tuple[str, str]]:
    """``(name, styles)`` of the classDefs a diagram writes, styles checked.

    The spec's own classes are always written; a theme's only where the diagram uses them
    (or for ``default``, which applies to everything), so a shared theme does not add
    classDefs to every diagram.
    """
    from specmaid.pipeline.escape import style_list

    used = set(used)
    lines = []
    for name, styles in class_defs.items():
        if name in own or name in used or name == "default":
            check_styles(styles, (path_key, name), report, grammar)
            lines.append((name, style_list(grammar.ordered(styles) if grammar else styles)))
    return lines


def check_class_refs(
    refs: list[str], known: Mapping[str, Any], path: tuple[Any, ...], report: Reporter
) -> None:
    for i, name in enumerate(refs):
        if name not in known and name != "default":
            where = (*path, i) if len(refs) > 1 else path
            report.error(
                where,
                f"unknown class {name!r}; define it under `classes:` or in the theme."
                + did_you_mean(name, known),
            )


@dataclass(frozen=True)
class BuildInput:
    """What a kind's model builder gets: the validated spec and the resolved theme parts."""

    spec: Mapping[str, Any]
    class_defs: Mapping[str, Mapping[str, Any]]
    source_name: str
    config: Mapping[str, Any] = field(default_factory=dict)  # the effective Mermaid config


@dataclass(frozen=True)
class DiagramKind:
    """One diagram kind: its spec schema, its template and the function building its model."""

    name: str  # the value of `diagram:`
    description: str
    properties: Schema  # JSON Schema properties beyond COMMON_PROPERTIES
    build: Callable[[BuildInput, Reporter], Any]
    template: str  # file name under templates/
    #: The Mermaid release that introduced the kind (its "diagram kind" row in
    #: `specmaid features`), and what to say beside it.
    since: str
    since_note: str = ""
    required: tuple[str, ...] = ()
    defs: Schema = field(default_factory=dict)  # JSON Schema $defs used by `properties`
    uses_class_defs: bool = False  # whether theme `classes:` apply to this kind
    mermaid_types: tuple[str, ...] = ()  # diagramType values Mermaid's parse reports
    #: Mermaid config a spec key stands for (gantt's `compact`); the spec's own `config:`
    #: and the theme's win over it.
    spec_config: Callable[[Mapping[str, Any]], dict[str, Any]] | None = None
    #: Features of this kind newer than the kind itself (rows of `specmaid features`), and
    #: the function finding which of them (of any kind) a spec asks for, with the spec path
    #: that asks (a path may hold None: that step is left out).
    features: tuple[Feature, ...] = ()
    detect_features: Callable[[Mapping[str, Any]], Iterator[FeatureUse]] | None = None
    #: The function turning Mermaid's parse of a diagram of this kind (any of its
    #: ``mermaid_types``) back into a spec, as "module:function" (imported only by
    #: `specmaid import` and `adopt`); None when import does not read this kind.
    importer: str | None = None
    #: What a spec's ``view: {model: path, ...}`` selects from the model file (already
    #: read and parsed by the resolve stage, shown as the given path): the selected part,
    #: merged beneath the spec like an include; errors go to the reporter at their
    #: ``view`` path. None when the kind has no views (its schema then has no ``view:``).
    select_view: (
        Callable[[Mapping[str, Any], Mapping[str, Any], str, Reporter], dict[str, Any]] | None
    ) = None

    def schema(self) -> Schema:
        """The full JSON Schema of a spec of this kind."""
        properties = dict(COMMON_PROPERTIES)
        properties["diagram"] = {"const": self.name, "description": self.description}
        properties.update(self.properties)
        schema: Schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"specmaid {self.name} spec",
            "type": "object",
            "required": ["diagram", *self.required],
            "additionalProperties": False,
            "properties": properties,
        }
        if self.defs:
            schema["$defs"] = self.defs
        return schema
