"""Adding a Markdown file to the project's `markdown` list, editing the config as text.

`adopt` (and `init --markdown`) must leave the user's pyproject.toml or specmaid.yaml as it
was but for the one entry: no reformatting, comments and order kept. So the edit is a
small text change at the right place (an item appended to the list, or a `markdown` key
added to the table), and the result is read back with the real parser: if it does not say
what was meant, nothing is written and the error gives the exact line to add by hand.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

from specmaid.errors import UsageError

_TABLE_RE = re.compile(r"^[ \t]*\[[ \t]*tool[ \t]*\.[ \t]*specmaid[ \t]*\][ \t]*(#.*)?$")
_HEADER_RE = re.compile(r"^[ \t]*\[")
_TOML_KEY_RE = re.compile(r"^[ \t]*markdown[ \t]*=[ \t]*(?P<value>.*?)[ \t]*(#.*)?$")
_YAML_KEY_RE = re.compile(r"^markdown[ \t]*:[ \t]*(?P<value>[^#]*?)[ \t]*(#.*)?$")
_PLAIN_YAML_RE = re.compile(r"^[A-Za-z0-9_./*?-][A-Za-z0-9_./*?\[\] -]*$")


class ConfigEditError(UsageError):
    """The config could not be edited safely; the message says what to add by hand."""


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _toml_value(entries: list[str]) -> str:
    return "[" + ", ".join(json.dumps(e) for e in entries) + "]"


def yaml_scalar(entry: str) -> str:
    """Plain when that reads back as the same string, else double-quoted (JSON's quoting
    is YAML's)."""
    if _PLAIN_YAML_RE.match(entry) and not entry.startswith(("- ", "? ")):
        return entry
    return json.dumps(entry)


def _append_to_flow_list(value: str, item: str) -> str | None:
    """``[a, b]`` (one line) with ``item`` added before the closing bracket."""
    if not (value.startswith("[") and value.endswith("]")):
        return None
    inner = value[1:-1].rstrip()
    if not inner.strip():
        return f"[{item}]"
    separator = " " if inner.endswith(",") else ", "
    return f"[{inner}{separator}{item}]"


def add_to_pyproject(text: str, entry: str) -> str:
    """``text`` with ``entry`` added to ``[tool.specmaid] markdown`` (creating the key)."""
    lines = _lines(text)
    nl = _newline(text)
    start = next((i for i, line in enumerate(lines) if _TABLE_RE.match(line.rstrip("\r\n"))), None)
    if start is None:
        raise ValueError("no [tool.specmaid] table")
    end = next((i for i in range(start + 1, len(lines)) if _HEADER_RE.match(lines[i])), len(lines))
    item = json.dumps(entry)
    for i in range(start + 1, end):
        match = _TOML_KEY_RE.match(lines[i].rstrip("\r\n"))
        if not match:
            continue
        value = match.group("value")
        head = lines[i][: lines[i].index(value)] if value else None
        if head is None:
            raise ValueError("markdown has no value on its line")
        tail = lines[i][lines[i].index(value) + len(value) :]
        if value.startswith(("'", '"')):  # one string: make it a list
            lines[i] = f"{head}[{value}, {item}]{tail}"
            return "".join(lines)
        flow = _append_to_flow_list(value, item)
        if flow is not None:
            lines[i] = f"{head}{flow}{tail}"
            return "".join(lines)
        if value == "[":  # a list over several lines: add a line before its `]`
            close = next((j for j in range(i + 1, end) if lines[j].strip().startswith("]")), None)
            if close is None:
                raise ValueError("cannot find the end of the markdown list")
            last = next(
                (
                    j
                    for j in range(close - 1, i, -1)
                    if lines[j].strip() and not lines[j].strip().startswith("#")
                ),
                None,
            )
            indent = "    "
            if last is not None:
                body = lines[last].rstrip("\r\n")
                indent = body[: len(body) - len(body.lstrip())]
                if not body.rstrip().endswith(","):
                    if "#" in body:  # where the comment starts is the parser's business
                        raise ValueError("the list's last line ends in a comment")
                    lines[last] = body.rstrip() + "," + nl
            lines.insert(close, f"{indent}{item},{nl}")
            return "".join(lines)
        raise ValueError("markdown's value is not a string or a list")
    # No markdown key: add one after the table's last setting.
    at = end
    while at > start + 1 and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
        at -= 1
    if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
        lines[at - 1] += nl
    lines.insert(at, f"markdown = [{item}]{nl}")
    return "".join(lines)


def add_to_yaml(text: str, entry: str) -> str:
    """``text`` (a specmaid.yaml) with ``entry`` added to its ``markdown`` list."""
    lines = _lines(text)
    nl = _newline(text)
    item = yaml_scalar(entry)
    for i, line in enumerate(lines):
        match = _YAML_KEY_RE.match(line.rstrip("\r\n"))
        if not match:
            continue
        value = match.group("value")
        start, stop = match.span("value")
        if value:
            flow = _append_to_flow_list(value, item)
            new_value = flow if flow is not None else f"[{value}, {item}]"
            body = line.rstrip("\r\n")
            lines[i] = body[:start] + new_value + body[stop:] + line[len(body) :]
            return "".join(lines)
        # A block list: add an item after its last one, indented like it.
        last, indent = i, None
        for j in range(i + 1, len(lines)):
            stripped = lines[j].strip()
            if not stripped or stripped.startswith("#"):
                continue
            if lines[j][0] not in " \t-":
                break
            if stripped.startswith("- ") or stripped == "-":
                indent = lines[j][: len(lines[j]) - len(lines[j].lstrip())]
            last = j
        if indent is None:
            indent = "  "
        if not lines[last].endswith(("\n", "\r")):
            lines[last] += nl
        lines.insert(last + 1, f"{indent}- {item}{nl}")
        return "".join(lines)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += nl
    lines.append(f"markdown:{nl}  - {item}{nl}")
    return "".join(lines)


def _settings(path: Path, text: str) -> dict[str, Any]:
    """The whole config as its parser reads it."""
    if path.name == "pyproject.toml":
        return tomllib.loads(text)
    import yaml

    data = yaml.safe_load(text) if text.strip() else None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ValueError("it is not a mapping of settings")
    return data


def _markdown_of(path: Path, data: dict[str, Any]) -> Any:
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("specmaid", {}).get("markdown")
    return data.get("markdown")


def _without_markdown(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    import copy

    rest = copy.deepcopy(data)
    table = rest.get("tool", {}).get("specmaid", {}) if path.name == "pyproject.toml" else rest
    table.pop("markdown", None)
    return rest


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def by_hand(config: Path, entries: list[str]) -> str:
    """The line to put in the config for these `markdown` entries."""
    if config.name == "pyproject.toml":
        return f"markdown = {_toml_value(entries)}   (in the [tool.specmaid] table)"
    return "markdown: [" + ", ".join(yaml_scalar(e) for e in entries) + "]"


def with_markdown_entry(config: Path, entry: str) -> str | None:
    """The config's new text with ``entry`` added to `markdown`, or None when it is there
    already. Raises ConfigEditError (naming the line to add by hand) when the text cannot be
    edited so that the parser reads the list with the entry added and nothing else changed."""
    text = config.read_bytes().decode("utf-8")  # as it is: its line endings too
    try:
        before = _settings(config, text)
    except Exception as exc:
        raise ConfigEditError(f"cannot read {config}: {exc}") from None
    current = _as_list(_markdown_of(config, before))
    if entry in current:
        return None
    wanted = [*current, entry]
    try:
        if config.name == "pyproject.toml":
            new = add_to_pyproject(text, entry)
        else:
            new = add_to_yaml(text, entry)
        after = _settings(config, new)
        same_rest = _without_markdown(config, after) == _without_markdown(config, before)
        if _as_list(_markdown_of(config, after)) != wanted or not same_rest:
            raise ValueError("the edited file does not read back as intended")
    except Exception as exc:  # any parse problem: the user edits the file instead
        raise ConfigEditError(
            f"cannot add {entry!r} to the `markdown` list of {config} ({exc}); add this line"
            f" there by hand: {by_hand(config, wanted)}"
        ) from None
    return new
