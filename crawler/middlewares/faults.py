"""Name each way a page fails to arrive and count it as ``failures/<kind>``; stop two faults Scrapy
lets through: a redirect loop (dropped silently by the dupe filter) and binary bytes served
as HTML (parsed as if they were a page)."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector
from twisted.internet.error import ConnectionLost, ConnectionRefusedError, TCPTimedOutError, TimeoutError
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived
from twisted.web.http import _DataLoss

from crawler.limits import FAILURE_STAT

logger = logging.getLogger(__name__)

# Magic numbers of bodies that are not text, whatever the Content-Type says.
BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"RIFF", b"\x00\x00\x01\x00")
SNIFF_BYTES = 1024


class FetchFailure(IgnoreRequest):
    """A page refused for a named reason (``kind`` is a key of ``crawler.limits.FAILURE_KINDS``)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def failure_kind(exc: BaseException) -> str:
    """The failure class of an exception that reached a request's errback; "" for a deliberate
    refusal that is not a failure (off-site, a duplicate)."""
    if isinstance(exc, FetchFailure):
        return exc.kind
    if isinstance(exc, HttpError):
        return "http_error"
    message = str(exc)
    if isinstance(exc, IgnoreRequest):
        if "robots.txt" in message:
            return "robots"
        if "decompress" in message:
            return "decompression_bomb"
        if "max redirections" in message:
            return "redirect_chain"
        return ""
    if isinstance(exc, DownloadTimeoutError | TimeoutError | TCPTimedOutError):
        return "timeout"
    if isinstance(exc, DownloadConnectionRefusedError | ConnectionRefusedError):
        return "refused"
    if isinstance(exc, DownloadCancelledError) or "max size" in message or "DOWNLOAD_MAXSIZE" in message:
        return "too_large"
    if isinstance(exc, ResponseDataLossError | _DataLoss) or _has_reason(exc, _DataLoss):
        return "truncated"
    if isinstance(exc, ResponseNeverReceived | ConnectionLost | DownloadFailedError | ResponseFailed):
        return "dropped"
    return "other"


def _has_reason(exc: BaseException, kind: type[BaseException]) -> bool:
    reasons = getattr(exc, "reasons", None) or []
    return any(isinstance(getattr(r, "value", r), kind) for r in reasons)


def count_failure(stats: StatsCollector, exc: BaseException | None) -> str:
    """Count one failed request under its kind; returns the kind ("" when it is no failure)."""
    kind = failure_kind(exc) if exc is not None else "other"
    if kind:
        stats.inc_value(FAILURE_STAT + kind)
    return kind


def looks_binary(body: bytes) -> bool:
    head = body[:SNIFF_BYTES]
    return head.startswith(BINARY_MAGIC) or b"\x00" in head


class _Middleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        return cls(crawler)


class RedirectLoopMiddleware(_Middleware):
    """Before RedirectMiddleware: a redirect back to a URL of its own chain is a loop, refused and
    counted (the dupe filter would drop it without a word)."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        location = response.headers.get(b"Location") if 300 <= response.status < 400 else None
        if location:
            target = response.urljoin(location.decode("latin-1"))
            chain = [*request.meta.get("redirect_urls", []), request.url]
            if target in chain:
                raise FetchFailure("redirect_loop", f"redirect loop: {' -> '.join([*chain, target])}")
        return response


class NotHtmlMiddleware(_Middleware):
    """After HttpCompressionMiddleware (it sees the unpacked body): a page that is not text, or
    binary bytes labelled text/html, is refused and counted rather than parsed."""

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Response:
        if request.meta.get("dont_obey_robotstxt") or request.url.startswith("data:") or response.status >= 300:
            return response  # robots.txt, our own data: requests and error answers are not pages
        binary = isinstance(response, HtmlResponse) and looks_binary(response.body)
        if binary or not isinstance(response, TextResponse):
            content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            raise FetchFailure("not_html", f"not HTML ({content_type or 'no Content-Type'}, {len(response.body)} B)")
        return response
