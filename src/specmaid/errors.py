"""Error types that carry a file, a position and a spec path.

Every problem a user can cause is a :class:`SpecError` (or a list of them inside
:class:`SpecErrors`). The CLI prints them as ``file:line:col: error: path: message`` and
exits 2; nothing else in the package prints.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

# A spec path is a tuple of mapping keys and list indexes: ("edges", 3, "to").
SpecPath = tuple[str | int, ...]


def format_path(path: SpecPath) -> str:
    """Render a spec path the way users write it: ``edges[3].to``, ``nodes.B.shape``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part)
            # Keys that are not plain words are quoted so the path stays unambiguous.
            if text and all(ch.isalnum() or ch in "_-" for ch in text):
                out += f".{text}" if out else text
            else:
                out += f"[{text!r}]"
    return out


def did_you_mean(word: str, choices: Iterable[str], n: int = 1) -> str:
    """A ``Did you mean 'x'?`` suffix, or an empty string when nothing is close."""
    import difflib  # error paths only

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=n, cutoff=0.6)
    if not close:
        lowered = {str(c).lower(): str(c) for c in choices}
        if str(word).lower() in lowered:
            close = [lowered[str(word).lower()]]
    if not close:
        return ""
    return " Did you mean " + " or ".join(repr(c) for c in close) + "?"


@dataclass(frozen=True)
class SpecError:
    """One problem in one input file."""

    message: str
    path: SpecPath = ()
    file: str | None = None
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based
    severity: str = "error"  # "error" or "warning"
    at_key: bool = False  # point at the key rather than its value (unknown/duplicate keys)

    def located(self, file: str | None, line: int | None, column: int | None) -> SpecError:
        return replace(self, file=file, line=line, column=column)

    def __str__(self) -> str:
        where = self.file or "<spec>"
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        spec_path = format_path(self.path)
        body = f"{spec_path}: {self.message}" if spec_path else self.message
        return f"{where}: {self.severity}: {body}"


@dataclass
class SpecErrors(Exception):
    """All the problems found in one run; raised once, after collecting them."""

    errors: list[SpecError] = field(default_factory=list)

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)


class UsageError(Exception):
    """A problem with how specmaid was called or configured (exit code 2)."""


class Reporter:
    """Collects errors and warnings for one spec, so all of them are reported in one run."""

    def __init__(self) -> None:
        self.errors: list[SpecError] = []
        self.warnings: list[SpecError] = []

    def error(self, path: Sequence[str | int], message: str, *, at_key: bool = False) -> None:
        self.errors.append(SpecError(message, tuple(path), at_key=at_key))

    def warning(self, path: Sequence[str | int], message: str) -> None:
        self.warnings.append(SpecError(message, tuple(path), severity="warning"))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SpecErrors(list(self.errors))
