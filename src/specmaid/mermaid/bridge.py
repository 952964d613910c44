"""Running real Mermaid's parser (the pinned npm package, under jsdom) from Python.

``parse_diagrams`` sends a batch to one Node process; ``MermaidServer`` keeps one process
running and parses one diagram per call (for property-based tests). Both need Node 20+ and the
pinned npm packages: ``specmaid setup`` installs them (see :mod:`specmaid.mermaid.nodesetup`).
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from types import TracebackType
from typing import Any

SCRIPT = Path(__file__).with_name("mermaid_parse.mjs")


class MermaidUnavailable(Exception):
    """Node or the pinned mermaid package is missing; the message says how to fix it."""


@dataclass(frozen=True)
class ParseResult:
    name: str
    ok: bool
    error: str | None
    diagram_type: str | None
    config: dict[str, Any]
    title: str | None
    graph: dict[str, Any] | None
    acc_title: str | None = None
    acc_description: str | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParseResult:
        return cls(
            name=data.get("name", ""),
            ok=bool(data.get("ok")),
            error=data.get("error"),
            diagram_type=data.get("diagramType"),
            config=data.get("config") or {},
            title=data.get("title"),
            graph=data.get("graph"),
            acc_title=data.get("accTitle") or None,
            acc_description=data.get("accDescription") or None,
        )


def find_node_modules(start: Path | None = None, needed: str = "mermaid") -> Path | None:
    """Where the npm packages are: SPECMAID_NODE_MODULES, else the nearest ``node_modules``
    holding ``needed`` walking up from ``start`` (a clone of specmaid, or a project with its
    own), else what ``specmaid setup`` installed in the user's cache folder."""
    env = os.environ.get("SPECMAID_NODE_MODULES")
    if env:
        return Path(env)
    marker = f"{needed}/package.json"
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "node_modules"
        if (candidate / marker).is_file():
            return candidate
    from specmaid.mermaid.nodesetup import installed_modules

    return installed_modules(marker)


def _command(
    node_modules: Path | None, *extra: str, package: str = "mermaid"
) -> tuple[list[str], dict[str, str]]:
    """The Node command and environment; ``package`` names the Mermaid to load (the pinned
    one, or an older one installed under an npm alias such as ``mermaid-10.9``)."""
    from specmaid.mermaid.nodesetup import node_executable, node_missing_message

    node = node_executable()
    if node is None:
        raise MermaidUnavailable(node_missing_message())
    modules = node_modules or find_node_modules(needed=package)
    if package == "mermaid-12" and not (modules and (modules / package).is_dir()):
        # The project's (or the parse tier's) folder lacks it: `setup --mermaid-12`'s tier.
        modules = find_node_modules(needed=package)
    if modules is None or not (modules / package / "package.json").is_file():
        if package == "mermaid":
            fix = "run `specmaid setup`"
        elif package == "mermaid-12":
            fix = "run `specmaid setup --mermaid-12`"
        else:  # the older Mermaids specmaid's own tests compare with (package.json aliases)
            fix = "run `npm ci` in a clone of specmaid (its package.json has it)"
        raise MermaidUnavailable(f"the {package} npm package is not installed; {fix}")
    env = {
        **os.environ,
        "SPECMAID_NODE_MODULES": str(modules),
        "SPECMAID_MERMAID_PACKAGE": package,
    }
    return [node, str(SCRIPT), *extra], env


def mermaid_version(node_modules: Path | None = None) -> str:
    modules = node_modules or find_node_modules()
    if modules is None:
        raise MermaidUnavailable("the mermaid npm package is not installed; run `specmaid setup`")
    data = json.loads((modules / "mermaid" / "package.json").read_text("utf-8"))
    return str(data["version"])


#: texts already parsed by the pinned Mermaid, by text (see :func:`preparsed`)
_PREPARSED: ContextVar[Mapping[str, ParseResult] | None] = ContextVar("preparsed", default=None)


@contextmanager
def preparsed(results: Mapping[str, ParseResult]) -> Iterator[None]:
    """Within this block, :func:`parse_diagrams` answers the texts in ``results`` (text →
    its parse by the pinned Mermaid) without starting Node: code that parses one diagram at a
    time (`import_diagram`) then runs over many diagrams with one batched parse first."""
    token = _PREPARSED.set(results)
    try:
        yield
    finally:
        _PREPARSED.reset(token)


def parse_diagrams(
    diagrams: Sequence[tuple[str, str]],
    node_modules: Path | None = None,
    *,
    package: str = "mermaid",
) -> list[ParseResult]:
    """Parse every ``(name, text)`` with real Mermaid in one Node process, in order."""
    known = _PREPARSED.get() if package == "mermaid" else None
    if known is not None:
        missing = [(n, t) for n, t in diagrams if t not in known]
        fresh = iter(_parse_batch(missing, node_modules, package) if missing else [])
        return [replace(known[t], name=n) if t in known else next(fresh) for n, t in diagrams]
    return _parse_batch(diagrams, node_modules, package)


def _parse_batch(
    diagrams: Sequence[tuple[str, str]], node_modules: Path | None, package: str
) -> list[ParseResult]:
    command, env = _command(node_modules, package=package)
    payload = json.dumps({"diagrams": [{"name": n, "text": t} for n, t in diagrams]})
    done = subprocess.run(
        command,
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        check=False,
    )
    if done.returncode != 0:
        raise MermaidUnavailable(done.stderr.strip() or f"node exited with {done.returncode}")
    data = json.loads(done.stdout)
    return [ParseResult.from_json(r) for r in data["results"]]


def package_for(target: tuple[int, int, int] | None) -> str:
    """The npm package that parses output for ``target``: the pinned Mermaid, or Mermaid 12
    (``mermaid-12``, which `specmaid setup` installs beside it) for a target of 12 or newer.
    Without a target, the pinned one."""
    from specmaid.mermaid.features import ORACLES

    chosen = "mermaid"
    for version, package in sorted(ORACLES.items()):
        if target is not None and target >= (version[0], 0, 0):
            chosen = package
    return chosen


def parse_for_targets(
    diagrams: Sequence[tuple[str, str, tuple[int, int, int] | None]],
    node_modules: Path | None = None,
) -> list[ParseResult]:
    """Parse each ``(name, text, target)`` with the Mermaid its target runs (one Node process
    per package), in order."""
    by_package: dict[str, list[int]] = {}
    for index, (_, _, target) in enumerate(diagrams):
        by_package.setdefault(package_for(target), []).append(index)
    results: list[ParseResult | None] = [None] * len(diagrams)
    for package, indexes in by_package.items():
        parsed = parse_diagrams([diagrams[i][:2] for i in indexes], node_modules, package=package)
        for index, result in zip(indexes, parsed, strict=True):
            results[index] = result
    return [r for r in results if r is not None]


class MermaidServer:
    """One long-running Node process parsing one diagram per :meth:`parse` call."""

    def __init__(self, node_modules: Path | None = None, *, package: str = "mermaid") -> None:
        self._command, self._env = _command(node_modules, "--serve", package=package)
        self._process: subprocess.Popen[str] | None = None
        self.version: str | None = None

    def __enter__(self) -> MermaidServer:
        self._process = subprocess.Popen(
            self._command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            env=self._env,
        )
        hello = self._read()
        self.version = hello.get("mermaid_version")
        return self

    def _read(self) -> dict[str, Any]:
        assert self._process is not None and self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line:
            stderr = self._process.stderr.read() if self._process.stderr else ""
            raise MermaidUnavailable(stderr.strip() or "the Mermaid process stopped")
        result: dict[str, Any] = json.loads(line)
        return result

    def parse(self, text: str, name: str = "") -> ParseResult:
        assert self._process is not None and self._process.stdin is not None
        self._process.stdin.write(json.dumps({"name": name, "text": text}) + "\n")
        self._process.stdin.flush()
        return ParseResult.from_json(self._read())

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._process is not None:
            if self._process.stdin:
                self._process.stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
            for stream in (self._process.stdout, self._process.stderr):
                if stream:
                    stream.close()
