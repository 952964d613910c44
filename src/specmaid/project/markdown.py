"""Markdown embedding: keep a ```` ```mermaid ```` fence between two markers in sync.

```markdown
<!-- specmaid: specs/system-card/core-challenges.yaml -->
```mermaid
…generated…
```
<!-- /specmaid -->
```

Rules (documented in the README):

* A marker is an HTML comment alone on its line, indented by at most three spaces (like any
  Markdown block). The opening one names a spec, relative to the project root, optionally
  quoted (``"specs/my diagram.yaml"``), then options as ``key=value``.
* Markers inside code fences are text, not markers; so is a closing marker inside a fence
  between the markers (the generated fence can never close its block early).
* Only the lines between the two markers are ever rewritten; every other byte of the file
  (line endings, a BOM, a missing final newline, other fences) is kept as it is. Lines end at
  ``\\n`` (or ``\\r\\n``) only, so other Unicode line separators in prose are plain text.
* Broken markers (unclosed, nested, stray, malformed, unknown options) are ``file:line`` errors.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field

from specmaid.errors import SpecError, SpecErrors, did_you_mean

OPEN_RE = re.compile(r"^ {0,3}<!--\s*specmaid:\s*(?P<body>.*?)\s*-->\s*$")
CLOSE_RE = re.compile(r"^ {0,3}<!--\s*/specmaid\s*-->\s*$")
FENCE_RE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
#: Anything that looks like it was meant as a marker (checked after the two above).
NEAR_MARKER_RE = re.compile(r"^ {0,3}<!--\s*/?\s*specmaid\b", re.I)

#: Options a marker may carry after the spec path: `<!-- specmaid: x.yaml config_style=init -->`.
#: A tuple lists the allowed values; `target` takes a Mermaid version (specmaid.mermaid.features).
MARKER_OPTIONS: dict[str, tuple[str, ...] | None] = {
    "config_style": ("frontmatter", "init", "both"),
    "target": None,
}
_VERSION_RE = re.compile(r"^(?:v?\d+(?:\.\d+){0,2}|gitlab)$")  # (features.PROFILES)

MARKER_HELP = "`<!-- specmaid: specs/x.yaml -->` … `<!-- /specmaid -->`, each alone on its line"


@dataclass(frozen=True)
class MarkdownBlock:
    """One marker pair: where it is and what it names."""

    spec: str  # the spec path as written, relative to the project root
    options: dict[str, str]
    open_line: int  # 1-based line of the opening marker
    close_line: int  # 1-based line of the closing marker
    content: str  # the text between the markers, as it is now
    file: str = ""  # the Markdown file's name (for messages)
    newline: str = "\n"  # the opening marker's line ending; the block is written with it


@dataclass
class MarkdownFile:
    """A Markdown file split into lines with their own endings, so it can be rebuilt exactly."""

    name: str
    text: str
    lines: list[str] = field(default_factory=list)  # each line includes its line ending
    blocks: list[MarkdownBlock] = field(default_factory=list)

    @property
    def newline(self) -> str:
        """The file's first line ending (``\\n`` when it has none)."""
        return next((_eol(line) for line in self.lines if _eol(line)), "\n")


def split_lines(text: str) -> list[str]:
    """``text`` as lines that keep their endings; only ``\\n`` ends a line (``\\r\\n`` too)."""
    lines = text.split("\n")
    out = [line + "\n" for line in lines[:-1]]
    if lines[-1]:
        out.append(lines[-1])
    return out


def _eol(line: str) -> str:
    if line.endswith("\r\n"):
        return "\r\n"
    return "\n" if line.endswith("\n") else ""


def _strip_eol(line: str) -> str:
    return line[: len(line) - len(_eol(line))]


class _Fence:
    """Tracks one CommonMark code fence: what opens it and what may close it."""

    def __init__(self, marker: str, line: int) -> None:
        self.marker = marker
        self.line = line  # 1-based line of the opening fence

    @staticmethod
    def opens(line: str, number: int) -> _Fence | None:
        match = FENCE_RE.match(line)
        if not match:
            return None
        fence = match.group("fence")
        if fence[0] == "`" and "`" in match.group("info"):
            return None  # a backtick fence's info string cannot hold a backtick
        return _Fence(fence, number)

    def closed_by(self, line: str) -> bool:
        match = FENCE_RE.match(line)
        return bool(
            match
            and match.group("fence")[0] == self.marker[0]
            and len(match.group("fence")) >= len(self.marker)
            and not match.group("info").strip()
        )


def parse_markdown(text: str, name: str) -> MarkdownFile:
    """Find every marker pair; raises SpecErrors (``file:line``) for broken markers."""
    doc = MarkdownFile(name, text, split_lines(text))
    errors: list[SpecError] = []

    def error(line: int, message: str) -> None:
        errors.append(SpecError(message, file=name, line=line, column=1))

    lines = [_strip_eol(raw) for raw in doc.lines]
    if lines and lines[0].startswith("\ufeff"):
        lines[0] = lines[0][1:]
    index = 0
    fence: _Fence | None = None  # an open code fence outside markers
    while index < len(lines):
        line, number = lines[index], index + 1
        index += 1
        if fence is not None:
            if fence.closed_by(line):
                fence = None
            continue
        opened = _Fence.opens(line, number)
        if opened is not None:
            fence = opened
            continue
        if OPEN_RE.match(line):
            found, at, note = _find_close(lines, index)
            if found == "unclosed":
                error(
                    number,
                    "this specmaid marker is never closed; add `<!-- /specmaid -->` after its"
                    " block" + (f" ({note})" if note else ""),
                )
                break
            if found == "nested":
                error(
                    at + 1,
                    f"a specmaid marker cannot be nested: the one on line {number} is still"
                    " open (close it first with `<!-- /specmaid -->`)",
                )
                index = at  # read on from the nested marker
                continue
            body = OPEN_RE.match(line).group("body")  # type: ignore[union-attr]
            spec, options, problems = parse_marker(body)
            for problem in problems:
                error(number, problem)
            doc.blocks.append(
                MarkdownBlock(
                    spec,
                    options,
                    number,
                    at + 1,
                    "".join(doc.lines[number:at]),
                    name,
                    _eol(doc.lines[number - 1]) or doc.newline,
                )
            )
            index = at + 1
        elif CLOSE_RE.match(line):
            error(number, "closing `<!-- /specmaid -->` without an opening marker above it")
        elif NEAR_MARKER_RE.match(line):
            error(number, f"malformed specmaid marker; expected {MARKER_HELP}")
            if not re.match(r"^ *<!--\s*/", line):  # meant to open: its closing marker pairs
                found, at, _ = _find_close(lines, index)
                if found == "close":
                    index = at + 1
    if errors:
        raise SpecErrors(errors)
    return doc


def _find_close(lines: list[str], start: int) -> tuple[str, int, str]:
    """How the block whose content starts at index ``start`` ends: ``("close", i, "")`` at
    the closing marker on index ``i``, ``("nested", i, "")`` at another opening marker, or
    ``("unclosed", -1, note)``.

    A closing marker inside a code fence between the markers does not count, unless that
    fence is never closed: then the first such closing marker is taken (so a hand-broken
    block is still found, and rewritten whole)."""
    fence: _Fence | None = None
    fallback: int | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if fence is not None:
            if fence.closed_by(line):
                fence = None
            elif fallback is None and CLOSE_RE.match(line):
                fallback = index
            continue
        opened = _Fence.opens(line, index + 1)
        if opened is not None:
            fence = opened
        elif CLOSE_RE.match(line):
            return "close", index, ""
        elif OPEN_RE.match(line):
            return "nested", index, ""
    if fallback is not None:
        return "close", fallback, ""
    if fence is not None:
        return "unclosed", -1, f"the code fence on line {fence.line} inside it is not closed either"
    return "unclosed", -1, ""


def parse_marker(body: str) -> tuple[str, dict[str, str], list[str]]:
    """The spec path, options and problems of an opening marker's text."""
    try:
        parts = shlex.split(body, posix=True)
    except ValueError as exc:
        return "", {}, [f"cannot read the marker ({exc}); expected {MARKER_HELP}"]
    if not parts:
        return "", {}, [f"the marker names no spec; expected {MARKER_HELP}"]
    spec, options, problems = parts[0], {}, []
    if "=" in spec and not spec.endswith((".yaml", ".yml")):
        problems.append(f"the marker must start with the spec path, not {spec!r}")
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep or key not in MARKER_OPTIONS:
            problems.append(
                f"unknown marker option {part!r}; expected one of: "
                + ", ".join(f"{k}=…" for k in MARKER_OPTIONS)
                + did_you_mean(key, MARKER_OPTIONS)
            )
        elif (allowed := MARKER_OPTIONS[key]) is None:
            if not _VERSION_RE.match(value):
                problems.append(f"{key} is {value!r}; expected a Mermaid version such as 10.9")
            elif key in options:
                problems.append(f"{key} is given twice")
            else:
                options[key] = value
        elif value not in allowed:
            problems.append(
                f"{key} is {value!r}; expected one of: {', '.join(allowed)}"
                + did_you_mean(value, allowed)
            )
        elif key in options:
            problems.append(f"{key} is given twice")
        else:
            options[key] = value
    return spec, options, problems


def find_blocks(text: str, file: str) -> list[MarkdownBlock]:
    """Every marker pair of a Markdown text; raises SpecErrors with ``file:line``."""
    return parse_markdown(text, file).blocks


def fenced(mermaid: str, newline: str = "\n") -> str:
    """The block between the markers: a mermaid fence longer than any backtick run inside."""
    longest = max((len(m) for m in re.findall(r"`{3,}", mermaid)), default=2)
    fence = "`" * max(3, longest + 1)
    body = mermaid if mermaid.endswith("\n") or not mermaid else mermaid + "\n"
    text = f"{fence}mermaid\n{body}{fence}\n"
    return text.replace("\r\n", "\n").replace("\n", newline)


def block_is_current(block: MarkdownBlock, mermaid: str) -> bool:
    return block.content == fenced(mermaid, block.newline)


def replace_blocks(doc: MarkdownFile, rendered: dict[int, str]) -> str:
    """The file with each block (by its opening line) holding ``rendered[line]``; blocks not
    in ``rendered`` and every line outside the markers stay exactly as they are."""
    out: list[str] = []
    index = 0
    for block in doc.blocks:
        out.extend(doc.lines[index : block.open_line])
        if block.open_line in rendered:
            out.append(fenced(rendered[block.open_line], block.newline))
        else:
            out.extend(doc.lines[block.open_line : block.close_line - 1])
        index = block.close_line - 1
    out.extend(doc.lines[index:])
    return "".join(out)
