"""`specmaid serve`: a live preview of every diagram of a project in the browser.

A small standard-library HTTP server (one thread per request) serves one page, Mermaid's
browser script from the installed npm package (never a CDN), the diagrams as JSON, and a
Server-Sent Events stream. A thread waits for the system's change notifications on the
project's files (as `specmaid watch` does, see :mod:`specmaid.apps.watch`; polling where they are
unavailable) and renders again, in memory, the specs a change reaches (every spec after a
new, removed or renamed file, a template or configuration change, or while a spec has
errors): serve writes no file. The stream announces the new version as soon as it is
rendered; the page redraws the diagrams whose text changed, keeping the diagram in view where
it was, and shows a spec's located errors in place of its diagram.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socket import AF_INET6
from typing import Any
from urllib.parse import urlsplit

from specmaid.apps.changes import (
    QUIET,
    ChangeEvents,
    NotificationUnavailable,
    Snapshot,
    changed_files,
    notification_problem,
    snapshot,
    watched_files,
    watched_folders,
)
from specmaid.apps.reach import Reach
from specmaid.apps.rebuild import unexpected_error
from specmaid.errors import SpecErrors, UsageError
from specmaid.mermaid.bridge import find_node_modules
from specmaid.paths import is_inside
from specmaid.project.config import Project, find_project

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: Seconds between two keep-alive comments on an idle event stream (proxies and browsers
#: drop silent connections), and the longest a stream lingers after the server stops.
KEEPALIVE = 10.0


@dataclass
class Diagram:
    name: str  # the spec, relative to the project root
    title: str | None
    text: str | None  # the Mermaid text, or None when the spec has errors
    errors: list[str] = field(default_factory=list)  # `file:line:col: error: …` lines

    def as_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "text": self.text, "errors": self.errors}


class Preview:
    """The rendered diagrams of the project at ``root``, and a version number that goes up
    whenever they change. Thread-safe; :meth:`refresh` is the only writer."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.version = 0
        self.diagrams: list[Diagram] = []
        self.errors: list[str] = []  # problems with the project itself (its configuration)
        self._stamps: Snapshot | None = None
        self._files: list[Path] = []
        self._changed = threading.Condition()
        self.project: Project | None = None
        #: What a change reaches (see specmaid.apps.reach.Reach); None: render everything.
        self._reach: Reach | None = None
        self.renders = 0  # specs rendered so far (the tests count them)
        self.last_full = True  # whether the last render was of every spec

    def _render_one(self, spec: Path, project: Project) -> tuple[Diagram, frozenset[str]]:
        """A spec's diagram (or errors), and the files it read."""
        from specmaid.pipeline.compile import render_file

        name = project.relative(spec)
        self.renders += 1
        try:
            rendered = render_file(spec, project)
        except SpecErrors as exc:
            return Diagram(name, None, None, [str(e) for e in exc.errors]), frozenset()
        except OSError as exc:  # removed while we read it: the next change says so
            return Diagram(name, None, None, [f"{name}: error: {exc.strerror}"]), frozenset()
        except Exception as exc:  # a broken project template, say: shown, not fatal
            error = unexpected_error(exc, project.root)
            return Diagram(name, None, None, [str(error)]), frozenset()
        title = rendered.spec.get("title")
        files = frozenset([str(spec), *(str(p.resolve()) for p in rendered.files)])
        diagram = Diagram(name, str(title) if title is not None else None, rendered.text)
        return diagram, files

    def _render(self) -> tuple[list[Diagram], list[str], list[Path]]:
        from specmaid.project.files import spec_files

        self._reach = None
        try:
            project = find_project(self.root)
        except SpecErrors as exc:
            return [], [str(e) for e in exc.errors], [self.root / "pyproject.toml"]
        if project is None:
            return [], [f"no specmaid project at {self.root} any more"], []
        self.project = project
        diagrams = []
        reads: dict[Path, frozenset[str]] = {}
        for spec in spec_files(project):
            diagram, reads[spec] = self._render_one(spec, project)
            diagrams.append(diagram)
        if not any(d.errors for d in diagrams):
            self._reach = Reach(project, reads)
        return diagrams, [], watched_files(project)

    def render_all(self) -> bool:
        """Render every spec again, whatever the files' stamps say."""
        self._stamps = None
        return self.refresh()

    def update(self, changed: set[str]) -> bool:
        """Render again what the files ``changed`` (real paths, from the system's change
        notifications) reach; True when what the page shows changed."""
        plan = self._reach.plan(changed) if self._reach is not None else None
        if plan is None or self.project is None:
            return self.render_all()
        self.last_full = False
        specs = plan[0]
        if not specs:
            return False
        fresh: dict[str, Diagram] = {}
        reads: dict[Path, frozenset[str]] = {}
        for spec in specs:
            diagram, reads[spec] = self._render_one(spec, self.project)
            fresh[diagram.name] = diagram
        if any(d.errors for d in fresh.values()):
            self._reach = None  # while a spec is broken, every change renders everything
        else:
            self._reach.update(reads)
        diagrams = [fresh.get(d.name, d) for d in self.diagrams]
        return self._publish(diagrams, self.errors)

    def _current_files(self) -> list[Path]:
        try:
            project = find_project(self.root)
        except SpecErrors:
            project = None
        return watched_files(project) if project is not None else self._files

    def refresh(self) -> bool:
        """Render again if any watched file changed since the last refresh (always the first
        time); True when what the page shows changed."""
        if self._stamps is not None and not changed_files(
            self._stamps, snapshot(self._current_files())
        ):
            return False
        before = snapshot(self._current_files())
        diagrams, errors, files = self._render()
        self.last_full = True
        after = snapshot(files)
        # The stamps from before rendering, so an edit made while rendering is seen at the
        # next poll.
        self._stamps = {p: before.get(p, s) for p, s in after.items()}
        self._files = files
        return self._publish(diagrams, errors)

    def _publish(self, diagrams: list[Diagram], errors: list[str]) -> bool:
        """Show these diagrams and project errors; a new version when they differ."""
        changed = (
            [d.as_json() for d in diagrams] != [d.as_json() for d in self.diagrams]
            or errors != self.errors
            or self.version == 0
        )
        with self._changed:
            self.diagrams, self.errors = diagrams, errors
            if changed:
                self.version += 1
                self._changed.notify_all()
        return changed

    def payload(self) -> dict[str, Any]:
        with self._changed:
            return {
                "version": self.version,
                "root": self.root.name,
                "errors": list(self.errors),
                "diagrams": [d.as_json() for d in self.diagrams],
            }

    def wait_for_change(self, seen: int, timeout: float) -> int:
        """Block until the version is past ``seen`` (or ``timeout`` passes); the version."""
        with self._changed:
            self._changed.wait_for(lambda: self.version != seen, timeout=timeout)
            return self.version

    def wake(self) -> None:
        with self._changed:
            self._changed.notify_all()


def mermaid_script(project: Project) -> Path:
    """Mermaid's browser bundle in the installed npm package, or UsageError saying how to
    install it."""
    modules = find_node_modules(project.root) or find_node_modules(Path(__file__).parent)
    script = modules / "mermaid" / "dist" / "mermaid.min.js" if modules else None
    if script is None or not script.is_file():
        raise UsageError(
            "serve draws diagrams with Mermaid's browser script from the mermaid npm package,"
            " which is not installed: run `specmaid setup`"
        )
    return script


def _elk_dist(script: Path) -> Path | None:
    """The ELK layout (for `layout: elk`), when @mermaid-js/layout-elk is installed."""
    dist = script.parents[2] / "@mermaid-js" / "layout-elk" / "dist"
    return dist if (dist / "mermaid-layout-elk.esm.min.mjs").is_file() else None


class PreviewServer:
    """The HTTP server and the thread watching the files (on the system's change
    notifications, or polling every ``interval`` seconds with ``poll`` or where they are
    unavailable). :meth:`start` returns at once; :attr:`url` tells where (with ``port=0``
    the system picks a free port)."""

    def __init__(
        self,
        project: Project,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        interval: float = 0.3,
        poll: bool = False,
        settle: float = 0.015,
    ) -> None:
        self.project = project
        self.host = host
        self.port = port
        self.interval = interval
        self.settle = settle
        #: Why the files are polled (None: the system tells of changes).
        self.polling: str | None = "--poll" if poll else notification_problem(project.root)
        self._events: ChangeEvents | None = None
        self.preview = Preview(project.root)
        self.script = mermaid_script(project)
        self.elk = _elk_dist(self.script)
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None, "start() the server first"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self._httpd.server_address[1]}/"

    def start(self) -> None:
        if self.polling is None:  # watching before the first render: no edit is missed
            try:
                self._events = ChangeEvents(watched_folders(self.project), self.settle)
            except NotificationUnavailable as exc:
                self.polling = f"the system will not watch the folders: {exc}"
        self.preview.refresh()
        handler = type("Handler", (_Handler,), {"app": self})
        server_class: type[ThreadingHTTPServer] = ThreadingHTTPServer
        if ":" in self.host:  # an IPv6 address such as ::1
            server_class = type("Server6", (ThreadingHTTPServer,), {"address_family": AF_INET6})
        try:
            httpd = server_class((self.host, self.port), handler)
        except OSError as exc:
            raise UsageError(f"cannot listen on {self.host}:{self.port}: {exc.strerror}") from None
        httpd.daemon_threads = True
        self._httpd = httpd
        watch = self._poll if self._events is None else self._watch
        for target, name in ((httpd.serve_forever, "http"), (watch, "watch")):
            thread = threading.Thread(target=target, name=f"specmaid-serve-{name}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _poll(self) -> None:
        while not self._stop.wait(self.interval):
            self.preview.refresh()

    def _watch(self) -> None:
        events = self._events
        assert events is not None
        try:
            while not self._stop.is_set():
                try:
                    changed = events.wait(self._stop, QUIET)
                except NotificationUnavailable:  # (a watched folder gone, say) start again
                    changed = None
                    folders: list[str] | None = None
                else:
                    if changed is None:
                        continue
                    self.preview.update(changed)
                    if not self.preview.last_full:
                        continue  # (only a full render follows a new folder or setting)
                    folders = events.folders
                project = self.preview.project
                if project is not None and watched_folders(project) != folders:
                    events.close()
                    events = self._events = ChangeEvents(watched_folders(project), self.settle)
                    self.preview.render_all()  # files made in a new folder before its watch
        except NotificationUnavailable:
            self._poll()  # the system stopped watching: look at the files instead
        finally:
            events.close()

    def wait(self) -> None:
        """Block until :meth:`stop` (Ctrl-C interrupts it in the main thread)."""
        while not self._stop.wait(0.5):
            pass

    @property
    def stopping(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        self.preview.wake()  # event streams notice at once
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        for thread in self._threads:
            thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    app: PreviewServer
    server_version = "specmaid"
    protocol_version = "HTTP/1.1"
    # A response is two writes (headers, then body) on a kept-alive connection: with Nagle's
    # algorithm the body waits for the client's delayed ACK of the headers, ~40 ms on Linux,
    # which was most of the page's fetch of /api/diagrams after each change.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: Any) -> None:
        pass  # one line per request would drown the terminal

    def _send(self, status: int, body: bytes, content_type: str, cache: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _host_allowed(self) -> bool:
        """On a loopback address, only loopback Host headers: a page on another site that
        resolves its own name to 127.0.0.1 (DNS rebinding) cannot read the diagrams."""
        if self.app.host not in LOOPBACK:
            return True
        host = urlsplit(f"//{self.headers.get('Host', '')}").hostname or ""
        return host in LOOPBACK

    def do_HEAD(self) -> None:
        self.do_GET()

    def do_GET(self) -> None:
        if not self._host_allowed():
            self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain; charset=utf-8")
            return
        path = urlsplit(self.path).path
        if path in ("/", "/index.html"):
            self._send(HTTPStatus.OK, PAGE.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/mermaid.min.js":
            body = self.app.script.read_bytes()
            self._send(HTTPStatus.OK, body, "text/javascript; charset=utf-8", cache=True)
        elif path.startswith("/layout-elk/") and self.app.elk is not None:
            self._static(self.app.elk, path.removeprefix("/layout-elk/"))
        elif path == "/api/diagrams":
            body = json.dumps(self.app.preview.payload()).encode("utf-8")
            self._send(HTTPStatus.OK, body, "application/json")
        elif path == "/events":
            self._events()
        elif path == "/favicon.ico":
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _static(self, folder: Path, relative: str) -> None:
        target = (folder / relative).resolve()
        inside = is_inside(folder, target)
        if not inside or target.suffix != ".mjs" or not target.is_file():
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")
            return
        self._send(HTTPStatus.OK, target.read_bytes(), "text/javascript; charset=utf-8", True)

    def _events(self) -> None:
        """Server-Sent Events: a `version` event now and after every change."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        preview = self.app.preview
        seen = -1
        try:
            while not self.app.stopping:
                version = preview.wait_for_change(seen, KEEPALIVE)
                if self.app.stopping:
                    break
                if version != seen:
                    self.wfile.write(f"event: version\ndata: {version}\n\n".encode())
                    seen = version
                else:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed or reloaded


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>specmaid preview</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1f2328; background: #f6f8fa; }
  header { position: sticky; top: 0; z-index: 1; background: #24292f; color: #fff;
           padding: .5rem 1rem; display: flex; gap: 1rem; align-items: baseline; }
  header h1 { font-size: 1rem; margin: 0; }
  #status { font-size: .85rem; opacity: .8; }
  main { display: flex; }
  nav { width: 16rem; flex: none; padding: 1rem; font-size: .85rem; position: sticky;
        top: 2.5rem; align-self: flex-start; max-height: calc(100vh - 3rem); overflow: auto; }
  nav a { display: block; color: #0969da; text-decoration: none; padding: .1rem 0;
          overflow-wrap: anywhere; }
  nav a.error { color: #cf222e; }
  #diagrams { flex: 1; min-width: 0; padding: 1rem; overflow-anchor: none; }
  section { background: #fff; border: 1px solid #d0d7de; border-radius: 6px;
            margin-bottom: 1rem; padding: .75rem 1rem; }
  section h2 { font-size: .95rem; margin: 0 0 .5rem; font-weight: 600; }
  section h2 small { font-weight: normal; color: #57606a; margin-left: .5rem; }
  .diagram { overflow: auto; }
  .diagram svg { max-width: 100%; height: auto; }
  pre.error, #problems pre { background: #ffebe9; color: #82071e; border: 1px solid #ff818266;
              padding: .5rem .75rem; border-radius: 6px; white-space: pre-wrap; margin: 0; }
  #problems:empty { display: none; }
</style>
</head>
<body data-version="0">
<header><h1>specmaid preview</h1><span id="project"></span><span id="status">loading…</span>
</header>
<main>
<nav id="toc"></nav>
<div id="diagrams"><div id="problems"></div><p id="empty" hidden>No specs yet.</p></div>
</main>
<script src="/mermaid.min.js"></script>
<script>
"use strict";
mermaid.initialize({ startOnLoad: false, securityLevel: "strict", suppressErrorRendering: true });
const layouts = import("/layout-elk/mermaid-layout-elk.esm.min.mjs")
  .then((m) => mermaid.registerLayoutLoaders(m.default))
  .catch(() => {});  // without @mermaid-js/layout-elk, `layout: elk` falls back to dagre
const shown = new Map();  // spec name -> what its section shows (text or errors)
let counter = 0;
let queue = Promise.resolve();
let latest = 0;

function el(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function slug(name) { return "d-" + name.replace(/[^A-Za-z0-9_-]+/g, "-"); }

function section(d) {
  let s = document.getElementById(slug(d.name));
  if (!s) {
    s = el("section", { id: slug(d.name), "data-spec": d.name, "data-state": "pending" });
    const h = el("h2");
    s.append(h, el("div", { class: "diagram" }));
  }
  const h = s.querySelector("h2");
  h.textContent = d.title || d.name;
  if (d.title) h.append(el("small", {}, d.name));
  return s;
}

function drawn(s, state) {
  s.dataset.state = state;
  // When it was redrawn, in ms since the epoch (benchmarks/live.py measures save → redrawn).
  s.dataset.drawnAt = (performance.timeOrigin + performance.now()).toFixed(1);
}

function showError(s, lines) {
  const box = s.querySelector(".diagram");
  box.replaceChildren(el("pre", { class: "error" }, lines.join("\\n")));
  drawn(s, "error");
}

// The diagram in view stays where it is on the screen while diagrams above it change size.
function viewAnchor() {
  for (const s of document.querySelectorAll("#diagrams > section")) {
    const top = s.getBoundingClientRect().top;
    if (s.getBoundingClientRect().bottom > 0) return { s, top };
  }
  return null;
}

function keep(anchor) {
  if (!anchor || !anchor.s.isConnected) return;
  const shift = anchor.s.getBoundingClientRect().top - anchor.top;
  if (shift) window.scrollBy(0, shift);
}

async function draw(s, d) {
  if (d.errors.length) { showError(s, d.errors); return; }
  const id = "m" + (++counter);
  try {
    const { svg, bindFunctions } = await mermaid.render(id, d.text);
    const box = s.querySelector(".diagram");
    box.innerHTML = svg;
    if (bindFunctions) bindFunctions(box);
    drawn(s, "ok");
  } catch (err) {
    showError(s, [d.name + ": Mermaid cannot draw the diagram: " + (err && err.message || err)]);
  } finally {
    // Mermaid draws in a scratch element "d<id>"; a failed render can leave it behind.
    const scratch = document.getElementById("d" + id);
    if (scratch && !s.contains(scratch)) scratch.remove();
  }
}

async function update() {
  const response = await fetch("/api/diagrams", { cache: "no-store" });
  const data = await response.json();
  await layouts;
  document.getElementById("project").textContent = data.root;
  const problems = document.getElementById("problems");
  problems.replaceChildren(...data.errors.map((e) => el("pre", {}, e)));
  const list = document.getElementById("diagrams");
  const toc = document.getElementById("toc");
  const names = new Set(data.diagrams.map((d) => d.name));
  for (const name of [...shown.keys()]) {
    if (!names.has(name)) { document.getElementById(slug(name))?.remove(); shown.delete(name); }
  }
  toc.replaceChildren();
  const anchor = viewAnchor();
  let previous = document.getElementById("empty");
  const stale = [];
  for (const d of data.diagrams) {
    const s = section(d);
    // The project's order; a section already in place is not moved (nor redrawn).
    if (previous.nextElementSibling !== s) previous.after(s);
    previous = s;
    const link = el("a", { href: "#" + s.id }, d.name);
    if (d.errors.length) link.className = "error";
    toc.append(link);
    const key = JSON.stringify([d.text, d.errors]);
    if (shown.get(d.name) !== key) stale.push([s, d, key]);
  }
  keep(anchor);
  for (const [s, d, key] of stale) {  // only the diagrams whose text changed
    await draw(s, d);
    shown.set(d.name, key);
    keep(anchor);
  }
  document.getElementById("empty").hidden = data.diagrams.length > 0;
  const broken = data.diagrams.filter((d) => d.errors.length).length + data.errors.length;
  document.getElementById("status").textContent =
    data.diagrams.length + " diagrams" + (broken ? ", " + broken + " with errors" : "") +
    " · updated " + new Date().toLocaleTimeString();
  document.body.dataset.version = data.version;
}

function schedule(version) {
  if (version <= latest) return;
  latest = version;
  // When the newest version was announced, in ms since the epoch (see data-drawn-at).
  document.body.dataset.announcedAt = (performance.timeOrigin + performance.now()).toFixed(1);
  queue = queue.then(update).catch((err) => {
    document.getElementById("status").textContent = "cannot update: " + err;
  });
}

const events = new EventSource("/events");
events.addEventListener("version", (e) => schedule(Number(e.data)));
events.onopen = () => { latest = 0; };  // a restarted server counts from 1 again
events.onerror = () => { document.getElementById("status").textContent = "reconnecting…"; };
</script>
</body>
</html>
"""
