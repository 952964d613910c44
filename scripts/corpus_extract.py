"""Extract the Mermaid diagrams of mirrored git repositories (for tests/corpus).

Reads the newest commit of each bare git directory given, finds ```mermaid fences (and
`:::mermaid`, `~~~mermaid`) in Markdown-like files and whole `.mmd`/`.mermaid` files, and
prints one JSON line per diagram: repo, path, commit, start line (of the first diagram line),
licence (SPDX-ish, from the repo's LICENSE file if any) and the text, byte for byte.

    python scripts/corpus_extract.py /work/.mirror/owner+name/repo ... > found.jsonl
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

MARKDOWN = (".md", ".mdx", ".markdown", ".qmd", ".rmd")
WHOLE = (".mmd", ".mermaid")
FENCE_OPEN = re.compile(r"^( {0,3})(`{3,}|~{3,})\s*\{?\s*mermaid\s*\}?\s*$")
COLON_OPEN = re.compile(r"^( {0,3})(:{3,})\s*mermaid\s*$")
LICENCES = [
    ("MIT", r"Permission is hereby granted, free of charge"),
    ("Apache-2.0", r"Apache License"),
    ("GPL-3.0", r"GNU GENERAL PUBLIC LICENSE\s+Version 3"),
    ("GPL-2.0", r"GNU GENERAL PUBLIC LICENSE\s+Version 2"),
    ("AGPL-3.0", r"GNU AFFERO GENERAL PUBLIC LICENSE"),
    ("LGPL", r"GNU LESSER GENERAL PUBLIC LICENSE"),
    ("MPL-2.0", r"Mozilla Public License"),
    ("BSD", r"Redistribution and use in source and binary forms"),
    ("CC-BY-4.0", r"Attribution 4\.0 International"),
    ("CC0-1.0", r"CC0 1\.0"),
    ("Unlicense", r"This is free and unencumbered software"),
    ("ISC", r"Permission to use, copy, modify, and/or distribute"),
]


def git(gitdir: Path, *args: str) -> bytes:
    return subprocess.run(
        ["git", f"--git-dir={gitdir}", *args], capture_output=True, check=True
    ).stdout


def licence(gitdir: Path, files: list[str]) -> str:
    for name in files:
        if re.fullmatch(r"(?i)(licen[cs]e|copying)(\.(md|txt|rst))?", name):
            text = git(gitdir, "show", f"HEAD:{name}")[:20000].decode("utf-8", "replace")
            for spdx, pattern in LICENCES:
                if re.search(pattern, text):
                    return spdx
            return "see " + name
    return ""


def blocks(text: str) -> list[tuple[int, str]]:
    """(1-based line of the diagram's first line, diagram text) of each fenced block."""
    lines = text.split("\n")
    found = []
    i = 0
    while i < len(lines):
        line = lines[i].rstrip("\r")
        opened = FENCE_OPEN.match(line) or COLON_OPEN.match(line)
        if opened:
            indent, marker = opened.group(1), opened.group(2)
            body = []
            j = i + 1
            while j < len(lines):
                candidate = lines[j].rstrip("\r")
                stripped = candidate.strip()
                if stripped.startswith(marker[0] * len(marker)) and set(stripped) == {marker[0]}:
                    break
                body.append(lines[j][len(indent) :] if lines[j].startswith(indent) else lines[j])
                j += 1
            if j < len(lines):
                found.append((i + 2, "\n".join(body) + "\n"))
            i = j + 1
            continue
        i += 1
    return found


def main() -> None:
    for arg in sys.argv[1:]:
        gitdir = Path(arg)
        repo = gitdir.parent.name.replace("+", "/", 1)
        commit = git(gitdir, "rev-parse", "HEAD").decode().strip()
        listing = git(gitdir, "ls-tree", "-r", "-l", "-z", "HEAD").decode("utf-8", "replace")
        entries = []
        for item in listing.split("\0"):
            if not item:
                continue
            meta, path = item.split("\t", 1)
            _, kind, sha, size = meta.split()
            if kind == "blob" and size.isdigit() and int(size) < 1_000_000:
                entries.append((path, sha))
        top = [p for p, _ in entries if "/" not in p]
        spdx = licence(gitdir, top)
        for path, sha in entries:
            lower = path.lower()
            if not lower.endswith(MARKDOWN + WHOLE) or "node_modules/" in lower:
                continue
            raw = git(gitdir, "cat-file", "blob", sha)
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if lower.endswith(WHOLE):
                found = [(1, text)]
            elif "mermaid" in text:
                found = blocks(text)
            else:
                found = []
            for line, diagram in found:
                record = {"repo": repo, "path": path, "commit": commit, "line": line}
                record |= {"licence": spdx, "text": diagram}
                print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main()
