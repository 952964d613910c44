"""Choose tests/corpus from the diagrams `corpus_extract.py` found (see tests/corpus/README.md).

    python scripts/corpus_select.py found.jsonl MERMAID_GIT_DIR tests/corpus

Every candidate is parsed by the pinned Mermaid (one Node process): the ones it refuses are
dropped and counted by reason. Copies of Mermaid's own documentation examples (compared with
the docs of the mermaid-js/mermaid checkout given and the @mermaid-js/examples package, after
collapsing white space, or sharing >= 80% of their lines) and repeated diagrams are dropped too.
Then each kind takes diagrams round-robin over repositories (the first of every repository,
then the second of every repository…, up to CAP[kind] in all), so that many projects are
represented.
"""

from __future__ import annotations

import collections
import json
import re
import subprocess
import sys
from pathlib import Path

from specmaid.kinds.registry import kind_of_mermaid_type
from specmaid.mermaid.bridge import find_node_modules, parse_diagrams

DEFAULT_CAP = 25
CAP = {"flowchart": 120, "sequence": 70, "er": 35, "class": 30, "state": 30}
MAX_BYTES = 6000
#: where repositories keep a copy of Mermaid's documentation (older versions included)
DOC_COPY_PATH = re.compile(r"mermaid[-_.]?js|mermaid[-_]doc", re.I)
DOC_FENCE = re.compile(r"^```(?:mermaid|mermaid-example|mermaid-nocode)\s*\n(.*?)^```", re.S | re.M)


def normalise(text: str) -> str:
    return " ".join(text.split())


def line_set(text: str) -> frozenset[str]:
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


def documentation_diagrams(mermaid_git: Path) -> list[str]:
    """The diagrams of Mermaid's docs (every Markdown file of its newest commit)."""
    git = ["git", f"--git-dir={mermaid_git}"]
    names = subprocess.run(
        [*git, "ls-tree", "-r", "--name-only", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    found = []
    for name in names:
        if name.endswith(".md") and "docs" in name:
            text = subprocess.run(
                [*git, "show", f"HEAD:{name}"], capture_output=True, text=True, check=True
            ).stdout
            found += DOC_FENCE.findall(text)
    modules = find_node_modules(Path.cwd())
    assert modules is not None
    entry = modules / "@mermaid-js" / "examples" / "dist" / "mermaid-examples.core.mjs"
    script = (
        "import(process.argv[1]).then(m => console.log(JSON.stringify("
        "m.diagramData.flatMap(d => d.examples.map(e => e.code)))))"
    )
    out = subprocess.run(
        ["node", "-e", script, entry.as_uri()], capture_output=True, text=True, check=True
    ).stdout
    return found + json.loads(out)


def main() -> None:
    found_path, mermaid_git, out_dir = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
    records = [json.loads(line) for line in found_path.read_text("utf-8").splitlines()]
    dropped: collections.Counter[str] = collections.Counter()
    cache = found_path.with_name("documentation-diagrams.json")
    if cache.is_file():
        docs = json.loads(cache.read_text("utf-8"))
    else:
        docs = documentation_diagrams(mermaid_git)
        cache.write_text(json.dumps(docs), "utf-8")
    doc_texts = {normalise(d) for d in docs}
    doc_lines = [line_set(d) for d in docs if len(line_set(d)) >= 3]
    seen: set[str] = set()
    candidates = []
    for record in records:
        text = record["text"]
        key = normalise(text)
        if not key:
            dropped["empty block"] += 1
        elif key in seen:
            dropped["repeats a diagram already taken"] += 1
        elif len(text.encode("utf-8")) > MAX_BYTES:
            dropped[f"over {MAX_BYTES} bytes (corpus size)"] += 1
        elif key in doc_texts or DOC_COPY_PATH.search(record["path"]):
            dropped["a copy of a Mermaid documentation example"] += 1
        else:
            lines = line_set(text)
            if len(lines) >= 3 and any(
                len(lines & d) >= 0.8 * max(len(lines), len(d)) for d in doc_lines
            ):
                dropped["a copy of a Mermaid documentation example"] += 1
                continue
            seen.add(key)
            candidates.append(record)
    results = parse_diagrams([(str(i), r["text"]) for i, r in enumerate(candidates)])
    by_kind: dict[str, dict[str, list[dict]]] = collections.defaultdict(
        lambda: collections.defaultdict(list)
    )
    for record, result in zip(candidates, results, strict=True):
        if not result.ok:
            reason = (result.error or "").split("\n")[0]
            reason = re.sub(r"line \d+", "line N", reason)
            reason = "Mermaid 11.17.2 cannot parse it: " + (
                "no diagram type detected"
                if "No diagram type detected" in reason
                else "parse error"
                if "Parse error" in reason or "Expecting" in reason
                else "lexical error"
                if "Lexical error" in reason
                else "other error"
            )
            dropped[reason] += 1
            continue
        kind = kind_of_mermaid_type(str(result.diagram_type))
        if kind is None:
            dropped[f"a diagram type specmaid does not write ({result.diagram_type})"] += 1
            continue
        by_kind[kind.name][record["repo"]].append(record)
    sources = ["file\trepo\tpath\tcommit\tline\tlicence"]
    counts = {}
    for kind, repos in sorted(by_kind.items()):
        cap = CAP.get(kind, DEFAULT_CAP)
        chosen: list[dict] = []
        for round_ in range(max(len(v) for v in repos.values())):
            for repo in sorted(repos):
                if len(chosen) < cap and round_ < len(repos[repo]):
                    chosen.append(repos[repo][round_])
        not_taken = sum(len(v) for v in repos.values()) - len(chosen)
        if not_taken:
            dropped["not taken: its kind's share of the corpus was full"] += not_taken
        numbers: collections.Counter[str] = collections.Counter()
        for record in chosen:
            stem = record["repo"].replace("/", "__")
            numbers[stem] += 1
            name = f"{kind}/{stem}__{numbers[stem]}.mmd"
            path = out_dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(record["text"].encode("utf-8"))
            sources.append(
                "\t".join(
                    [
                        name,
                        record["repo"],
                        record["path"],
                        record["commit"],
                        str(record["line"]),
                        record["licence"],
                    ]
                )
            )
        counts[kind] = (len(chosen), len(repos))
    (out_dir / "SOURCES.tsv").write_text("\n".join(sources) + "\n", "utf-8")
    print(json.dumps({"counts": counts, "dropped": dropped, "candidates": len(records)}, indent=1))


if __name__ == "__main__":
    main()
