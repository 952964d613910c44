"""Reading YAML safely: fast on the happy path, with positions when something is wrong.

* Only safe loading (libyaml's C loader when present); no Python objects are ever built.
* Plain scalars stay the text the user wrote: ``no``, ``on``, ``1e3``, ``0o12`` and
  ``2024-01-01`` are strings here. Numbers and booleans are made later, only where the
  schema asks for one (see :mod:`specmaid.pipeline.validate`), so an id or label is never mangled.
* Duplicate keys are errors (PyYAML would silently keep the last one).
* Positions cost nothing on the happy path:
  :func:`specmaid.pipeline.pyyaml_loader.locate` re-reads the text with marks only when an
  error has to be reported, and PyYAML itself is imported only then, or for a spec the fast
  path leaves to it (see :mod:`specmaid.pipeline.pyyaml_loader`).
"""

from __future__ import annotations

import os
import re
import sys
from typing import Any

from specmaid.errors import SpecError, SpecErrors
from specmaid.pipeline.source import PLAIN_TYPED_RE, Plain, SourceText

try:  # rapidyaml: the fast path (see fast_load); without it every spec takes libyaml's path
    import ryml as _ryml
except ImportError:  # pragma: no cover - a platform without a rapidyaml wheel
    _ryml = None


def load_yaml(source: SourceText) -> Any:
    """Parse one YAML document into plain dicts, lists, strings and None."""
    if not source.text.strip():
        raise SpecErrors(
            [SpecError("file is empty; a spec needs at least `diagram:`", file=source.name)]
        )
    if source.text.lstrip(" \n\r")[:1] in ("{", "["):
        data = json_load(source)
        if data is not NOT_HANDLED:
            return data
    fast = fast_load(source.text)
    if fast is not NOT_HANDLED:
        return fast
    from specmaid.pipeline.pyyaml_loader import careful_load

    data = careful_load(source)
    if isinstance(data, (dict, list)):
        check_nesting(data, source.name)
    return data


#: What :func:`fast_load` returns for a document it leaves to the careful loader.
NOT_HANDLED: Any = object()

# Text the fast path leaves to libyaml: merge keys (rapidyaml reads `<<` as a plain key),
# tabs (libyaml's exact rules and messages), a BOM, directives, document end markers and
# malformed block scalar headers (rapidyaml is more lenient there; tests/test_load.py fuzzes
# both parsers against each other). Tags, anchors, aliases (alias bombs)
# and several documents are refused node by node (see _build_fast).
_FAST_PATH_REFUSES_RE = re.compile(
    r"""[\t\ufeff]|<<
    |^%|^\.\.\.                                   # directives, document end markers
    |(?:^|[-:][ ])[ ]*\?(?:[ ]|$)|[\[{,][ ]*\?         # explicit `? key` entries
    |(?:^|[:?-][ ])[ ]*[|>](?![1-9+-]{0,2}[ ]*(?:\#.*)?$)  # a block scalar header with more
    """,
    re.M | re.X,
)
# Every branch above needs one of these; most specs have none, and this scan is 10x faster.
_FAST_PATH_MAYBE_REFUSES_RE = re.compile(r"[\t\ufeff<%?|>]|\.\.\.")
_NULL_WORDS = frozenset(("~", "null", "Null", "NULL", ""))


def fast_load(text: str) -> Any:
    """The same data as the careful loader, through rapidyaml, or :data:`NOT_HANDLED`.

    Why: libyaml through PyYAML builds a Python node (with marks) for every scalar before
    anything is constructed: 0.75 s for a 30,000-item spec, more than everything else
    specmaid does with it. rapidyaml parses the same text in 0.03 s and tells each scalar's
    style, so plain scalars get exactly the careful loader's typing (text, ``Plain``, or null
    for ``~``/``null``/empty). Anything unusual (see ``_FAST_PATH_REFUSES_RE``), a parse error
    or a duplicate key goes to the careful loader, which also owns every error message, so the
    two paths give the same data (tests/test_load.py compares them) and the same errors.
    """
    # (Without a final newline, rapidyaml keeps a block scalar's last line break at the end
    # of the file and libyaml does not.)
    if _ryml is None or not text.endswith("\n"):
        return NOT_HANDLED
    if _FAST_PATH_MAYBE_REFUSES_RE.search(text) and _FAST_PATH_REFUSES_RE.search(text):
        return NOT_HANDLED
    data = text.encode("utf-8")
    try:
        with _quiet_stderr():
            tree = _ryml.parse_in_arena(data)
    except Exception:  # rapidyaml's parse errors: the careful loader reports them
        return NOT_HANDLED
    try:
        return _build_fast(tree)
    except (_Unhandled, RecursionError):  # (too deep: the careful loader says so)
        return NOT_HANDLED


class _Unhandled(Exception):
    pass


#: How deeply mappings and lists may nest in a spec (a deep mind map needs 2 levels a node).
MAX_NESTING = 200


def json_load(source: SourceText) -> Any:
    """A JSON document read exactly as :func:`json.loads` reads it, or :data:`NOT_HANDLED`.

    Why: specs written by programs are JSON (valid YAML, but YAML is not JSON's superset in
    the details): ``json.dumps`` writes an emoji as the surrogate pair ``"\\ud83d\\ude42"``,
    which YAML forbids, and leaves U+2028, U+0085 and U+FFFF raw, which YAML 1.1 reads as line
    breaks or refuses. The data has the loaders' shape: numbers and booleans are
    :class:`Plain` text as written, duplicate keys and ``NaN`` go to the YAML loaders (which
    report them), and a lone surrogate (no character at all) is a located error.
    """
    import json

    text = source.text
    try:
        data = json.loads(
            text,
            object_pairs_hook=_json_object,
            parse_int=Plain,
            parse_float=Plain,
            parse_constant=_json_constant,
        )
    except (ValueError, _Unhandled, RecursionError):
        return NOT_HANDLED  # not JSON (or NaN, a duplicate key, too deep): YAML's to read
    if not isinstance(data, (dict, list)):
        return NOT_HANDLED
    if "\\u" in text:
        _refuse_lone_surrogates(source)
    _json_booleans(data)
    check_nesting(data, source.name)
    return data


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Unhandled  # the careful loader names the duplicate key with its line
    return mapping


def _json_constant(word: str) -> Any:
    raise _Unhandled  # NaN, Infinity: not JSON; YAML reads them as text


_PLAIN_TRUE, _PLAIN_FALSE = Plain("true"), Plain("false")


def _json_booleans(data: Any) -> None:
    """JSON's true and false as the YAML loaders give them (Plain text)."""
    stack = [data]
    while stack:
        node = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if value is True:
                node[key] = _PLAIN_TRUE
            elif value is False:
                node[key] = _PLAIN_FALSE
            elif isinstance(value, (dict, list)):
                stack.append(value)


def check_nesting(data: Any, name: str) -> None:
    """Refuse mappings and lists nested deeper than :data:`MAX_NESTING` (what checking and
    drawing them can walk), before anything walks them."""
    level = [data]
    depth = 1
    while level:
        if depth > MAX_NESTING:
            raise SpecErrors(
                [
                    SpecError(
                        f"the spec nests mappings and lists more than {MAX_NESTING} levels"
                        " deep; specmaid reads at most that many",
                        file=name,
                    )
                ]
            )
        deeper = []
        for node in level:
            for value in node.values() if isinstance(node, dict) else node:
                if isinstance(value, (dict, list)):
                    deeper.append(value)
        level = deeper
        depth += 1


# One escape at a time (so `\\\\ud800` is a backslash and text, not an escape).
_JSON_ESCAPE_RE = re.compile(r"\\(?:u([0-9a-fA-F]{4})|.)")


def _refuse_lone_surrogates(source: SourceText) -> None:
    """A ``\\uD800``-``\\uDFFF`` escape that is not half of a pair names no character;
    json.loads keeps it as a lone surrogate, which no file or Mermaid can hold."""
    text = source.text
    pending: re.Match[str] | None = None  # a high surrogate waiting for its low half
    lone: list[re.Match[str]] = []
    for match in _JSON_ESCAPE_RE.finditer(text):
        code = int(match.group(1), 16) if match.group(1) else -1
        if pending is not None:
            if 0xDC00 <= code <= 0xDFFF and match.start() == pending.end():
                pending = None
                continue
            lone.append(pending)
            pending = None
        if 0xD800 <= code <= 0xDBFF:
            pending = match
        elif 0xDC00 <= code <= 0xDFFF:
            lone.append(match)
    if pending is not None:
        lone.append(pending)
    if lone:
        errors = []
        for match in lone:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            errors.append(
                SpecError(
                    f"found {match.group(0)}, half of a UTF-16 surrogate pair without its other"
                    " half: it names no character (write the character itself, or both halves"
                    " as JSON does, e.g. \\ud83d\\ude42 for 🙂)",
                    file=source.name,
                    line=line,
                    column=column,
                )
            )
        raise SpecErrors(errors)


def _build_fast(tree: Any) -> Any:
    ryml = _ryml
    none = ryml.NONE
    type_of = tree.type
    first_child = tree.first_child
    next_sibling = tree.next_sibling
    key_of = tree.key
    val_of = tree.val
    map_flag, seq_flag = ryml.MAP, ryml.SEQ
    val_plain = ryml.VAL_PLAIN
    # Any style bit besides plain means quoted or a block scalar: always text.
    val_styled = ryml.VAL_STYLE & ~ryml.VAL_PLAIN
    refused = ryml.VALTAG | ryml.KEYTAG | ryml.VALREF | ryml.KEYREF
    refused |= ryml.VALANCH | ryml.KEYANCH
    typed_match = PLAIN_TYPED_RE.match
    null_words = _NULL_WORDS
    max_nesting = MAX_NESTING
    # A plain scalar cannot start with an indicator; rapidyaml is more lenient than libyaml
    # with some of them, so such text goes to libyaml, which reports it.
    reserved = frozenset("[]{},#&*!|>'\"%@`")

    def scalar(flags: int, raw: Any) -> Any:
        if raw is None:
            return None
        try:
            value = bytes(raw).decode("utf-8")
        except UnicodeDecodeError:  # a `\\ud83d` escape (CESU-8 bytes): libyaml reports it
            raise _Unhandled from None
        if flags & val_styled:
            return value
        if value[:1] in reserved:
            raise _Unhandled
        if value in null_words:
            return None
        if typed_match(value):
            return Plain(value)
        return value

    def build(node: int, depth: int) -> Any:
        flags = type_of(node)
        if flags & refused or depth > max_nesting:  # (too deep: the careful loader says so)
            raise _Unhandled
        if flags & map_flag:
            mapping: dict[str, Any] = {}
            child = first_child(node)
            while child != none:
                raw_key = key_of(child)
                if raw_key is None:  # `? ` with no key: libyaml's null key, rare
                    raise _Unhandled
                try:
                    key = bytes(raw_key).decode("utf-8")
                except UnicodeDecodeError:
                    raise _Unhandled from None
                if (
                    key in mapping or key[:1] in reserved
                ):  # the careful loader names the duplicate with its line
                    raise _Unhandled
                mapping[key] = build(child, depth + 1)
                child = next_sibling(child)
            return mapping
        if flags & seq_flag:
            items = []
            child = first_child(node)
            while child != none:
                items.append(build(child, depth + 1))
                child = next_sibling(child)
            return items
        if not flags & val_plain and not flags & val_styled:
            return None  # `key:` with nothing after it
        return scalar(flags, val_of(node))

    root = tree.root_id()
    stream = ryml.STREAM  # (its bits include SEQ's)
    if type_of(root) & stream == stream:  # `---` before the document: fine if there is one
        if tree.num_children(root) != 1:
            raise _Unhandled
        root = first_child(root)
    if not type_of(root) & (ryml.MAP | ryml.SEQ):  # a bare scalar, or nothing: not a spec;
        raise _Unhandled  # the careful loader says which
    data = build(root, 1)
    return data


class _quiet_stderr:
    """rapidyaml's C++ error handler prints to file descriptor 2 before it raises; the
    careful loader reports the error properly, so that text must not reach the user."""

    def __enter__(self) -> None:
        try:
            sys.stderr.flush()
            self._saved: int | None = os.dup(2)
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
            os.close(devnull)
        except OSError:
            self._saved = None

    def __exit__(self, *exc: object) -> None:
        if self._saved is not None:
            os.dup2(self._saved, 2)
            os.close(self._saved)
