"""A hostile marketplace on 127.0.0.1, in the manner of Scrapy's mockserver: run in a subprocess,
it prints its base URL and serves until killed.

Behind a trap-laden front page sit ``GOOD_PRODUCTS`` ordinary product pages (reached through six
catalogue pages) and ``RECOVERABLE`` product pages that answer only after a fault (a delay, a 429 or
503 with ``Retry-After``, a wrong charset). Everything else is a fault or a trap:

=====================  ==========================================================================
``/farm/ID``           link farm: every page links ten new pages
``/calendar/Y/M``      endless calendar: every month links the month before and after
``/list/N``            endless pagination: every page links page N+1, never a product
``/shop/…``            a relative link that repeats its path segment for ever
``/fault/delay``       answers after ``DELAY_SECONDS``
``/fault/hang``        answers after ``HANG_SECONDS`` (longer than a crawl's timeout)
``/fault/drop``        closes the connection without a response
``/fault/short``       states a Content-Length, sends half the body and closes
``/fault/429``         429 with ``Retry-After: RETRY_AFTER_SECONDS`` once, then the product
``/fault/503-date``    503 with ``Retry-After`` as an HTTP date once, then the product
``/fault/loop-a``      redirect loop a → b → a
``/fault/chain/N``     redirect chain N → N+1 … (longer than any redirect limit)
``/fault/huge``        a 50 MB page that says so in Content-Length
``/fault/huge-stream`` a 50 MB page that does not say so
``/fault/bomb``        a gzip bomb: ~100 KB on the wire, ``BOMB_BYTES`` unpacked
``/fault/charset``     a GB18030 product page whose header says UTF-8
``/fault/binary``      PNG bytes served as text/html
``/fault/outlinks``    a page with ``OUTLINKS`` links
``/private/…``         disallowed by robots.txt
=====================  ==========================================================================

``python hostile.py --robots-status 503`` answers robots.txt with 503 (RFC 9309: the whole site is
then off limits). ``/_stats`` returns, as JSON, how many requests each path kind received.
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import gzip
import io
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import FrameType, TracebackType
from typing import IO, ClassVar
from urllib.parse import urljoin, urlsplit

HOST = "127.0.0.1"
GOOD_PRODUCTS = 60
PRODUCTS_PER_CATALOG_PAGE = 10
SELLERS = 6
RECOVERABLE = ("delay", "429", "503-date", "charset")
DELAY_SECONDS = 1.5
HANG_SECONDS = 30.0
RETRY_AFTER_SECONDS = 2
HUGE_BYTES = 50 * 1024 * 1024
BOMB_BYTES = 200 * 1024 * 1024
OUTLINKS = 5000
CHAIN_LENGTH = 30
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
HTML = "text/html; charset=utf-8"
START_TIMEOUT_SECONDS = 15.0

FAULTS = (
    "delay", "hang", "drop", "short", "429", "503-date", "loop-a", "chain/0", "huge", "huge-stream", "bomb",
    "charset", "binary", "outlinks",
)  # fmt: skip
# What each fault is, for the benchmark's "faults injected by kind".
FAULT_KINDS = {
    "delay": "delay", "hang": "timeout", "drop": "dropped connection", "short": "short body",
    "429": "429 Retry-After (seconds)", "503-date": "503 Retry-After (HTTP date)", "loop-a": "redirect loop",
    "chain/0": "redirect chain", "huge": "50 MB page (declared)", "huge-stream": "50 MB page (streamed)",
    "bomb": "gzip bomb", "charset": "wrong charset", "binary": "binary served as HTML",
    "outlinks": f"{OUTLINKS} outlinks", "refused": "connection refused", "robots": "robots.txt disallow",
    "farm": "link farm", "calendar": "endless calendar", "list": "endless pagination", "shop": "repeated segments",
}  # fmt: skip


def product_name(key: str) -> str:
    return f"Hostile Test Wig {key}"


def _page(title: str, body: str, *, charset: str = "utf-8") -> str:
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="{charset}"><title>{title}</title></head>'
        f"<body><main>{body}</main></body></html>"
    )


def product_page(key: str, *, charset: str = "utf-8") -> str:
    seller = int(key) % SELLERS if key.isdigit() else sum(map(ord, key)) % SELLERS
    name = product_name(key)
    extra = " 正品假发 手工" if charset != "utf-8" else ""
    return _page(
        f"{name} - Hostile Market",
        f"""<div class="item" itemscope itemtype="https://schema.org/Product">
<meta itemprop="sku" content="H-{key}">
<h1><span itemprop="name">{name}</span></h1>
<div itemprop="offers" itemscope itemtype="https://schema.org/Offer">
<meta itemprop="priceCurrency" content="USD">US$<span itemprop="price" content="19.50">19.50</span>
<link itemprop="availability" href="https://schema.org/InStock">
<div itemprop="seller" itemscope itemtype="https://schema.org/Organization">Sold by:
<a itemprop="url" href="/seller/{seller}/"><span itemprop="name">Hostile Hair Factory {seller}</span></a></div>
</div>
<div itemprop="description" class="description"><p>Lace front wig, 180% density.{extra}</p></div>
</div>
<aside class="supplier-card"><h3>Supplier</h3>
<a class="company-name" href="/seller/{seller}/">Hostile Hair Factory {seller}</a></aside>""",
        charset=charset,
    )


def seller_page(seller: str) -> str:
    name = f"Hostile Hair Factory {seller}"
    return _page(
        f"{name} - Company Profile - Hostile Market",
        f"""<div class="company-profile" data-seller-id="hostile-{seller}">
<h1 class="company-name">{name}</h1>
<table class="company-facts"><tr><th>Company Name:</th><td>{name}</td></tr>
<tr><th>Business Type:</th><td>Manufacturer</td></tr>
<tr><th>Year Established:</th><td>2012</td></tr>
<tr><th>Main Products:</th><td>Lace front wigs, hair extensions</td></tr>
<tr><th>Location:</th><td>Qingdao, Shandong, China</td></tr></table>
<div class="about"><h2>Company Profile</h2><p>Human hair wigs since 2012.</p></div></div>""",
    )


def _links(hrefs: list[str]) -> str:
    return "<ul>" + "".join(f'<li><a href="{h}">{h}</a></li>' for h in hrefs) + "</ul>"


def _month(year: int, month: int, step: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + step
    return index // 12, index % 12 + 1


def _bomb() -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(BOMB_BYTES // len(chunk)):
            gz.write(chunk)
    return buf.getvalue()


class HostileHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "Hostile/1.0"
    robots_status: ClassVar[int] = 200
    refused_url: ClassVar[str] = ""
    bomb: ClassVar[bytes] = b""
    hits: ClassVar[Counter[str]] = Counter()
    lock: ClassVar[threading.Lock] = threading.Lock()

    def log_message(self, format: str, *args: object) -> None:
        pass

    def _count(self, kind: str) -> int:
        with self.lock:
            self.hits[kind] += 1
            return self.hits[kind]

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        parts = [p for p in path.split("/") if p]
        head = parts[0] if parts else ""
        if head == "fault" and len(parts) >= 2:
            self._count("fault/" + ("chain" if parts[1] == "chain" else "/".join(parts[1:])))
            self._fault(parts[1:])
            return
        self._count(head or "home")
        if path == "/robots.txt":
            self._send(self.robots_status, b"User-agent: *\nDisallow: /private/\n", "text/plain")
        elif path == "/_stats":
            with self.lock:
                self._send(200, json.dumps(dict(self.hits)).encode(), "application/json")
        elif path == "/":
            self._html(_page("Hostile Market", self._home()))
        elif head == "catalog" and len(parts) == 2 and parts[1].isdigit():
            self._catalog(int(parts[1]))
        elif head == "product" and len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= GOOD_PRODUCTS:
            self._html(product_page(parts[1]))
        elif head == "seller" and len(parts) == 2:
            self._html(seller_page(parts[1]))
        elif head == "farm":
            node = parts[1] if len(parts) > 1 else "0"
            self._html(_page(f"Farm {node}", _links([f"/farm/{node}{k}" for k in range(10)])))
        elif head == "calendar" and len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            year, month = int(parts[1]), int(parts[2])
            around = [_month(year, month, -1), _month(year, month, 1)]
            self._html(_page(f"Events {year}-{month}", _links([f"/calendar/{y}/{m:02d}" for y, m in around])))
        elif head == "list" and len(parts) == 2 and parts[1].isdigit():
            self._html(_page(f"Offers page {parts[1]}", _links([f"/list/{int(parts[1]) + 1}"])))
        elif head == "shop":
            self._html(_page("Shop", _links(["shop/"])))
        elif head == "private":
            self._html(product_page("private"))
        else:
            self._send(404, b"<!doctype html><title>404</title>", HTML)

    def _home(self) -> str:
        # The traps come first, so a crawl without limits spends itself on them.
        hrefs = ["/farm/0", "/calendar/2026/12", "/list/1", "/shop/", "/catalog/1", "/private/secret",
                 self.refused_url, *[f"/fault/{f}" for f in FAULTS]]  # fmt: skip
        return "<h1>Hostile Market</h1>" + _links(hrefs)

    def _catalog(self, page: int) -> None:
        pages = GOOD_PRODUCTS // PRODUCTS_PER_CATALOG_PAGE
        first = (page - 1) * PRODUCTS_PER_CATALOG_PAGE + 1
        hrefs = [f"/product/{n}" for n in range(first, first + PRODUCTS_PER_CATALOG_PAGE)] if page <= pages else []
        if page < pages:
            hrefs.append(f"/catalog/{page + 1}")
        self._html(_page(f"Catalogue page {page}", _links(hrefs)))

    def _fault(self, parts: list[str]) -> None:
        name = parts[0]
        if name == "delay":
            time.sleep(DELAY_SECONDS)
            self._html(product_page("delay"))
        elif name == "hang":
            time.sleep(HANG_SECONDS)
            self._html(product_page("hang"))
        elif name == "drop":
            self.close_connection = True
            self.connection.shutdown(2)
        elif name == "short":
            body = product_page("short").encode()
            self.send_response(200)
            self.send_header("Content-Type", HTML)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif name in ("429", "503-date"):
            if self._count(f"answered/{name}") == 1:
                when = email.utils.formatdate(time.time() + RETRY_AFTER_SECONDS + 1, usegmt=True)
                after = str(RETRY_AFTER_SECONDS) if name == "429" else when
                self._send(int(name[:3]), b"<!doctype html><title>slow down</title>", HTML, {"Retry-After": after})
            else:
                self._html(product_page(name))
        elif name == "loop-a":
            self._send(302, b"", HTML, {"Location": "/fault/loop-b"})
        elif name == "loop-b":
            self._send(302, b"", HTML, {"Location": "/fault/loop-a"})
        elif name == "chain":
            step = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 0
            target = f"/fault/chain/{step + 1}" if step < CHAIN_LENGTH else "/product/1"
            self._send(302, b"", HTML, {"Location": target})
        elif name == "huge":
            self._stream(HUGE_BYTES, declared=True)
        elif name == "huge-stream":
            self._stream(HUGE_BYTES, declared=False)
        elif name == "bomb":
            self._send(200, self.bomb, HTML, {"Content-Encoding": "gzip"})
        elif name == "charset":
            # The header says UTF-8; the bytes and the <meta> are GB18030.
            self._send(200, product_page("charset", charset="gb18030").encode("gb18030"), HTML)
        elif name == "binary":
            self._send(200, PNG, HTML)
        elif name == "outlinks":
            self._html(_page("Everything", _links([f"/farm/o{n}" for n in range(OUTLINKS)])))
        else:
            self._send(404, b"<!doctype html><title>404</title>", HTML)

    def _stream(self, size: int, *, declared: bool) -> None:
        self.send_response(200)
        self.send_header("Content-Type", HTML)
        if declared:
            self.send_header("Content-Length", str(size))
        else:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        chunk = b"<p>" + b"x" * 65530 + b"</p>"
        try:
            for _ in range(size // len(chunk)):
                self.wfile.write(chunk)
        except OSError:
            pass  # the client gave up, as it should

    def _html(self, text: str) -> None:
        self._send(200, text.encode("utf-8"), HTML)

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client hung up
            self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on a hang, a huge page or a bomb are expected


def _refused_url() -> str:
    """A URL on 127.0.0.1 where nothing listens: bind a port, then free it."""
    import socket

    with socket.socket() as s:
        s.bind((HOST, 0))
        port = s.getsockname()[1]
    return f"http://{HOST}:{port}/closed"


def make_server(port: int = 0, *, robots_status: int = 200) -> _Server:
    handler = type(
        "BoundHostileHandler",
        (HostileHandler,),
        {"robots_status": robots_status, "refused_url": _refused_url(), "bomb": _bomb(), "hits": Counter()},
    )
    return _Server((HOST, port), handler)


def _first_line(stream: IO[str], timeout: float) -> str:
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=lambda: lines.put(stream.readline()), daemon=True).start()
    try:
        return lines.get(timeout=timeout)
    except queue.Empty:
        return ""


class HostileServer:
    """``with HostileServer() as site: crawl(site.url + "/")`` — the server runs in a subprocess."""

    def __init__(self, *, robots_status: int = 200) -> None:
        self.robots_status = robots_status
        self.url = ""
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> HostileServer:
        command = [sys.executable, str(Path(__file__).resolve()), "--robots-status", str(self.robots_status)]
        self._process = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ)
        )
        assert self._process.stdout is not None
        line = _first_line(self._process.stdout, START_TIMEOUT_SECONDS).strip()
        if not line.startswith("http://"):
            self.close()
            raise RuntimeError(f"hostile server did not start: {line!r}")
        self.url = line
        return self

    def urljoin(self, path: str) -> str:
        return urljoin(self.url + "/", path)

    def hits(self) -> dict[str, int]:
        """How many requests each kind of path received (``/_stats``)."""
        import urllib.request

        with urllib.request.urlopen(self.url + "/_stats", timeout=5) as response:
            data: dict[str, int] = json.loads(response.read())
        return data

    def close(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the hostile marketplace on 127.0.0.1.")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--robots-status", type=int, default=200)
    args = parser.parse_args(argv)
    server = make_server(args.port, robots_status=args.robots_status)

    def _stop(signum: int, frame: FrameType | None) -> None:
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    print(f"http://{HOST}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever(poll_interval=0.05)
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

__all__ = ["FAULTS", "FAULT_KINDS", "GOOD_PRODUCTS", "RECOVERABLE", "HostileServer", "product_name"]
