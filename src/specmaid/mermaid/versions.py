"""Mermaid versions: reading and showing them, and the :class:`Feature` a version introduced.

Why apart from :mod:`specmaid.mermaid.features`: each diagram kind declares its own features (in its
``KIND``), so the kinds need these few names, and :mod:`specmaid.mermaid.features` derives its table
from the kinds; only the standard library is imported here, so neither imports the other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Version = tuple[int, int, int]

_VERSION_RE = re.compile(r"^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$")

#: Platforms whose bundled Mermaid is documented, and where that is said.
PROFILES: dict[str, tuple[Version, str]] = {
    # GitLab 19.0 release notes: "GitLab now uses Mermaid version 11 ... Previously, GitLab
    # supported Mermaid version 10" (gitlab-org/gitlab!236611); no minor version is given,
    # so the oldest 11 is what a reader of any GitLab 19 can count on.
    "gitlab": ((11, 0, 0), "GitLab 19.0 release notes, gitlab-org/gitlab!236611"),
}

#: The note of a kind (or feature) older than the oldest release specmaid checks on.
BEFORE_OLDEST_CHECKED = "or older; specmaid checks from 10.9"
#: The note of a feature whose "since" is where it was seen to work, not where it arrived.
CHECKED_NOTE = "newer than 11.4.1 (which refuses specmaid's output); checked on 11.17.2"


def parse_target(text: str) -> Version | None:
    """`"10.9"` → (10, 9, 0); `"11"` means any Mermaid 11, so its oldest: (11, 0, 0); a
    profile name (:data:`PROFILES`) → its documented version."""
    if str(text).strip() in PROFILES:
        return PROFILES[str(text).strip()][0]
    match = _VERSION_RE.match(str(text).strip())
    if match is None:
        return None
    major, minor, patch = (int(g) if g is not None else 0 for g in match.groups())
    return major, minor, patch


def show(version: Version) -> str:
    major, minor, patch = version
    return f"{major}.{minor}" + (f".{patch}" if patch else "")


@dataclass(frozen=True)
class Feature:
    kind: str  # a diagram kind, or "*" for every kind
    name: str
    since: Version
    note: str = ""
    #: The release that dropped it (Mermaid 12 removed `defaultRenderer`, say): a target
    #: from this release on lacks it again.
    until: Version | None = None

    def lacked_by(self, target: Version) -> bool:
        return target < self.since or (self.until is not None and target >= self.until)


def since(kind: str, name: str, version: str, note: str = "") -> Feature:
    """A feature of ``kind`` that Mermaid ``version`` (e.g. ``"11.3"``) introduced."""
    parsed = parse_target(version)
    assert parsed is not None, version
    return Feature(kind, name, parsed, note)
