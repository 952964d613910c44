"""Shared parts of the import round-trip tests: the corpus sources and the round trip.

The corpus of real-world diagrams is Mermaid's own documentation examples (the
`@mermaid-js/examples` npm package, MIT, installed by `npm ci`, not copied here) and this
project's gallery outputs; each test module adds hand-written hostile cases.
"""

from __future__ import annotations

import json
import re
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from specmaid.importing.dispatch import import_diagram
from specmaid.mermaid.bridge import ParseResult, find_node_modules, parse_diagrams
from specmaid.pipeline.compile import render_source
from specmaid.pipeline.source import SourceText
from specmaid.project.config import Project

REPO = Path(__file__).resolve().parents[1]
MODULES = find_node_modules(REPO)
assert MODULES is not None


def documentation_examples(diagram_ids: list[str]) -> list[tuple[str, str]]:
    """(name, code) of every example of those diagram ids in @mermaid-js/examples."""
    script = (
        "import(process.argv[1]).then(m => console.log(JSON.stringify(m.diagramData"
        f".filter(d => {json.dumps(diagram_ids)}.includes(d.id))"
        ".flatMap(d => d.examples.map(e => [d.id + ': ' + e.title, e.code])))))"
    )
    entry = MODULES / "@mermaid-js" / "examples" / "dist" / "mermaid-examples.core.mjs"
    out = subprocess.run(
        ["node", "-e", script, entry.as_uri()], capture_output=True, text=True, check=True
    )
    return [(f"examples:{title}", code) for title, code in json.loads(out.stdout)]


def gallery_outputs(header: str) -> list[tuple[str, str]]:
    """(name, text) of this project's generated outputs whose diagram line starts `header`."""
    found = []
    for path in sorted((REPO / "out").rglob("*.mmd")):
        text = path.read_text("utf-8")
        if ".dark." not in path.name and f"\n{header}" in text.split("%%", 1)[-1][:400]:
            found.append((f"gallery:{path.stem}", text))
    return found


def render(spec_yaml: str, root: Path) -> str:
    return render_source(SourceText("imported.yaml", spec_yaml), Project(root=root)).text


def round_trips(corpus: list[tuple[str, str]]) -> dict[str, tuple[str, str, str, list[str]]]:
    """name → (original, import → render, render → import → render, import warnings)."""
    root = Path(tempfile.mkdtemp())
    out = {}
    for name, original in corpus:
        imported = import_diagram(original, name)
        first = render(imported.yaml(), root)
        second = render(import_diagram(first, name).yaml(), root)
        out[name] = (original, first, second, [str(w) for w in imported.warnings])
    return out


Trips = dict[str, tuple[str, str, str, list[str]]]


def read_back(trip: tuple[str, str, str, list[str]]) -> tuple[ParseResult, ParseResult]:
    """What Mermaid reads from a round trip's original and from its import → render."""
    original, first, _, _ = trip
    results = {r.name: r for r in parse_diagrams([("original", original), ("imported", first)])}
    return results["original"], results["imported"]


def assert_fixed_points(trips: Trips) -> None:
    """render → import → render gives the same text for every diagram."""
    for name, (_, first, second, _) in trips.items():
        assert second == first, name


def warnings_of(trips: Trips) -> dict[str, list[str]]:
    """name → the warnings its import reported."""
    return {name: warnings for name, (_, _, _, warnings) in trips.items()}


def breaks_as_newlines(value: Any) -> Any:
    """``value`` with every `<br>` spelling in its texts written as a line break: import
    writes Mermaid's `<br>` as the spec's line break, and Mermaid draws both as one."""
    if isinstance(value, str):
        return re.sub(r"<br\s*/?>", "\n", value, flags=re.I)
    if isinstance(value, dict):
        return {k: breaks_as_newlines(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(breaks_as_newlines(v) for v in value)
    return value
