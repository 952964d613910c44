"""Git graph: the steps (commits, branches, checkouts, merges, cherry-picks) in order."""

from __future__ import annotations

from specmaid.diff.extract import DiffInput, attrs, diagram
from specmaid.diff.projection import Projection

VERBS = ("commit", "branch", "checkout", "merge", "cherry_pick")


def project(inp: DiffInput) -> Projection:
    p = Projection()
    diagram(p, inp, "direction")
    for step in inp.spec.get("steps") or []:
        verb = next((v for v in VERBS if v in step), "step")
        p.add(verb.replace("_", "-"), None, step.get(verb) or "", attrs(step, verb), seq="steps")
    return p
