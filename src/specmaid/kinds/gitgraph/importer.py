"""Import of git graphs: Mermaid's gitGraph db → a spec (see importing/dispatch.py).

The db keeps the commits (each with its branch, parents and sequence number), the branches
in the order they were created and their lanes, not the statements that made them. The steps
are rebuilt from that: commits in sequence, each branch created as early as its base commit
and the branches before it allow (so the creation order, and with it the lanes, stay as
written), a `checkout` wherever the next commit is on another branch. Mermaid then builds the
same commits, parents and branches from the spec's steps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from specmaid.errors import SpecError
from specmaid.importing.helpers import common, line_matching
from specmaid.mermaid.bridge import ParseResult

#: gitGraph db commit types (gitGraphTypes.ts commitType)
NORMAL, REVERSE, HIGHLIGHT, MERGE, CHERRY_PICK = range(5)
TYPE_NAMES = {NORMAL: "NORMAL", REVERSE: "REVERSE", HIGHLIGHT: "HIGHLIGHT"}
#: the id Mermaid makes for a commit written without one: its sequence number, a dash and
#: seven random characters
_AUTO_ID_RE = re.compile(r"^(\d+)-[0-9a-z]{7}$")
_CHERRY_TAG_RE = re.compile(r"^cherry-pick:(.*?)(?:\|parent:(.*))?$")


def _auto_id(commit: dict[str, Any]) -> bool:
    match = _AUTO_ID_RE.match(str(commit["id"]))
    return bool(match) and int(match.group(1)) == commit["seq"] and not commit.get("customId")


def _named(commit: dict[str, Any]) -> str:
    """How a warning names a commit: its id, or its place when Mermaid made the id up."""
    return f"commit {commit['seq'] + 1}" if _auto_id(commit) else f"commit {commit['id']!r}"


def import_gitgraph(
    result: ParseResult, text: str, name: str, first_line: int
) -> tuple[dict[str, Any], list[SpecError]]:
    spec = common(result, text, "gitgraph")
    graph = result.graph or {}
    warnings: list[SpecError] = []

    def warn(message: str, pattern: str | None) -> None:
        line = line_matching(text, pattern, first_line) if pattern else None
        warnings.append(SpecError(message, file=name, line=line, severity="warning"))

    direction = graph.get("direction")
    if direction and direction != "LR":
        spec["direction"] = direction
    commits = sorted((graph.get("commits") or {}).values(), key=lambda c: c["seq"])
    creation = list(graph.get("branchOrder") or [])
    heads: dict[str, str | None] = {}  # branch → its head so far (None: no commit yet)
    main = creation[0] if creation else "main"
    heads[main] = None
    # Each branch's base: the parent of its first commit, or (no commits) its final head.
    first_commit: dict[str, dict[str, Any]] = {}
    for commit in commits:
        first_commit.setdefault(commit["branch"], commit)
    final_heads = graph.get("branches") or {}
    base = {
        branch: (first_commit[branch]["parents"] or [None])[0]
        if branch in first_commit
        else final_heads.get(branch)
        for branch in creation[1:]
    }
    made: set[str | None] = {None}
    steps: list[dict[str, Any]] = []
    current = main
    pending = creation[1:]  # branches not created yet, in creation order

    def create_ready() -> None:
        """Create, in order, every pending branch whose base commit exists."""
        nonlocal current
        while pending and base[pending[0]] in made:
            branch = pending.pop(0)
            if heads[current] != base[branch]:
                source = next(b for b, h in heads.items() if h == base[branch])
                steps.append({"checkout": source})
                current = source
            steps.append({"branch": branch})
            heads[branch] = heads[current]
            current = branch

    create_ready()
    for commit in commits:
        branch = commit["branch"]
        if branch in pending:
            # Its base exists yet an earlier branch's does not: Mermaid's order cannot be
            # kept (it cannot arise from a text Mermaid parsed); create it now.
            pending.remove(branch)
            pending.insert(0, branch)
            base[branch] = heads.get(current)
            create_ready()
        if current != branch:
            steps.append({"checkout": branch})
            current = branch
        step = _commit_step(commit, heads, warn)
        steps.append(step)
        heads[branch] = commit["id"]
        made.add(commit["id"])
        create_ready()
    spec["steps"] = steps

    orders = _branch_orders(creation, list(graph.get("lanes") or creation), result.config)
    if orders:
        for step in steps:
            if "branch" in step and orders.get(step["branch"]):
                step["order"] = orders[step["branch"]]
    return spec, warnings


def _commit_step(
    commit: dict[str, Any],
    heads: dict[str, str | None],
    warn: Callable[[str, str | None], None],
) -> dict[str, Any]:
    """The step that makes ``commit`` on the current branch, with what it cannot keep reported."""
    commit_id = str(commit["id"])
    kind = commit.get("type", NORMAL)
    tags = [str(t) for t in commit.get("tags") or []]
    step: dict[str, Any]
    if kind == CHERRY_PICK:
        source = str(commit["parents"][1])
        step = {"cherry_pick": source}
        default = _CHERRY_TAG_RE.match(tags[0]) if len(tags) == 1 else None
        if default and default.group(1) == source:
            if default.group(2) and default.group(2) != "undefined":
                step["parent"] = default.group(2)
            return step
        # Written tags replace Mermaid's `cherry-pick:<id>`; `tag: ""` leaves none at all.
        step["tag"] = tags[0] if tags else ""
        if len(tags) > 1:
            warn(
                f"the cherry-pick of {source!r} has {len(tags)} tags; a spec's has one, so only"
                f" {tags[0]!r} was kept",
                rf"cherry-pick\s.*{re.escape(source)}",
            )
        return step
    if kind == MERGE:
        merged = str(commit["parents"][1])
        candidates = [b for b, h in heads.items() if h == merged]
        message = str(commit.get("message") or "")
        named = next(
            (b for b in candidates if message.startswith(f"merged branch {b} into ")), None
        )
        step = {"merge": named or candidates[0]}
        if commit.get("customId"):
            step["id"] = commit_id
        if commit.get("customType") is not None:
            step["type"] = TYPE_NAMES.get(commit["customType"], "NORMAL")
    else:
        step = {"commit": None if _auto_id(commit) else commit_id}
        if kind != NORMAL:
            step["type"] = TYPE_NAMES.get(kind, "NORMAL")
        if commit.get("message"):
            where = re.escape(commit_id) if not _auto_id(commit) else None
            warn(
                f"the message of {_named(commit)}"
                f" ({commit['message']!r}) was not imported: a spec's commit has an id and a"
                " tag, not a message",
                rf"\bmsg\s*:.*{re.escape(str(commit['message']))[:40]}"
                if where is None
                else rf"{where}.*\bmsg\s*:|\bmsg\s*:.*{where}",
            )
    if tags:
        step["tag"] = tags[0]
        if len(tags) > 1:
            warn(
                f"{_named(commit)} has"
                f" {len(tags)} tags; a spec's commit has one, so only {tags[0]!r} was kept",
                rf"\btag\s*:\s*[\"']?{re.escape(tags[1])}",
            )
    return step


def _branch_orders(
    creation: list[str], lanes: list[str], config: dict[str, Any]
) -> dict[str, int] | None:
    """`order:` values that draw the lanes as Mermaid drew them, or None when the creation
    order already does (Mermaid sorts the lanes by order, stable over creation; a branch
    without one has 0, the main branch gitGraph.mainBranchOrder)."""
    main_order = int((config.get("gitGraph") or {}).get("mainBranchOrder", 0) or 0)
    position = {b: i for i, b in enumerate(creation)}
    if not creation or sorted(lanes) != sorted(creation):
        return None
    default = sorted(creation, key=lambda b: main_order if b == creation[0] else 0)
    if default == lanes:
        return None
    # The smallest non-decreasing orders in lane order: equal while creation order agrees.
    orders: dict[str, int] = {}
    value = 0
    previous: str | None = None
    for branch in lanes:
        if branch == creation[0]:
            value = max(value, main_order)
        elif previous is not None and position[previous] > position[branch]:
            value += 1
        orders[branch] = value
        previous = branch
    orders.pop(creation[0])
    return orders
