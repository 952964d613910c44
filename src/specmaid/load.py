"""Reading YAML safely: fast on the happy path, with positions when something is wrong.

* Only safe loading (libyaml's C loader when present); no Python objects are ever built.
* Plain scalars stay the text the user wrote: ``no``, ``on``, ``1e3``, ``0o12`` and
  ``2024-01-01`` are strings here. Numbers and booleans are made later, only where the
  schema asks for one (see :mod:`specmaid.validate`), so an id or label is never mangled.
* Duplicate keys are errors (PyYAML would silently keep the last one).
* Positions cost nothing on the happy path: :func:`locate` re-reads the text with marks
  only when an error has to be reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from specmaid.errors import SpecError, SpecErrors, SpecPath
from specmaid.textfile import decode_text

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Larger files are refused before parsing: specs are hand-written text.
MAX_SPEC_BYTES = 32 * 1024 * 1024
#: A document may expand (through aliases) to at most this many values.
MAX_EXPANDED_NODES = 2_000_000


class Plain(str):
    """A plain (unquoted) scalar that YAML 1.2 would read as a number or boolean.

    It stays text wherever the schema wants text (ids, labels); free-form places such as
    Mermaid ``config:`` read it as YAML 1.2 would (see :func:`specmaid.validate.coerce`).
    """

    __slots__ = ()


_PLAIN_TYPED_RE = re.compile(
    r"""^(?:true|True|TRUE|false|False|FALSE
    |[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+
    |[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?
    |[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$""",
    re.X,
)


class SpecLoader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader whose plain scalars are strings (only ``~``/``null``/empty are null)."""

    duplicate_keys: list[SpecError]

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, f"expected a mapping, found {node.id}", node.start_mark
            )
        self.flatten_mapping(node)
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    "a mapping key must be plain text, not a list or mapping",
                    key_node.start_mark,
                )
            # Keys are ids or names: always the text as written, never null/bool/number.
            key = key_node.value
            if key in mapping:
                mark = key_node.start_mark
                self.duplicate_keys.append(
                    SpecError(
                        f"duplicate key {key!r}: each key may appear once in a mapping"
                        " (YAML would silently keep only the last one)",
                        line=mark.line + 1,
                        column=mark.column + 1,
                    )
                )
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


# Only null and the merge key ("<<") are resolved implicitly; everything else is text
# (numbers and booleans are marked as Plain text, typed later only where wanted).
SpecLoader.yaml_implicit_resolvers = {}
SpecLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
SpecLoader.add_implicit_resolver("tag:yaml.org,2002:merge", re.compile(r"^(?:<<)$"), ["<"])
SpecLoader.add_implicit_resolver(
    "tag:specmaid,2024:plain", _PLAIN_TYPED_RE, list("tTfF-+0123456789.")
)
SpecLoader.add_constructor(
    "tag:specmaid,2024:plain", lambda loader, node: Plain(loader.construct_scalar(node))
)


@dataclass(frozen=True)
class SourceText:
    """A spec file's text plus the name used in messages."""

    name: str
    text: str


def read_source(path: Path, display_name: str | None = None) -> SourceText:
    """Read a file as UTF-8 text, refusing binary, oversize and non-UTF-8 files clearly."""
    name = display_name or str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise SpecErrors([SpecError("file not found", file=name)]) from None
    except OSError as exc:
        raise SpecErrors([SpecError(f"cannot read file: {exc.strerror}", file=name)]) from None
    if size > MAX_SPEC_BYTES:
        raise SpecErrors(
            [SpecError(f"file is {size} bytes; specs may be at most {MAX_SPEC_BYTES}", file=name)]
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SpecErrors([SpecError(f"cannot read file: {exc.strerror}", file=name)]) from None
    return SourceText(name, decode_text(data, name))


def load_yaml(source: SourceText) -> Any:
    """Parse one YAML document into plain dicts, lists, strings and None."""
    if not source.text.strip():
        raise SpecErrors(
            [SpecError("file is empty; a spec needs at least `diagram:`", file=source.name)]
        )
    loader = SpecLoader(source.text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SpecErrors(
                [SpecError("file has no YAML document; a spec needs `diagram:`", file=source.name)]
            )
        # Anchors and aliases are shared, so a small file can describe an exponential tree
        # ("billion laughs"). Count what it expands to before anything walks it.
        if "&" in source.text and "*" in source.text:
            _check_expansion(node, source.name)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        raise SpecErrors([_yaml_error(exc, source)]) from None
    except RecursionError:
        raise SpecErrors([SpecError("YAML is nested too deeply", file=source.name)]) from None
    finally:
        loader.dispose()
    if loader.duplicate_keys:
        raise SpecErrors([e.located(source.name, e.line, e.column) for e in loader.duplicate_keys])
    return data


def _check_expansion(root: yaml.Node, name: str) -> None:
    sizes: dict[int, int] = {}

    def size(node: yaml.Node) -> int:
        known = sizes.get(id(node))
        if known is not None:
            return known
        sizes[id(node)] = 1  # guards against recursive aliases
        total = 1
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                total += size(k) + size(v)
        elif isinstance(node, yaml.SequenceNode):
            for item in node.value:
                total += size(item)
        sizes[id(node)] = total
        return total

    if size(root) > MAX_EXPANDED_NODES:
        raise SpecErrors(
            [
                SpecError(
                    "YAML aliases expand to more than "
                    f"{MAX_EXPANDED_NODES} values (an 'alias bomb'); refusing to read it",
                    file=name,
                )
            ]
        )


def _yaml_error(exc: yaml.YAMLError, source: SourceText) -> SpecError:
    name = source.name
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    line_text = ""
    if mark is not None:
        lines = source.text.split("\n")
        line_text = lines[mark.line] if mark.line < len(lines) else ""
    indent = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if "\t" in indent or "'\\t'" in str(problem):
        message = "tab character in indentation; YAML indents with spaces only"
    else:
        message = f"invalid YAML: {problem}"
        if context:
            message += f" ({context})"
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    return SpecError(message, file=name, line=line, column=column)


def compose_with_marks(text: str) -> yaml.Node | None:
    """The node tree of ``text`` with positions (only parsed when an error is reported)."""
    loader = SpecLoader(text)
    try:
        return loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()


def locate(
    text: str, path: SpecPath, *, key: bool = False, root: yaml.Node | None = None
) -> tuple[int, int] | None:
    """Line and column (1-based) of the value at ``path``, or of its key when ``key``.

    When the path goes past what exists (a missing key), the deepest existing node is used.
    """
    node = root if root is not None else compose_with_marks(text)
    if node is None:
        return None
    mark = node.start_mark
    for part in path:
        found = None
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if isinstance(k, yaml.ScalarNode) and k.value == str(part):
                    found = (k, v)
            if found is None:
                break
            key_node, node = found
            mark = key_node.start_mark if key and part == path[-1] else node.start_mark
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                break
            node = node.value[part]
            mark = node.start_mark
        else:
            break
    return mark.line + 1, mark.column + 1


def locate_errors(source: SourceText, errors: list[SpecError]) -> list[SpecError]:
    """Fill in file, line and column of errors that only know their spec path."""
    out = []
    root: yaml.Node | None = None
    if any(err.line is None for err in errors):
        root = compose_with_marks(source.text)  # one parse for all of this file's errors
    for err in errors:
        if err.line is None:
            pos = locate(source.text, err.path, key=err.at_key, root=root) if root else None
            line, column = pos if pos else (None, None)
            err = err.located(source.name, line, column)
        elif err.file is None:
            err = err.located(source.name, err.line, err.column)
        out.append(err)
    return out
