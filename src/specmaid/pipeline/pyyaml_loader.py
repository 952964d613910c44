"""The careful YAML loader: PyYAML (libyaml's C parser when present) with positions.

:mod:`specmaid.pipeline.load` reads most specs through rapidyaml and hands this module everything
unusual; this module owns every YAML error message, and re-reads a spec with marks when an
error or warning needs a line. It is imported only then: PyYAML's import costs more than
reading a small spec, so a run with no such spec never pays for it.
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from specmaid.errors import SpecError, SpecErrors, SpecPath
from specmaid.pipeline.source import MAX_EXPANDED_NODES, PLAIN_TYPED_RE, Plain, SourceText

_BaseLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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
    "tag:specmaid,2024:plain", PLAIN_TYPED_RE, list("tTfF-+0123456789.")
)
SpecLoader.add_constructor(
    "tag:specmaid,2024:plain", lambda loader, node: Plain(loader.construct_scalar(node))
)


def careful_load(source: SourceText) -> Any:
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
