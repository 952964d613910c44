"""What a diagram shows when Mermaid really draws it: the words of its SVG, drawn in Chromium by
`specmaid export`'s drawing process (one browser, pages reused). The import round trip's
``--draw`` compares these for the original and the regenerated diagram, beside the comparison
of Mermaid's parse (:mod:`specmaid.importing.compare`)."""

from __future__ import annotations

import collections
import html
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

#: Parts of an SVG that are not drawn text: its style sheet and scripts.
_NOT_TEXT = re.compile(r"<(style|script)\b.*?</\1>", re.S | re.I)
_TEXT_NODE = re.compile(r">([^<]+)<")
#: a git commit id Mermaid made up (`<seq>-<7 random hex>`, new at every parse): drawn, but no
#: two drawings share it, so only its place counts
_MADE_UP_COMMIT_ID = re.compile(r"^(\d+)-[0-9a-f]{7}$")


def svg_words(svg: str) -> collections.Counter[str]:
    """The words an SVG draws (its text nodes: `<text>`, `<tspan>` and the HTML labels inside
    `<foreignObject>`), entities decoded, as a multiset: how a label is split into lines or
    elements does not count, which word is drawn how often does."""
    words: collections.Counter[str] = collections.Counter()
    for node in _TEXT_NODE.findall(_NOT_TEXT.sub("", svg)):
        words.update(
            _MADE_UP_COMMIT_ID.sub(r"\1-<made-up id>", word) for word in html.unescape(node).split()
        )
    return words


def draw_svgs(diagrams: Sequence[tuple[str, str]], root: Path) -> list[str | None]:
    """Each ``(name, Mermaid text)`` drawn to SVG, in order; None where Mermaid cannot draw it.
    Needs what `specmaid export` needs (Node, mermaid-cli, Chromium)."""
    from specmaid.apps.export import (
        ExportOptions,
        Job,
        _drawing_process,
        _run,
        _seed,
        drawing_time,
        find_chromium,
        find_mermaid_cli,
    )
    from specmaid.project.config import Project

    if not diagrams:
        return []
    options = ExportOptions()
    node_modules = find_mermaid_cli(Project(root=root))
    with (
        tempfile.TemporaryDirectory(prefix="specmaid-draw-") as tmp,
        _drawing_process(node_modules, find_chromium(), Path(tmp)) as drawing,
    ):
        folder = Path(tmp)
        jobs = [
            Job(name, text, folder / f"{i}.svg", _seed(f"d{i}"))
            for i, (name, text) in enumerate(diagrams)
        ]
        staged = [folder / f"{i}.staged.svg" for i in range(len(jobs))]
        request = {
            "format": "svg",
            "now": drawing_time() * 1000,
            "concurrency": options.jobs or 2,
            "freshPages": False,
            "jobs": [
                {
                    "name": job.name,
                    "text": job.text,
                    "output": str(target),
                    "config": options.mermaid_config(job.ident),
                    "svgId": job.ident,
                }
                for job, target in zip(jobs, staged, strict=True)
            ],
        }
        results = _run(drawing, request, jobs, staged, None)
        drawn = {job.output: error is None for job, error in results}
        return [job.output.read_text("utf-8") if drawn.get(job.output) else None for job in jobs]
