"""Git graphs: commits, branches, checkouts, merges and cherry-picks, in order.

```yaml
diagram: gitgraph
direction: LR
steps:
  - {commit: Snapshot 1, tag: evaluated}
  - {branch: evaluations}
  - {checkout: main}
  - {commit: Snapshot 2}
  - {checkout: evaluations}
  - {merge: main, tag: RSP checks}
```
Checked as git would: a branch must exist before `checkout`/`merge`, a branch is created
once, you cannot merge a branch into itself, and `cherry_pick` needs a commit id from another
branch. A cherry-pick is tagged `cherry-pick:<id>` unless its `tag:` says otherwise (`tag: ""`:
no tag).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from specmaid.errors import Reporter, did_you_mean
from specmaid.kinds.base import TEXT, BuildInput, DiagramKind, check_no_entities, text
from specmaid.mermaid.versions import BEFORE_OLDEST_CHECKED
from specmaid.pipeline.escape import langium_string

COMMIT_TYPES = ("NORMAL", "REVERSE", "HIGHLIGHT")
REFERENCE_RE = re.compile(r"^\w([-./\w]*[-\w])?$")
KEYWORDS = frozenset(
    [
        "commit",
        "branch",
        "checkout",
        "switch",
        "merge",
        "cherry-pick",
        "id",
        "tag",
        "type",
        "order",
        "parent",
    ]
)

STEP: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "commit": {
            "oneOf": [TEXT, {"type": "null"}],
            "description": "a commit; the text is its id",
        },
        "branch": {"type": "string"},
        "order": {"type": "integer", "minimum": 0},
        "checkout": {"type": "string"},
        "merge": {"type": "string"},
        "cherry_pick": {"type": "string", "description": "the id of a commit on another branch"},
        "parent": {"type": "string"},
        "id": TEXT,
        "tag": TEXT,
        "type": {"enum": list(COMMIT_TYPES)},
    },
}
PROPERTIES: dict[str, Any] = {
    "direction": {"enum": ["LR", "TB", "BT"]},
    "steps": {"type": "array", "items": STEP},
}


def branch_name(value: str) -> str:
    # (a name of digits only is a number to Mermaid's grammar: quoted, like keywords)
    plain = REFERENCE_RE.match(value) and value not in KEYWORDS and not value.isdigit()
    return value if plain else langium_string(value)


@dataclass
class GitGraphModel:
    header: str
    lines: list[str] = field(default_factory=list)


def build(inp: BuildInput, report: Reporter) -> GitGraphModel:
    spec = inp.spec
    direction = spec.get("direction")
    model = GitGraphModel("gitGraph" + (f" {direction}:" if direction else ""))
    # The first branch is named by Mermaid's config (gitGraph.mainBranchName), default main.
    main = str((inp.config.get("gitGraph") or {}).get("mainBranchName", "main"))
    branches = {main}
    current = main
    commits: dict[str, str] = {}  # id → branch
    # Each branch's head commit (a counter), to catch merges Mermaid refuses: a branch whose
    # head is already the current head has nothing to merge.
    heads: dict[str, int] = {main: 0}
    # The branch each branch's head commit was made on: Mermaid refuses to merge `x` into a
    # branch whose head is still a commit of `x` ("Cannot merge branch 'x' into itself").
    owner: dict[str, str] = {main: main}
    made = 0

    def known(name: str, path: tuple[Any, ...]) -> bool:
        if name in branches:
            return True
        report.error(
            path,
            f"unknown branch {name!r}; create it with `branch:` first."
            + did_you_mean(name, branches),
        )
        return False

    def options(step: dict[str, Any], path: tuple[Any, ...], commit_id: str | None) -> str:
        parts = []
        if commit_id is not None:
            check_no_entities(commit_id, path, report, "git graph")
            if commit_id in commits:
                report.error(path, f"duplicate commit id {commit_id!r}")
            commits[commit_id] = current
            parts.append(f"id: {langium_string(commit_id)}")
        if step.get("type"):
            parts.append(f"type: {step['type']}")
        if step.get("tag") is not None:
            tag = text(step["tag"])
            check_no_entities(tag, (*path[:-1], "tag"), report, "git graph")
            parts.append(f"tag: {langium_string(tag)}")
        return (" " + " ".join(parts)) if parts else ""

    for i, step in enumerate(spec.get("steps") or []):
        path = ("steps", i)
        actions = [k for k in ("commit", "branch", "checkout", "merge", "cherry_pick") if k in step]
        if len(actions) != 1:
            report.error(
                path,
                "a step is one of: commit, branch, checkout, merge, cherry_pick"
                + (f"; found {', '.join(actions)}" if actions else ""),
            )
            continue
        action = actions[0]
        if action == "commit":
            commit_id = text(step["commit"]) if step["commit"] is not None else None
            model.lines.append("commit" + options(step, (*path, "commit"), commit_id))
            made += 1
            heads[current] = made
            owner[current] = current
        elif action == "branch":
            name = step["branch"]
            if name in branches:
                report.error((*path, "branch"), f"branch {name!r} already exists; use `checkout:`")
            branches.add(name)
            heads[name] = heads[current]
            owner[name] = owner[current]
            current = name
            order = f" order: {step['order']}" if step.get("order") is not None else ""
            model.lines.append(f"branch {branch_name(name)}{order}")
        elif action == "checkout":
            if known(step["checkout"], (*path, "checkout")):
                current = step["checkout"]
                model.lines.append(f"checkout {branch_name(current)}")
        elif action == "merge":
            name = step["merge"]
            if known(name, (*path, "merge")):
                if name == current:
                    report.error(
                        (*path, "merge"),
                        f"cannot merge {name!r} into itself; `checkout:` another branch first",
                    )
                elif heads[name] == heads[current]:
                    report.error(
                        (*path, "merge"),
                        f"{name!r} has no commits that {current!r} lacks;"
                        " Mermaid refuses such a merge",
                    )
                elif not heads[current] or not heads[name]:
                    empty = current if not heads[current] else name
                    report.error(
                        (*path, "merge"),
                        f"{empty!r} has no commits yet; Mermaid refuses such a merge"
                        " (add a `commit:` first)",
                    )
                elif owner[current] == name:
                    report.error(
                        (*path, "merge"),
                        f"{current!r} has no commits of its own since it left {name!r};"
                        " Mermaid refuses such a merge (add a `commit:` on it first)",
                    )
                made += 1
                heads[current] = made
                owner[current] = current
                merge_id = text(step["id"]) if step.get("id") is not None else None
                model.lines.append(
                    f"merge {branch_name(name)}" + options(step, (*path, "id"), merge_id)
                )
        else:
            target = step["cherry_pick"]
            if target not in commits:
                report.error(
                    (*path, "cherry_pick"),
                    f"unknown commit id {target!r}." + did_you_mean(target, commits),
                )
            elif commits[target] == current:
                report.error(
                    (*path, "cherry_pick"),
                    f"commit {target!r} is on the current branch;"
                    " cherry-pick takes one from another branch",
                )
            made += 1  # (a cherry-pick is a new commit on the current branch)
            heads[current] = made
            owner[current] = current
            line = f"cherry-pick id: {langium_string(target)}"
            if step.get("parent"):
                line += f" parent: {langium_string(step['parent'])}"
            if step.get("tag") is not None:
                # (instead of Mermaid's `cherry-pick:<id>`; an empty one draws no tag at all)
                tag = text(step["tag"])
                check_no_entities(tag, (*path, "tag"), report, "git graph")
                line += f" tag: {langium_string(tag)}"
            model.lines.append(line)
    return model


KIND = DiagramKind(
    name="gitgraph",
    description="A git graph of commits and branches (Mermaid `gitGraph`)",
    properties=PROPERTIES,
    required=("steps",),
    build=build,
    template="gitgraph.mmd.j2",
    since="10.9",
    since_note=BEFORE_OLDEST_CHECKED,
    mermaid_types=("gitGraph",),
    importer="specmaid.kinds.gitgraph.importer:import_gitgraph",
)
