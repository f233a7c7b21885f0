"""Spider middleware: the persisted crawl queue behind ``originwatch crawl --resume``.

Every request the crawl schedules is written to the run's frontier (db/frontier.py) before it is
fetched. Its entry is removed only when its page was parsed and every item the page led to went
through the pipelines (stored, or dropped as incomplete): a listing that waits for its seller's
page keeps its page's entry until the listing itself is stored. After ``kill -9``, the entries
left are exactly the pages whose results may be missing.

A run that resumes another (``ORIGINWATCH_RESUME_FROM``) takes over its frontier: it fetches the
pending entries again, and does not follow links to pages the first run already finished. The
store is idempotent (a listing seen again is ``unchanged``), so a page fetched twice stores nothing
twice. A run that finishes clears its frontier.
"""

from __future__ import annotations

import base64
import json
import logging
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.signalmanager import SignalManager
from scrapy.utils.request import request_from_dict
from sqlite_utils import Database

from crawler.app.runs import RUN_ID_STAT, crawl_store
from crawler.items import Listing, SellerProfile
from crawler.middlewares.notes import add_note
from db.frontier import add_request, adopt, clear, pending_requests, remove_request, seen_fingerprints

logger = logging.getLogger(__name__)

# Sent by the spider's errback: a request that will never have a page (db entry removed).
request_failed = object()
# Meta keys a request keeps across a resume; the rest is per-download state.
KEPT_META = ("depth", "download_slot", "dont_obey_robotstxt", "retry_after_times")


def encode_request(request: Request, spider: Spider) -> str:
    data = request.to_dict(spider=spider)
    data["meta"] = {k: v for k, v in (data.get("meta") or {}).items() if k in KEPT_META}
    data["headers"] = {
        _text(name): [_text(v) for v in values] for name, values in (data.get("headers") or {}).items()
    }
    return json.dumps(data, default=_bytes, sort_keys=True)


def decode_request(text: str, spider: Spider) -> Request:
    data = json.loads(text, object_hook=_unbytes)
    return request_from_dict(data, spider=spider)


def _text(value: str | bytes) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else value


def _bytes(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"__bytes__": base64.b64encode(value).decode("ascii")}
    raise TypeError(f"cannot keep {type(value).__name__} in the frontier")


def _unbytes(obj: dict[str, Any]) -> Any:
    return base64.b64decode(obj["__bytes__"]) if set(obj) == {"__bytes__"} else obj


class FrontierMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.enabled = crawler.settings.getbool("ORIGINWATCH_FRONTIER", True)
        self.resume_from = crawler.settings.getint("ORIGINWATCH_RESUME_FROM", 0)
        self.db: Database | None = None
        self._store: Any = None
        self.run_id = 0
        self.seen: set[str] = set()
        self.done: set[str] = set()  # finished by the run this one resumes: not followed again
        self.resumed: list[Request] = []
        self.open_items: Counter[str] = Counter()  # items of a page not yet through the pipelines
        self.parsed: set[str] = set()  # pages whose callback has run to the end
        self.waiting: dict[str, str] = {}  # listing URL → its page's fingerprint (seller page pending)
        if not self.enabled:
            return
        sm: SignalManager = crawler.signals
        sm.connect(self.spider_opened, signal=signals.spider_opened)
        sm.connect(self.spider_closed, signal=signals.spider_closed)
        sm.connect(self.request_scheduled, signal=signals.request_scheduled)
        sm.connect(self.item_passed, signal=signals.item_scraped)
        sm.connect(self.item_passed, signal=signals.item_dropped)
        sm.connect(self.failed, signal=request_failed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FrontierMiddleware:
        return cls(crawler)

    def fingerprint(self, request: Request) -> str:
        return self.crawler.request_fingerprinter.fingerprint(request).hex()

    # -- the run --------------------------------------------------------------------------------

    def spider_opened(self, spider: Spider) -> None:
        assert self.crawler.stats is not None
        self.run_id = int(self.crawler.stats.get_value(RUN_ID_STAT) or 0)
        if not self.run_id:
            self.enabled = False
            return
        self._store = crawl_store(self.crawler.settings)
        self.db = self._store.__enter__()
        if self.resume_from:
            self._take_over(spider)

    def _take_over(self, spider: Spider) -> None:
        assert self.db is not None
        moved = adopt(self.db, self.resume_from, self.run_id)
        pending = pending_requests(self.db, self.run_id)
        self.seen = seen_fingerprints(self.db, self.run_id)
        self.done = self.seen - {fp for fp, _ in pending}
        for _, text in pending:
            request = decode_request(text, spider)
            request.dont_filter = True  # its fingerprint is already seen: it must still be fetched
            self.resumed.append(request)
        note = (
            f"resumes run {self.resume_from}: {moved} pending request(s) taken over, "
            f"{len(self.done)} page(s) already done are not fetched again"
        )
        logger.info(note)
        add_note(self.crawler, note)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("frontier/resumed", moved)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.db is None:
            return
        if reason == "finished":
            clear(self.db, [self.run_id])
        self._store.__exit__(None, None, None)
        self.db = None

    # -- requests -------------------------------------------------------------------------------

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        if self.db is None or not request.url.startswith(("http://", "https://")):
            return
        fp = self.fingerprint(request)
        if fp in self.seen and not request.dont_filter:
            return  # the dupe filter drops it
        try:
            text = encode_request(request, spider)
        except (TypeError, ValueError) as exc:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("frontier/not_kept")
            logger.warning("request %s not kept in the frontier: %s", request.url, exc)
            return
        add_request(self.db, self.run_id, fp, text)
        self.seen.add(fp)
        redirected_from = request.meta.get("redirect_urls")
        if redirected_from:
            # The redirect's target is now kept; the page that redirected has no page of its own.
            self._remove(self.fingerprint(request.replace(url=redirected_from[-1])))

    def failed(self, request: Request) -> None:
        """The request's errback ran: it will never have a page."""
        if self.db is not None:
            self._remove(self.fingerprint(request))

    # -- pages and items ------------------------------------------------------------------------

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        for request in self.resumed:
            yield request
        self.resumed = []
        async for item in start:
            if isinstance(item, Request) and self._already_done(item):
                continue
            yield item

    def process_spider_output(self, response: Response, result: Iterable[Any], spider: Any = None) -> Iterator[Any]:
        fp = self._page(response)
        for item in result:
            if self._keep(fp, item):
                yield item
        self._parsed(fp, response, spider)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        fp = self._page(response)
        async for item in result:
            if self._keep(fp, item):
                yield item
        self._parsed(fp, response, spider)

    def _page(self, response: Response) -> str:
        if self.db is None or not response.url.startswith(("http://", "https://")):
            return ""
        return self.fingerprint(response.request) if response.request is not None else ""

    def _keep(self, fp: str, item: Any) -> bool:
        if isinstance(item, Request):
            return not self._already_done(item)
        if fp and isinstance(item, Listing | SellerProfile):
            self.open_items[fp] += 1
        return True

    def _already_done(self, request: Request) -> bool:
        if not self.done or request.dont_filter:
            return False
        if self.fingerprint(request) in self.done:
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("frontier/skipped_done")
            return True
        return False

    def _parsed(self, fp: str, response: Response, spider: Any) -> None:
        if not fp:
            return
        waiting = getattr(spider or self.crawler.spider, "waiting_listings", None)
        listing_urls = waiting(response.url) if waiting is not None else []
        if listing_urls:
            for url in listing_urls:
                self.waiting[url] = fp
            return
        self.parsed.add(fp)
        if not self.open_items[fp]:
            self._remove(fp)

    def item_passed(self, item: Any, response: Response | None, spider: Spider, **kwargs: Any) -> None:
        """An item went through the pipelines (stored, or dropped as incomplete)."""
        if self.db is None:
            return
        if isinstance(item, Listing) and item.url in self.waiting:
            self._remove(self.waiting.pop(item.url))
        fp = self._page(response) if response is not None else ""
        if fp and self.open_items[fp] > 0:
            self.open_items[fp] -= 1
            if not self.open_items[fp] and fp in self.parsed:
                self._remove(fp)

    def _remove(self, fp: str) -> None:
        assert self.db is not None
        remove_request(self.db, self.run_id, fp)
        self.parsed.discard(fp)
        self.open_items.pop(fp, None)
