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

The HTTP server and its handler are here; the diagrams it serves are :mod:`.preview`'s, the
page is :mod:`.page`.
"""

from __future__ import annotations

import json
import threading
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
    notification_problem,
    watched_folders,
)
from specmaid.apps.page import PAGE
from specmaid.apps.preview import Preview
from specmaid.errors import UsageError
from specmaid.mermaid.bridge import find_node_modules
from specmaid.paths import is_inside
from specmaid.project.config import Project

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
#: Seconds between two keep-alive comments on an idle event stream (proxies and browsers
#: drop silent connections), and the longest a stream lingers after the server stops.
KEEPALIVE = 10.0


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
