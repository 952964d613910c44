"""Markdown embedding: keep a ```` ```mermaid ```` fence between two markers in sync.

```markdown
<!-- specmaid: specs/system-card/core-challenges.yaml -->
```mermaid
…generated…
```
<!-- /specmaid -->
```

Only the lines between the two markers are ever rewritten; every other byte of the file
(line endings, a BOM, a missing final newline, other fences) is kept as it is. Markers inside
code fences are text, not markers. Marker paths are relative to the project root.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from specmaid.errors import SpecError, SpecErrors

OPEN_RE = re.compile(r"^\s{0,3}<!--\s*specmaid:\s*(?P<body>.*?)\s*-->\s*$")
CLOSE_RE = re.compile(r"^\s{0,3}<!--\s*/specmaid\s*-->\s*$")
FENCE_RE = re.compile(r"^\s{0,3}(?P<fence>`{3,}|~{3,})(?P<info>.*)$")

#: Options a marker may carry after the spec path: `<!-- specmaid: x.yaml config_style=init -->`.
MARKER_OPTIONS = {"config_style": ("frontmatter", "init", "both")}


@dataclass(frozen=True)
class MarkdownBlock:
    """One marker pair: where it is and what it names."""

    spec: str  # the spec path as written, relative to the project root
    options: dict[str, str]
    open_line: int  # 1-based line of the opening marker
    close_line: int  # 1-based line of the closing marker
    content: str  # the text between the markers, as it is now


@dataclass
class MarkdownFile:
    """A Markdown file split into lines with their own endings, so it can be rebuilt exactly."""

    name: str
    text: str
    lines: list[str] = field(default_factory=list)  # each line includes its line ending
    blocks: list[MarkdownBlock] = field(default_factory=list)

    @property
    def newline(self) -> str:
        for line in self.lines:
            if line.endswith("\r\n"):
                return "\r\n"
            if line.endswith("\n"):
                return "\n"
        return "\n"


def _strip_eol(line: str) -> str:
    return line.rstrip("\r\n")


def parse_markdown(text: str, name: str) -> MarkdownFile:
    """Find every marker pair; raises SpecErrors (file:line) for broken markers."""
    doc = MarkdownFile(name, text, text.splitlines(keepends=True))
    errors: list[SpecError] = []
    fence: str | None = None  # the open code fence outside markers, if any
    open_at: int | None = None
    open_body = ""
    for index, raw in enumerate(doc.lines):
        line = _strip_eol(raw).lstrip("\ufeff") if index == 0 else _strip_eol(raw)
        number = index + 1
        if open_at is None:
            if fence is not None:
                match = FENCE_RE.match(line)
                if (
                    match
                    and match.group("fence")[0] == fence[0]
                    and len(match.group("fence")) >= len(fence)
                    and not match.group("info").strip()
                ):
                    fence = None
                continue
            match = FENCE_RE.match(line)
            if match:
                fence = match.group("fence")
                continue
            if OPEN_RE.match(line):
                open_at, open_body = number, OPEN_RE.match(line).group("body")  # type: ignore[union-attr]
            elif CLOSE_RE.match(line):
                errors.append(
                    SpecError(
                        "closing `<!-- /specmaid -->` without an opening marker",
                        file=name,
                        line=number,
                        column=1,
                    )
                )
            continue
        # Inside a marker pair: everything up to the closing marker is ours to replace.
        if OPEN_RE.match(line):
            errors.append(
                SpecError(
                    f"a specmaid marker cannot be nested; the one on line {open_at} is still open",
                    file=name,
                    line=number,
                    column=1,
                )
            )
            open_at = None
            continue
        if CLOSE_RE.match(line):
            spec, options, problems = _parse_marker(open_body)
            for problem in problems:
                errors.append(SpecError(problem, file=name, line=open_at, column=1))
            doc.blocks.append(
                MarkdownBlock(spec, options, open_at, number, "".join(doc.lines[open_at:index]))
            )
            open_at = None
    if open_at is not None:
        errors.append(
            SpecError(
                "this specmaid marker is never closed; add `<!-- /specmaid -->` after the block",
                file=name,
                line=open_at,
                column=1,
            )
        )
    if errors:
        raise SpecErrors(errors)
    return doc


def _parse_marker(body: str) -> tuple[str, dict[str, str], list[str]]:
    parts = body.split()
    if not parts:
        return "", {}, ["the marker names no spec: `<!-- specmaid: specs/x.yaml -->`"]
    spec, options, problems = parts[0], {}, []
    for part in parts[1:]:
        key, sep, value = part.partition("=")
        if not sep or key not in MARKER_OPTIONS:
            problems.append(
                f"unknown marker option {part!r}; expected one of: "
                + ", ".join(f"{k}=…" for k in MARKER_OPTIONS)
            )
        elif value not in MARKER_OPTIONS[key]:
            problems.append(
                f"{key} is {value!r}; expected one of: {', '.join(MARKER_OPTIONS[key])}"
            )
        else:
            options[key] = value
    return spec, options, problems


def fenced(mermaid: str, newline: str) -> str:
    """The block between the markers: a mermaid fence long enough for its content."""
    longest = max((len(m) for m in re.findall(r"`{3,}", mermaid)), default=2)
    fence = "`" * max(3, longest + 1)
    body = mermaid if mermaid.endswith("\n") else mermaid + "\n"
    text = f"{fence}mermaid\n{body}{fence}\n"
    return text.replace("\n", newline)


def replace_blocks(doc: MarkdownFile, rendered: dict[int, str]) -> str:
    """The file with the content of each block (by its open line) replaced; all else as is."""
    out: list[str] = []
    index = 0
    newline = doc.newline
    for block in doc.blocks:
        out.extend(doc.lines[index : block.open_line])
        opener = doc.lines[block.open_line - 1]
        if not opener.endswith(("\n", "\r")):
            out[-1] = opener + newline  # (cannot happen: a closing marker follows)
        out.append(fenced(rendered[block.open_line], newline))
        index = block.close_line - 1
    out.extend(doc.lines[index:])
    return "".join(out)
