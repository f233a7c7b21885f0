"""A static-file HTTP server for the demo marketplace and for crawler tests (standard library only).

It binds 127.0.0.1 only. ``_server.yml`` in the root bends individual responses (status, headers,
redirects, slow or truncated bodies) so the tree behaves like a real, imperfect site.

``originwatch demo`` serves the bundled site from a thread (``serve_in_thread``); the test suite
runs the same server in a subprocess (``tests/mockserver``), as Scrapy's own tests do.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
import time
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import ClassVar
from urllib.parse import unquote, urljoin, urlsplit

from crawler.demo.overrides import OVERRIDES_FILE, PathOverride, ServerOverrides, load_overrides

HOST = "127.0.0.1"
NOT_FOUND_PAGE = "404.html"
DEFAULT_HTML_TYPE = "text/html; charset=utf-8"

log = logging.getLogger(__name__)


class DemoRequestHandler(BaseHTTPRequestHandler):
    """Serves files under ``root``; directory URLs serve their index.html."""

    server_version = "HarborDemo/1.0"
    protocol_version = "HTTP/1.1"
    root: ClassVar[Path]
    overrides: ClassVar[ServerOverrides]

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:
        # The stdlib writes every request to stderr; tests and `originwatch demo` want silence.
        log.debug("%s " + format, self.address_string(), *args)

    def _respond(self, *, send_body: bool) -> None:
        url_path = unquote(urlsplit(self.path).path) or "/"
        override = self.overrides.for_path(url_path)
        if override is not None and override.delay:
            time.sleep(override.delay)
        if override is not None and override.redirect is not None:
            self._send_redirect(override)
            return
        file_path = self._resolve(url_path)
        if file_path is None:
            self._send_not_found(send_body=send_body)
            return
        body = file_path.read_bytes()
        status = override.status if override is not None and override.status is not None else 200
        headers = {"Content-Type": _content_type(file_path)}
        if override is not None:
            headers.update(override.headers)
        truncate_at = override.truncate_at if override is not None else None
        self._send(status, headers, body, send_body=send_body, truncate_at=truncate_at)

    def _resolve(self, url_path: str) -> Path | None:
        relative = url_path.lstrip("/")
        parts = [part for part in relative.split("/") if part]
        # Dot- and underscore-files (_server.yml) and declared ground-truth files are not part of the site.
        if any(part.startswith((".", "_")) for part in parts) or relative in self.overrides.hidden:
            return None
        candidate = (self.root / relative).resolve()
        if not candidate.is_relative_to(self.root):
            return None
        if candidate.is_dir():
            candidate = candidate / "index.html"
        return candidate if candidate.is_file() else None

    def _send_redirect(self, override: PathOverride) -> None:
        status = override.status or HTTPStatus.MOVED_PERMANENTLY
        body = b""
        headers = {"Location": str(override.redirect), **override.headers}
        self._send(status, headers, body, send_body=False)

    def _send_not_found(self, *, send_body: bool) -> None:
        page = self.root / NOT_FOUND_PAGE
        body = page.read_bytes() if page.is_file() else b"<!doctype html><title>404 Not Found</title>"
        self._send(HTTPStatus.NOT_FOUND, {"Content-Type": DEFAULT_HTML_TYPE}, body, send_body=send_body)

    def _send(
        self,
        status: int,
        headers: dict[str, str],
        body: bytes,
        *,
        send_body: bool,
        truncate_at: int | None = None,
    ) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        # Content-Length always states the full body, so a truncated response is detectable data loss.
        self.send_header("Content-Length", str(len(body)))
        if truncate_at is not None:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if not send_body:
            return
        self.wfile.write(body if truncate_at is None else body[:truncate_at])


def _content_type(path: Path) -> str:
    if path.suffix in {".html", ".htm"}:
        return DEFAULT_HTML_TYPE
    if path.name == "robots.txt":
        return "text/plain; charset=utf-8"
    guessed, _ = mimetypes.guess_type(path.name)
    return guessed or "application/octet-stream"


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: tuple[str, int] | object) -> None:
        # Clients that hang up mid-response (the truncated page) are expected, not worth a traceback.
        log.debug("connection error from %s", client_address, exc_info=True)


def make_server(root: Path, port: int) -> _QuietServer:
    resolved = root.resolve()
    if not resolved.is_dir():
        raise NotADirectoryError(f"demo server root is not a directory: {root}")
    handler = type(
        "BoundDemoRequestHandler",
        (DemoRequestHandler,),
        {"root": resolved, "overrides": load_overrides(resolved)},
    )
    return _QuietServer((HOST, port), handler)


def base_url(server: ThreadingHTTPServer) -> str:
    return f"http://{HOST}:{server.server_address[1]}"


class DemoServer:
    """A running in-process server. ``url`` has no trailing slash."""

    def __init__(self, server: _QuietServer) -> None:
        self._server = server
        # A short poll interval keeps close() fast; shutdown() waits for the next poll.
        self._thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, name="demo-http", daemon=True
        )
        self._thread.start()
        self.url = base_url(server)

    def urljoin(self, path: str) -> str:
        return urljoin(self.url + "/", path)

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def serve_in_thread(root: Path, *, port: int = 0) -> DemoServer:
    """Serve ``root`` on 127.0.0.1 (a free port when ``port`` is 0) from a daemon thread."""
    return DemoServer(make_server(root, port))


__all__ = ["OVERRIDES_FILE", "DemoServer", "make_server", "serve_in_thread"]
