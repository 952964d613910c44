"""From `pip install specmaid` to a checked repository, as a new user does it.

The wheel built from this repository is installed into a fresh virtualenv outside the
repository; in a new git repository (outside it too) the installed `specmaid` command runs
init, setup (the pinned npm packages, from the npm cache: no network), validate --mermaid,
import, adopt, check, build, serve and export. Nothing outside the project's declared folders
and the user cache may change.

No network: specmaid's Python dependencies come from the environment running the tests
(a .pth file in the new virtualenv points at its site-packages; specmaid itself comes only
from the wheel), and npm installs from the npm cache that `npm ci` of this
repository filled (every entry of the shipped lock files is in the repository's lock), with
--prefer-offline: the registry is asked only for a package the cache lacks.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import sysconfig
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PIP = (sys.executable, "-m", "pip")

GUIDE = """\
# Guide

The flow:

```mermaid
flowchart LR
    A[Write a spec] --> B[Build]
```

And who talks to whom:

```mermaid
sequenceDiagram
    Alice->>Bob: Hello
    Bob-->>Alice: Hi
```
"""

FLOW = """\
flowchart TD
    start([Start]) --> check{Is it current?}
    check -->|yes| done[Done]
    check -->|no| build[Run specmaid build]
    build --> done
"""


@dataclass
class Installed:
    home: Path  # HOME of the user (its .cache holds the user cache)
    venv: Path
    env: dict[str, str]

    def run(self, cwd: Path, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        if os.environ.get("SPECMAID_E2E_TIMES"):  # where the time goes, on request
            start = time.perf_counter()
            done = self._run(cwd, *args, timeout=timeout)
            print(f"{time.perf_counter() - start:6.2f} s  specmaid {' '.join(args)}")
            return done
        return self._run(cwd, *args, timeout=timeout)

    def _run(self, cwd: Path, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(self.venv / "bin" / "specmaid"), *args],
            cwd=cwd,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def _npm_cache() -> str:
    done = subprocess.run(
        ["npm", "config", "get", "cache"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel in a fresh virtualenv, with `specmaid setup --export` done in its user
    cache (the slow part, shared by this module's tests)."""
    base = tmp_path_factory.mktemp("pip-user")
    dist = base / "dist"
    subprocess.run(
        [*PIP, "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist), str(REPO)],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("specmaid-*.whl")
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [*PIP, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "specmaid_test_deps.pth").write_text("\n".join(sorted(ours)) + "\n")
    where = subprocess.run(
        [str(python), "-c", "import specmaid; print(specmaid.__file__)"],
        capture_output=True,
        text=True,
        check=True,
        cwd=base,
    ).stdout.strip()
    assert where.startswith(site), where  # the wheel's specmaid, not this checkout's
    home = base / "home"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SPECMAID_", "PYTHON", "VIRTUAL_ENV", "XDG_", "npm_"))
    }
    env.update(
        HOME=str(home),
        PATH=os.pathsep.join([str(venv / "bin"), os.environ.get("PATH", "")]),
        npm_config_cache=_npm_cache(),  # filled by `npm ci` of this repository
        # From the cache, without asking the registry (it is asked only for what is missing).
        npm_config_prefer_offline="true",
        npm_config_logs_max="0",  # no log files written into that cache
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
    )
    user = Installed(home, venv, env)
    done = user.run(base, "setup", "--export")
    assert done.returncode == 0, done.stderr
    assert "installing @mermaid-js/mermaid-cli 11.17.0" in done.stderr, done.stderr
    assert "mermaid 11.17.2" in done.stderr and "puppeteer-core 24.43.0" in done.stderr
    return user


def _snapshot(*roots: Path, skip: Path) -> dict[str, bytes]:
    files = {}
    for root in roots:
        for path in root.rglob("*"):
            if path.is_file() and skip not in path.parents:
                files[str(path)] = path.read_bytes()
    return files


@pytest.fixture
def project(installed: Installed, tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "my-docs"
    (root / "docs").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(root)], check=True, env=installed.env)
    (root / "docs" / "guide.md").write_text(GUIDE)
    (root / "flow.mmd").write_text(FLOW)
    yield root


def test_a_new_user_gets_a_checked_repository(installed: Installed, project: Path) -> None:
    user_cache = installed.home / ".cache" / "specmaid"
    before = _snapshot(project, installed.home, skip=user_cache)
    run = lambda *args: installed.run(project, *args)  # noqa: E731

    done = run("init")
    assert done.returncode == 0, done.stderr
    assert "repo: local" in done.stderr and "specmaid check --diff" in done.stderr
    assert (project / "schema" / "spec.schema.json").is_file()
    # The schema the example's modeline names is there.
    example = (project / "specs" / "example.yaml").read_text()
    assert example.startswith("# yaml-language-server: $schema=../schema/spec.schema.json\n")

    done = run("setup")
    assert done.returncode == 0, done.stderr
    done = run("validate", "--mermaid")
    assert done.returncode == 0, done.stderr
    assert "checked with Mermaid" in done.stderr

    done = run("import", "flow.mmd", "-o", "specs/flow.yaml")
    assert done.returncode == 0, done.stderr
    assert "diagram: flowchart" in (project / "specs" / "flow.yaml").read_text()

    done = run("adopt", "docs/guide.md")
    assert done.returncode == 0, done.stderr
    assert "specmaid.yaml (markdown: docs/guide.md)" in done.stdout
    adopted = sorted((project / "specs" / "guide").glob("*.yaml"))
    assert len(adopted) == 2
    for spec in adopted:
        first = spec.read_text().splitlines()[0]
        modeline = first.removeprefix("# yaml-language-server: $schema=")
        assert (spec.parent / modeline).resolve() == project / "schema" / "spec.schema.json"
    done = run("build")  # the example and the imported flowchart (adopt built its own)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["wrote", "out/example.mmd", "wrote", "out/flow.mmd"]
    done = run("check")
    assert done.returncode == 0, done.stdout + done.stderr

    spec = adopted[0]
    spec.write_text(spec.read_text().replace("Write a spec", "Write a YAML spec"))
    done = run("check")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "docs/guide.md" in done.stdout
    done = run("build")
    assert done.returncode == 0, done.stderr
    assert "Write a YAML spec" in (project / "docs" / "guide.md").read_text()
    done = run("check")
    assert done.returncode == 0, done.stdout + done.stderr

    _serve_answers(installed, project)

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "the export step needs Chromium (scripts/test installs Debian's chromium)"
    done = run("export", "--format", "svg")
    assert done.returncode == 0, done.stderr
    svg = project / "out" / "flow.svg"
    assert svg.read_bytes().startswith(b"<svg")

    after = _snapshot(project, installed.home, skip=user_cache)
    changed = {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}
    declared = [project / d for d in ("specs", "out", "themes", "schema", ".specmaid-cache")]
    allowed = {project / "specmaid.yaml", project / ".gitignore", project / "docs" / "guide.md"}
    strays = sorted(
        p
        for p in changed
        if Path(p) not in allowed and not any(d in Path(p).parents for d in declared)
    )
    assert strays == []
    assert not (project / "node_modules").exists() and not (project / "package.json").exists()


def _serve_answers(installed: Installed, project: Path) -> None:
    process = subprocess.Popen(
        [str(installed.venv / "bin" / "specmaid"), "serve", "--port", "0"],
        cwd=project,
        env=installed.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"serving (http://\S+)", line)
        assert match, line + (process.stderr.read() if process.poll() is not None else "")
        with urllib.request.urlopen(match.group(1), timeout=30) as response:
            assert response.status == 200
            assert b"<html" in response.read().lower()
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=30)


def test_without_node_every_error_names_one_command(installed: Installed, tmp_path: Path) -> None:
    """No Node on PATH (and no [node] extra): validate --mermaid and setup name one command."""
    bare = tmp_path / "bin"
    bare.mkdir()
    for tool in ("git",):
        found = shutil.which(tool)
        assert found
        (bare / tool).symlink_to(found)
    env = {
        **installed.env,
        "PATH": os.pathsep.join([str(installed.venv / "bin"), str(bare)]),
        "XDG_CACHE_HOME": str(tmp_path / "empty-cache"),  # nothing set up there
    }
    user = Installed(installed.home, installed.venv, env)
    root = tmp_path / "p"
    root.mkdir()
    assert user.run(root, "init").returncode == 0
    for args in (["validate", "--mermaid"], ["setup"], ["export"]):
        done = user.run(root, *args)
        assert done.returncode == 2, (args, done.stderr)
        commands = re.findall(r"`([^`]+)`", done.stderr)
        assert commands == ['python -m pip install "specmaid[node]"'], (args, done.stderr)


def test_setup_again_installs_nothing(installed: Installed, tmp_path: Path) -> None:
    done = installed.run(tmp_path, "setup", "--export")
    assert done.returncode == 0, done.stderr
    assert "already installed" in done.stderr
    folders = [p.name for p in (installed.home / ".cache" / "specmaid" / "node").iterdir()]
    assert any(re.fullmatch(r"export-[0-9a-f]{16}", name) for name in folders), folders
    assert not any(name.startswith(".") for name in folders), folders  # no staging left
