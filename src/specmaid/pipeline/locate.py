"""Where an error is: a spec path turned into ``file:line:col``, read off the text for the
top level and for JSON, and only otherwise through PyYAML's marks
(:func:`specmaid.pipeline.pyyaml_loader.locate`), so positions cost nothing on the happy path.
"""

from __future__ import annotations

import re
from typing import Any

from specmaid.errors import SpecError, SpecPath
from specmaid.pipeline.source import SourceText

_CONTENT_LINE_RE = re.compile(r"^([ ]*)([^ #\n][^\n]*)$", re.M)


def quick_locate(text: str, path: SpecPath, *, key: bool = False) -> tuple[int, int] | None:
    """:func:`specmaid.pipeline.pyyaml_loader.locate` for the document itself or one of its
    top-level keys, read off the text without parsing it, or None when the text is not plain
    enough to be sure.

    Why: the warnings of big diagrams (maxEdges, maxTextSize) point at the top level, and
    composing a 30,000-item document with marks costs more than rendering it.
    """
    first = _CONTENT_LINE_RE.search(text)
    if first is None or first.group(1) or first.group(2).startswith(("-", "[", "{", "%", "?")):
        return None  # not a block mapping at column 0 (or a directive/document marker)
    if not path:
        return text.count("\n", 0, first.start()) + 1, 1
    if len(path) != 1 or not isinstance(path[0], str):
        return None
    name = re.escape(path[0])
    found = list(
        re.finditer(rf"""^(?:{name}|"{name}"|'{name}')[ ]*:(?=[ \n])[ ]*([^\n]*)$""", text, re.M)
    )
    if len(found) != 1:
        return None
    match = found[0]
    line = text.count("\n", 0, match.start()) + 1
    if key:
        return line, 1
    rest = match.group(1)
    if rest and not rest.startswith("#"):
        return line, match.start(1) - match.start() + 1
    following = _CONTENT_LINE_RE.search(text, match.end())
    if following is None or not (following.group(1) or following.group(2)[:2] in ("- ", "-")):
        return None  # nothing more indented: the value is null, marked where the key ends
    return text.count("\n", 0, following.start()) + 1, len(following.group(1)) + 1


def locate_errors(source: SourceText, errors: list[SpecError]) -> list[SpecError]:
    """Fill in file, line and column of errors that only know their spec path."""
    out = []
    root: Any = None
    quick = {
        id(err): quick_locate(source.text, err.path, key=err.at_key)
        for err in errors
        if err.line is None
    }
    json_text = source.text.lstrip(" \n\r")[:1] in ("{", "[")
    if json_text:  # (YAML's reader refuses what JSON allows: the JSON text is read as JSON)
        for err in errors:
            if quick.get(id(err), True) is None:
                quick[id(err)] = json_locate(source.text, err.path, key=err.at_key)
    if any(pos is None for pos in quick.values()):
        from specmaid.pipeline.pyyaml_loader import compose_with_marks, locate

        root = compose_with_marks(source.text)  # one parse for all of this file's errors
    for err in errors:
        if err.line is None:
            pos = quick.get(id(err))
            if pos is None:
                pos = locate(source.text, err.path, key=err.at_key, root=root) if root else None
            line, column = pos if pos else (None, None)
            err = err.located(source.name, line, column)
        elif err.file is None:
            err = err.located(source.name, err.line, err.column)
        out.append(err)
    return out


_JSON_SPACE_RE = re.compile(r"[ \t\n\r]*")


def json_locate(text: str, path: SpecPath, *, key: bool = False) -> tuple[int, int] | None:
    """:func:`specmaid.pipeline.pyyaml_loader.locate` for a JSON document (None when not JSON).

    Walks only along ``path``, skipping other values with the json module's own decoder, so
    it reads every string exactly as :func:`json_load` did."""
    import json

    decoder = json.JSONDecoder()
    space = _JSON_SPACE_RE.match
    index = space(text, 0).end()
    mark = index
    try:
        for part in path:
            opening = text[index : index + 1]
            if opening == "{":
                index = space(text, index + 1).end()
                found = False
                while text[index : index + 1] == '"':
                    key_at = index
                    name, index = json.decoder.scanstring(text, index + 1)
                    index = space(text, index).end()
                    if text[index : index + 1] != ":":
                        return None
                    index = space(text, index + 1).end()
                    if name == str(part):
                        mark = key_at if key and part == path[-1] else index
                        found = True
                        break
                    index = space(text, decoder.raw_decode(text, index)[1]).end()
                    if text[index : index + 1] == ",":
                        index = space(text, index + 1).end()
                if not found:
                    break
            elif opening == "[" and isinstance(part, int):
                index = space(text, index + 1).end()
                for _ in range(part):
                    if text[index : index + 1] in ("]", ""):
                        break
                    index = space(text, decoder.raw_decode(text, index)[1]).end()
                    if text[index : index + 1] == ",":
                        index = space(text, index + 1).end()
                if text[index : index + 1] in ("]", ""):
                    break
                mark = index
            else:
                break
    except (ValueError, RecursionError):
        return None
    line = text.count("\n", 0, mark) + 1
    return line, mark - (text.rfind("\n", 0, mark) + 1) + 1
