"""`specmaid export`: diagrams as SVG, PNG or PDF images, drawn by mermaid-cli.

mermaid-cli (`@mermaid-js/mermaid-cli`, the package behind `mmdc`) drives a headless browser
through Puppeteer. specmaid never lets Puppeteer download one: it points it at the system
Chromium (``SPECMAID_CHROMIUM``, ``PUPPETEER_EXECUTABLE_PATH``, or ``chromium`` on the PATH)
with the flags a machine without a display, a sandbox or a network needs. One browser draws
the whole batch (``mermaid_export.mjs``); starting Chromium once per diagram, as `mmdc` does,
costs about a second each. Up to ``jobs`` diagrams (default: one per core) are drawn at once,
each lane in its own tab drawing diagram after diagram in one loaded page, and each image is
moved into place as it finishes.

Output is deterministic: Mermaid's ``deterministicIds`` with a seed derived from the spec's
path, and a fixed SVG id, so the same spec gives the same bytes on every run, whatever the
number of jobs or the order the diagrams are drawn in: each diagram gets ``Math.random``
restarted from its own seed, a stopped clock, and a page in which no diagram that could leave
state behind for it was drawn before (the bytes of a freshly loaded page; the tests compare).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from specmaid.errors import SpecError, SpecErrors, UsageError
from specmaid.mermaid.bridge import find_node_modules
from specmaid.project.config import Project

SCRIPT = Path(__file__).parents[1] / "mermaid" / "mermaid_export.mjs"

#: Chromium flags for a headless run on a machine with no display, no user namespace
#: sandbox (containers, root) and no network: no GPU, no background traffic to Google.
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome-stable", "google-chrome")

INSTALL_CHROMIUM = (
    "Chromium is not installed: specmaid export draws diagrams in a headless Chromium."
    " Install it (Debian/Ubuntu: `sudo apt-get install chromium`; macOS: `brew install"
    " --cask chromium`), or set SPECMAID_CHROMIUM to a Chrome or Chromium executable."
)
INSTALL_MMDC = (
    "mermaid-cli is not installed: specmaid export draws diagrams with @mermaid-js/mermaid-cli."
    " Run `specmaid setup --export` (it installs the pinned mermaid-cli and puppeteer-core into"
    " your user cache folder; no browser is downloaded)."
)

ProgressFn = Callable[[int, int, str], None]


class ExportUnavailable(UsageError):
    """Node, mermaid-cli or Chromium is missing; the message says how to install it."""


def default_jobs() -> int:
    """Diagrams drawn at once: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class ExportOptions:
    fmt: str = "svg"  # svg, png or pdf
    html_labels: bool = True  # False: SVG <text> labels, for Inkscape and Office
    jobs: int | None = None  # diagrams drawn at once (None: one per core)
    #: A new browser tab per diagram, one diagram at a time: the way images were drawn
    #: before tabs were reused (the tests compare the two; the bytes are the same).
    fresh_pages: bool = False

    def mermaid_config(self, seed: str) -> dict[str, object]:
        config: dict[str, object] = {
            "deterministicIds": True,
            "deterministicIDSeed": seed,
        }
        if not self.html_labels:
            config["htmlLabels"] = False
            config["flowchart"] = {"htmlLabels": False}
        return config


#: The clock the page sees while drawing (a gantt chart's "today" line, tasks relative to
#: today): SOURCE_DATE_EPOCH when set (the reproducible-builds convention), else this date.
DEFAULT_DRAWING_TIME = 946_684_800  # 2000-01-01T00:00:00Z


def drawing_time() -> int:
    """Seconds since the epoch that the page's clock is stopped at."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "")
    return int(value) if value.isdigit() else DEFAULT_DRAWING_TIME


def find_chromium() -> Path:
    """The browser to draw with, or ExportUnavailable saying how to install one."""
    for variable in ("SPECMAID_CHROMIUM", "PUPPETEER_EXECUTABLE_PATH"):
        value = os.environ.get(variable)
        if value:
            path = Path(value)
            if path.is_file() and os.access(path, os.X_OK):
                return path
            raise ExportUnavailable(
                f"{variable}={value} is not an executable file. {INSTALL_CHROMIUM}"
            )
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    raise ExportUnavailable(INSTALL_CHROMIUM)


def find_mermaid_cli(project: Project) -> Path:
    """The node_modules folder holding mermaid-cli and Puppeteer, or ExportUnavailable."""
    from specmaid.mermaid.nodesetup import node_executable, node_missing_message

    if node_executable() is None:
        raise ExportUnavailable(f"specmaid export runs mermaid-cli; {node_missing_message()}")
    needed = "@mermaid-js/mermaid-cli"
    modules = find_node_modules(project.root, needed) or find_node_modules(
        Path(__file__).parent, needed
    )
    if modules is None:
        raise ExportUnavailable(INSTALL_MMDC)
    needed = (modules / "@mermaid-js" / "mermaid-cli" / "package.json", modules / "puppeteer")
    if not all(p.exists() for p in needed):
        raise ExportUnavailable(INSTALL_MMDC)
    return modules


@dataclass(frozen=True)
class Job:
    name: str  # the spec, relative to the project root (for messages)
    text: str
    output: Path
    ident: str  # the SVG id and id seed: from the path under specs/, so unique per image


def _seed(name: str) -> str:
    """The id seed and SVG id of one image: stable, and different per diagram so two SVGs
    inlined in one page do not share element ids."""
    return "specmaid-" + re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-")


def plan_export(
    project: Project, specs: list[Path] | None, output_dir: Path | None, fmt: str
) -> list[Job]:
    """Render the specs (every spec by default) and decide where each image goes: the output
    folder (default: the project's out folder) with the layout of the specs folder. A spec
    whose theme has a dark variant gives two images (``x.svg``, ``x.dark.svg``). Raises
    SpecErrors with every spec's errors; nothing is drawn then."""
    from specmaid.paths import is_inside as _inside
    from specmaid.project.files import spec_files
    from specmaid.project.renderer import render_variants

    paths = specs if specs is not None else spec_files(project)
    out = output_dir.resolve() if output_dir is not None else project.out_dir
    jobs: list[Job] = []
    errors: list[SpecError] = []
    for spec in paths:
        name = project.relative(spec)
        if not _inside(project.specs_dir, spec):
            errors.append(
                SpecError(f"not a spec of this project: specs live in {project.specs}/", file=name)
            )
            continue
        if not spec.is_file():
            errors.append(SpecError("spec file not found", file=name))
            continue
        texts, _warnings, _files, problems = render_variants(spec, project)
        if problems:
            errors.extend(SpecError(**{**p, "path": tuple(p["path"])}) for p in problems)
            continue
        rel = spec.resolve().relative_to(project.specs_dir.resolve())
        for variant, text in texts.items():
            ident = _seed(rel.with_suffix("").as_posix() + variant)
            jobs.append(Job(name, text, out / rel.with_suffix(f"{variant}.{fmt}"), ident))
    if errors:
        raise SpecErrors(errors)
    return jobs


def export_specs(
    project: Project,
    specs: list[Path] | None,
    output_dir: Path | None,
    options: ExportOptions,
    *,
    progress: ProgressFn | None = None,
    documents: dict[Path, int] | None = None,
) -> list[Path]:
    """Draw the specs' diagrams; returns the image files written. Raises ExportUnavailable
    (how to install what is missing) or SpecErrors (a spec's, or Mermaid's, errors).
    ``documents``, when given, receives each drawn image's page: a number per page loaded
    (several images drawn in one page share it)."""
    node_modules = find_mermaid_cli(project)
    chromium = find_chromium()
    with (
        tempfile.TemporaryDirectory(prefix="specmaid-export-") as tmp,
        _drawing_process(node_modules, chromium, Path(tmp)) as drawing,
    ):
        # Chromium starts while the specs are rendered (a second or more of each).
        jobs = plan_export(project, specs, output_dir, options.fmt)
        if not jobs:
            return []
        for job in jobs:
            job.output.parent.mkdir(parents=True, exist_ok=True)
        # Images go to a temporary folder first and are moved into place when drawn, so a
        # failed run leaves no half-written file behind.
        staged = [Path(tmp) / f"{i}.{options.fmt}" for i in range(len(jobs))]
        request = {
            "format": options.fmt,
            "now": drawing_time() * 1000,
            "concurrency": 1 if options.fresh_pages else (options.jobs or default_jobs()),
            "freshPages": options.fresh_pages,
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
        results = _run(drawing, request, jobs, staged, progress, documents)
    errors = [
        SpecError(f"Mermaid cannot draw the diagram: {error}{_hint(error)}", file=job.name)
        for job, error in results
        if error is not None
    ]
    if errors:
        raise SpecErrors(errors)
    return [job.output for job in jobs]


@dataclass
class _Drawing:
    process: subprocess.Popen[str]
    stderr: IO[str]


@contextmanager
def _drawing_process(node_modules: Path, chromium: Path, scratch: Path) -> Iterator[_Drawing]:
    """mermaid_export.mjs, started (and starting Chromium) before it is told what to draw.
    Leaving the block closes its stdin, which ends it, unasked (a spec had errors), when done."""
    from specmaid.mermaid.nodesetup import node_executable

    env = {
        **os.environ,
        "SPECMAID_NODE_MODULES": str(node_modules),
        "PUPPETEER_SKIP_DOWNLOAD": "1",
        # Chromium keeps crash-report settings and a dconf database in the user's config
        # and cache folders; an export leaves nothing behind but its images.
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_CACHE_HOME": str(scratch / "cache"),
    }
    browser = {"executablePath": str(chromium), "args": list(CHROMIUM_ARGS)}
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as stderr:
        process = subprocess.Popen(
            [node_executable() or "node", str(SCRIPT), json.dumps(browser)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            text=True,
            encoding="utf-8",
            env=env,
        )
        try:
            yield _Drawing(process, stderr)
        finally:
            assert process.stdin is not None and process.stdout is not None
            if not process.stdin.closed:
                process.stdin.close()
            try:
                process.wait(timeout=60)  # (it closes Chromium first)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            process.stdout.close()


def _run(
    drawing: _Drawing,
    request: dict[str, object],
    jobs: list[Job],
    staged: list[Path],
    progress: ProgressFn | None,
    documents: dict[Path, int] | None = None,
) -> list[tuple[Job, str | None]]:
    process = drawing.process
    assert process.stdin is not None and process.stdout is not None
    results: list[tuple[Job, str | None] | None] = [None] * len(jobs)
    try:
        process.stdin.write(json.dumps(request))
        process.stdin.close()
    except BrokenPipeError:  # it stopped before reading (Chromium did not start): below
        pass
    for done, line in enumerate(process.stdout, start=1):  # one line per image, when drawn
        data = json.loads(line)
        index = int(data["index"])
        job = jobs[index]
        if data["ok"]:
            os.replace(staged[index], job.output)
            results[index] = (job, None)
            if documents is not None:
                documents[job.output] = int(data["document"])
        else:
            results[index] = (job, str(data["error"]))
        if progress is not None:
            progress(done, len(jobs), _display(job))
    code = process.wait()
    drawing.stderr.seek(0)
    log = drawing.stderr.read()
    finished = [r for r in results if r is not None]
    if len(finished) < len(jobs):
        raise ExportUnavailable(_launch_error(log, code))
    return finished


def _hint(error: str) -> str:
    if "cannot be decoded" in error or "EncodingError" in error:
        return (
            " (an image the diagram shows could not be loaded: image URLs must be reachable"
            " when exporting; a data: URI always is)"
        )
    return ""


def _display(job: Job) -> str:
    try:
        return job.output.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(job.output)


def _launch_error(log: str, code: int) -> str:
    lines = [line for line in log.strip().splitlines() if line.strip()]
    tail = "\n".join(lines[-6:]) if lines else f"node exited with {code}"
    return f"mermaid-cli stopped before drawing every diagram:\n{tail}"
