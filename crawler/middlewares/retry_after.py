"""Honour ``Retry-After`` on 429 and 503 (Scrapy's open issue #3849): pause that site's download
slot for the time asked (seconds or an HTTP date, at most ``ORIGINWATCH_RETRY_AFTER_MAX``), then
fetch the page again. Other sites keep their pace. Counted as ``retry/after_header``."""

from __future__ import annotations

import logging
import time
from time import monotonic
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.asyncio import call_later

from crawler.limits import retry_after_seconds

logger = logging.getLogger(__name__)

RETRY_AFTER_STATUSES = frozenset({429, 503})
TIMES_META = "retry_after_times"


class RetryAfterMiddleware:
    """Placed before RetryMiddleware, which would otherwise retry at once."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("ORIGINWATCH_RETRY_AFTER_MAX", 120.0)
        self.max_times = crawler.settings.getint("ORIGINWATCH_RETRY_AFTER_TIMES", 3)
        self._paused_until: dict[str, float] = {}  # slot key → monotonic time its pause ends

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response, spider: Any = None) -> Request | Response:
        if response.status not in RETRY_AFTER_STATUSES:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"), now=time.time(), cap=self.cap)
        times = int(request.meta.get(TIMES_META, 0))
        if wait is None or times >= self.max_times:
            return response  # no header, or asked too often: the block and retry paths take it
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("retry/after_header")
        slot_key = request.meta.get("download_slot") or self._slot_key(request)
        self.pause_slot(slot_key, wait)
        logger.info("HTTP %s, Retry-After at %s: %s paused %.1f s", response.status, request.url, slot_key, wait)
        retry = request.replace(dont_filter=True, priority=request.priority - 1)
        retry.meta[TIMES_META] = times + 1
        return retry

    def _slot_key(self, request: Request) -> str:
        assert self.crawler.engine is not None
        return str(self.crawler.engine.downloader.get_slot_key(request))

    def pause_slot(self, slot_key: str, seconds: float) -> None:
        """Hold every queued request of this slot for ``seconds`` (the downloader waits on
        ``slot.latercall`` before it takes anything from that slot's queue)."""
        assert self.crawler.engine is not None
        downloader = self.crawler.engine.downloader
        slot = downloader.slots.get(slot_key)
        if slot is None or seconds <= 0:
            return
        until = monotonic() + seconds
        if slot.latercall is not None:
            if self._paused_until.get(slot_key, 0.0) >= until:
                return  # already paused for longer
            slot.latercall.cancel()
        self._paused_until[slot_key] = until
        # Scrapy's own hook for a delayed slot (a private method, pinned by tests/crawler/middlewares).
        slot.latercall = call_later(seconds, downloader._latercall, slot)
