"""Which Mermaid the common hosts run, as far as their own public material says (issue 22).

Only what a host publishes about itself counts, with its date; where it publishes nothing, that
is what is said. `specmaid features` prints these lines and README's "Mermaid 12" section has
the same table with links. Checked 2026-12-02; a host may have moved since.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Host:
    name: str
    mermaid: str  # what its own material says it runs
    date: str  # the date of that material
    source: str


HOSTS: tuple[Host, ...] = (
    Host(
        "GitHub",
        "unknown: its docs give no version and suggest rendering an `info` diagram to see it",
        "the page shows no date; read 2026-12-02",
        "docs.github.com/en/get-started/writing-on-github/working-with-advanced-formatting"
        "/creating-diagrams",
    ),
    Host(
        "GitLab",
        "11 from GitLab 19.0 (no minor given); Mermaid 12 is being introduced behind the"
        " use_mermaid_v12 feature flag (rollout not announced)",
        "19.0 release notes",
        "gitlab-org/gitlab!236611, !258347",
    ),
    Host(
        "VS Code Markdown preview",
        "none built in (Mermaid renders only in chat); the Markdown Preview Mermaid Support"
        " extension bundles 11.12",
        "2026-02-05 (microsoft/vscode#293028); extension CHANGELOG 1.29.0, 2025-09-23",
        "microsoft/vscode#293028; mjbvz/vscode-markdown-mermaid",
    ),
    Host(
        "mkdocs-material",
        "loads mermaid@11 from unpkg at page load, i.e. the newest 11.x (11.17.2, the last 11);"
        " nothing about 12",
        "since 2024-08-24 (#7475); checked at v9.7.6",
        "squidfunk/mkdocs-material src/templates/assets/javascripts/components/content/mermaid",
    ),
)


def host_lines() -> list[str]:
    return [f"{h.name}: {h.mermaid} ({h.date}; {h.source})" for h in HOSTS]
