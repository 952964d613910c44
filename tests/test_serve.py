"""`specmaid serve`: the preview's data and HTTP endpoints, then the page end to end in a
headless Chromium driven by Playwright (the system browser: nothing is downloaded).

The browser test needs Chromium (`scripts/test` installs Debian's package when it is missing)
and `npm ci`; it fails, never skips, when either is missing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from background import start_specmaid, wait_for

from specmaid.apps.export import CHROMIUM_ARGS, ExportUnavailable, find_chromium
from specmaid.apps.serve import Preview, PreviewServer
from specmaid.errors import UsageError
from specmaid.project.config import find_project

REPO = Path(__file__).resolve().parents[1]
SPEC = "diagram: flowchart\nnodes: {A: Start, B: End}\nedges: [{from: A, to: B}]\n"
BROKEN = "diagram: flowchart\nnodes:\n  A: Start\n  B: {label: End, shape: diamnd}\n"


def edit(path: Path, text: str) -> None:
    """Write ``text`` and move the modification time on by a second (coarse clocks)."""
    old = path.stat().st_mtime_ns if path.exists() else time.time_ns()
    path.write_text(text)
    os.utime(path, ns=(old + 1_000_000_000, old + 1_000_000_000))


@pytest.fixture
def project_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text("[tool.specmaid]\n")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC)
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(REPO / "node_modules"))
    return tmp_path


# ----------------------------------------------------------------- the data behind the page


def test_preview_versions_follow_changes(project_dir: Path) -> None:
    preview = Preview(project_dir)
    assert preview.refresh() is True
    assert preview.version == 1
    (diagram,) = preview.payload()["diagrams"]
    assert diagram["name"] == "specs/a.yaml" and diagram["errors"] == []
    assert 'B["End"]' in diagram["text"]
    assert preview.refresh() is False and preview.version == 1

    edit(project_dir / "specs" / "a.yaml", BROKEN)
    assert preview.refresh() is True and preview.version == 2
    (diagram,) = preview.payload()["diagrams"]
    assert diagram["text"] is None
    assert diagram["errors"][0].startswith(
        "specs/a.yaml:4:26: error: nodes.B.shape: unknown value 'diamnd'"
    )

    # A new spec is seen; a touched file with the same content changes nothing.
    (project_dir / "specs" / "b.yaml").write_text(SPEC)
    assert preview.refresh() is True
    assert [d["name"] for d in preview.payload()["diagrams"]] == ["specs/a.yaml", "specs/b.yaml"]
    edit(project_dir / "specs" / "b.yaml", SPEC)
    version = preview.version
    assert preview.refresh() is False and preview.version == version

    # A broken configuration shows as a project error, and mending it brings the diagrams back.
    edit(project_dir / "pyproject.toml", "[tool.specmaid]\nspecz = 1\n")
    assert preview.refresh() is True
    payload = preview.payload()
    assert payload["diagrams"] == []
    assert "pyproject.toml: error: specz: unknown setting 'specz'" in payload["errors"][0]
    edit(project_dir / "pyproject.toml", "[tool.specmaid]\n")
    assert preview.refresh() is True and len(preview.payload()["diagrams"]) == 2


def test_preview_renders_again_only_what_a_change_reaches(project_dir: Path) -> None:
    specs = project_dir / "specs"
    (specs / "_f.yaml").write_text("nodes: {Z: Shared}\n")
    (specs / "b.yaml").write_text("include: _f.yaml\n" + SPEC)
    preview = Preview(project_dir)
    assert preview.refresh() is True and preview.renders == 2
    real = lambda name: os.path.realpath(specs / name)  # noqa: E731

    edit(specs / "a.yaml", SPEC.replace("End", "Changed"))
    assert preview.update({real("a.yaml")}) is True and preview.renders == 3
    assert not preview.last_full and preview.version == 2
    edit(specs / "_f.yaml", "nodes: {Z: Fragment}\n")
    assert preview.update({real("_f.yaml")}) is True and preview.renders == 4
    texts = {d["name"]: d["text"] for d in preview.payload()["diagrams"]}
    assert "Changed" in texts["specs/a.yaml"] and "Fragment" in texts["specs/b.yaml"]
    assert preview.update({real(".a.yaml.swp")}) is False and preview.renders == 4

    (specs / "c.yaml").write_text(SPEC)  # a new file: every spec
    assert preview.update({real("c.yaml")}) is True and preview.renders == 7
    assert preview.last_full and len(preview.payload()["diagrams"]) == 3


def get(url: str, host: str | None = None) -> tuple[int, bytes, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read(), response.headers["Content-Type"]
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers["Content-Type"]


@pytest.fixture
def server(project_dir: Path) -> Iterator[PreviewServer]:
    project = find_project(project_dir)
    assert project is not None
    app = PreviewServer(project, port=0, interval=0.05)
    app.start()
    yield app
    app.stop()


def test_endpoints(server: PreviewServer, project_dir: Path) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    status, body, kind = get(server.url)
    assert status == 200 and kind == "text/html; charset=utf-8"
    assert b'<script src="/mermaid.min.js">' in body and b"cdn" not in body.lower()
    status, body, _ = get(server.url + "mermaid.min.js")
    script = REPO / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    assert status == 200 and body == script.read_bytes()
    status, body, kind = get(server.url + "api/diagrams")
    assert status == 200 and kind == "application/json"
    assert json.loads(body)["diagrams"][0]["name"] == "specs/a.yaml"
    status, body, _ = get(server.url + "layout-elk/mermaid-layout-elk.esm.min.mjs")
    assert status == 200 and body.startswith(b"import")
    assert get(server.url + "layout-elk/../../mermaid/package.json")[0] == 404
    assert get(server.url + "nothing-here")[0] == 404
    # DNS rebinding: another site's name resolving to 127.0.0.1 is refused.
    assert get(server.url + "api/diagrams", host="evil.example:80")[0] == 403


def test_event_stream_announces_new_versions(server: PreviewServer, project_dir: Path) -> None:
    with urllib.request.urlopen(server.url + "events", timeout=10) as stream:
        assert stream.headers["Content-Type"] == "text/event-stream"
        assert stream.readline() == b"event: version\n"
        assert stream.readline() == b"data: 1\n"
        assert stream.readline() == b"\n"
        edit(project_dir / "specs" / "a.yaml", SPEC.replace("End", "Finish"))
        assert stream.readline() == b"event: version\n"
        assert stream.readline() == b"data: 2\n"
    assert "Finish" in server.preview.payload()["diagrams"][0]["text"]


@pytest.mark.parametrize("why", ["--poll", "watches refused"])
def test_the_server_polls_when_asked_or_when_notification_is_unavailable(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch, why: str
) -> None:
    import specmaid.apps.serve as serve

    if why == "watches refused":

        def refuse(folders: list[str], settle: float) -> None:
            raise serve.NotificationUnavailable("OS file watch limit reached")

        monkeypatch.setattr(serve, "ChangeEvents", refuse)
    project = find_project(project_dir)
    assert project is not None
    app = PreviewServer(project, port=0, interval=0.05, poll=why == "--poll")
    app.start()
    try:
        assert app.polling is not None and (
            app.polling == "--poll" or "OS file watch limit reached" in app.polling
        )
        assert [t.name for t in app._threads][-1] == "specmaid-serve-watch"
        edit(project_dir / "specs" / "a.yaml", SPEC.replace("End", "Polled"))
        wait_for(lambda: app.preview.version >= 2, "the new version")
        assert "Polled" in app.preview.payload()["diagrams"][0]["text"]
    finally:
        app.stop()


def test_missing_mermaid_is_a_clear_usage_error(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPECMAID_NODE_MODULES", str(project_dir / "nowhere"))
    project = find_project(project_dir)
    assert project is not None
    with pytest.raises(UsageError, match="run `specmaid setup`"):
        PreviewServer(project, port=0)


# ------------------------------------------------------------ the page in a real browser


@pytest.fixture
def chromium() -> Path:
    try:
        return find_chromium()
    except ExportUnavailable as exc:
        pytest.fail(f"the browser test needs Chromium (scripts/test installs it as root): {exc}")


@pytest.fixture
def serve_process(project_dir: Path) -> Iterator[tuple[subprocess.Popen[str], str, list[str]]]:
    process, lines, thread = start_specmaid("serve", "--port", "0", cwd=project_dir)
    try:
        wait_for(lambda: any("serving http://" in line for line in lines), "the server start")
        url = next(line for line in lines if "serving" in line).split()[2]
        yield process, url, lines
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        thread.join(timeout=5)


COUNT_INK = """async (b64) => {
  const img = new Image();
  img.src = "data:image/png;base64," + b64;
  await img.decode();
  const canvas = document.createElement("canvas");
  canvas.width = img.width;
  canvas.height = img.height;
  const context = canvas.getContext("2d");
  context.drawImage(img, 0, 0);
  const data = context.getImageData(0, 0, img.width, img.height).data;
  let ink = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i] < 230 || data[i + 1] < 230 || data[i + 2] < 230) ink++;
  }
  return { width: img.width, height: img.height, ink };
}"""


TALL = """diagram: flowchart
direction: TB
nodes: {{A: {name} one, B: {name} two, C: {name} three, D: {name} four, E: {name} five}}
edges: [{{from: A, to: B}}, {{from: B, to: C}}, {{from: C, to: D}}, {{from: D, to: E}}]
"""
MARK_SVGS = """() => {
  for (const svg of document.querySelectorAll("section svg")) svg.__kept = true;
}"""
KEPT_SVGS = """() => Object.fromEntries(
  [...document.querySelectorAll("section")].map(
    (s) => [s.dataset.spec, s.querySelector("svg")?.__kept === true]))"""
TOP = "(selector) => document.querySelector(selector).getBoundingClientRect().top"


def test_the_page_draws_redraws_on_edits_and_shows_errors(
    chromium: Path,
    project_dir: Path,
    serve_process: tuple[subprocess.Popen[str], str, list[str]],
    tmp_path: Path,
) -> None:
    import base64

    from playwright.sync_api import sync_playwright

    process, url, lines = serve_process
    assert url.startswith("http://127.0.0.1:")
    spec = project_dir / "specs" / "a.yaml"
    section = 'section[data-spec="specs/a.yaml"]'
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium),
            args=[*CHROMIUM_ARGS, "--disable-quic"],
        )
        try:
            page = browser.new_page(viewport={"width": 1000, "height": 700})
            requests: list[str] = []
            page.on("request", lambda request: requests.append(request.url))
            page.goto(url)

            # Drawn: an SVG with the node labels.
            page.wait_for_selector(f'{section}[data-state="ok"] svg', timeout=30_000)
            svg_text = page.inner_text(f"{section} .diagram")
            assert "Start" in svg_text and "End" in svg_text
            shot = page.locator(f"{section} .diagram").screenshot(
                path=str(tmp_path / "diagram.png")
            )
            assert shot.startswith(b"\x89PNG")
            stats = page.evaluate(COUNT_INK, base64.b64encode(shot).decode())
            assert stats["width"] > 50 and stats["height"] > 50
            # Not blank: the nodes' borders, fills and text are ink (a few per cent of it).
            assert stats["ink"] > 0.01 * stats["width"] * stats["height"], stats
            # Everything came from the local server: no CDN.
            assert all(r.startswith(url) for r in requests), requests

            # An edit shows up without a reload (the marker survives).
            page.evaluate("window.__noReload = true")
            edit(spec, SPEC.replace("End", "Finished"))
            page.wait_for_function(
                f"document.querySelector('{section} svg')?.textContent.includes('Finished')",
                timeout=30_000,
            )
            assert page.evaluate("window.__noReload") is True

            # A broken spec: its located error in place of the diagram.
            edit(spec, BROKEN)
            page.wait_for_selector(f'{section}[data-state="error"] pre.error', timeout=30_000)
            error = page.inner_text(f"{section} pre.error")
            assert "specs/a.yaml:4:26: error: nodes.B.shape: unknown value 'diamnd'" in error
            assert "Did you mean 'diamond'?" in error
            assert page.locator(f"{section} svg").count() == 0

            # Mended, and a new spec added: both drawn, still no reload.
            edit(spec, BROKEN.replace("diamnd", "diamond"))
            (project_dir / "specs" / "b.yaml").write_text(SPEC.replace("Start", "Second"))
            page.wait_for_selector(f'{section}[data-state="ok"] svg', timeout=30_000)
            page.wait_for_selector(
                'section[data-spec="specs/b.yaml"][data-state="ok"] svg', timeout=30_000
            )
            assert "Second" in page.inner_text('section[data-spec="specs/b.yaml"] .diagram')
            assert page.evaluate("window.__noReload") is True

            # Below the fold: an edit above redraws that diagram only, and the diagram in
            # view stays where it is on the screen although the one above grew.
            for name in "cdef":
                (project_dir / "specs" / f"{name}.yaml").write_text(TALL.format(name=name))
            last = 'section[data-spec="specs/f.yaml"]'
            page.wait_for_selector(f'{last}[data-state="ok"] svg', timeout=30_000)
            page.evaluate(MARK_SVGS)
            page.locator(last).scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, -100)")
            before = page.evaluate(TOP, last)
            assert page.evaluate("window.scrollY") > 500
            edit(project_dir / "specs" / "b.yaml", TALL.format(name="grown"))
            page.wait_for_function(
                "document.querySelector('section[data-spec=\"specs/b.yaml\"] svg')"
                "?.textContent.includes('grown')",
                timeout=30_000,
            )
            page.wait_for_function(  # (the page puts the view back after the redraw)
                f"Math.abs(({TOP})('{last}') - {before}) <= 1", timeout=10_000
            )
            kept = page.evaluate(KEPT_SVGS)
            assert kept == {
                "specs/a.yaml": True,
                "specs/b.yaml": False,  # redrawn
                **{f"specs/{name}.yaml": True for name in "cdef"},
            }
            assert page.evaluate("window.__noReload") is True
        finally:
            browser.close()

    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=30) == 0
    wait_for(lambda: "specmaid: stopped serving." in lines, "the stop message", 10)
