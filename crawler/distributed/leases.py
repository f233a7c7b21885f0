"""Acknowledge a leased request only once everything its page gave is safe.

A page is done when its callback's output is exhausted (new requests are then in the shared queue),
each item it gave has passed the pipelines (the last one puts it into the item stream), and none of
its listings still waits in memory for its seller's page. Listings released later, from the seller
page's output, count against the product page's lease. Leases this worker holds are renewed on a
heartbeat, expired ones (dead workers') requeued; when this worker is idle, nothing is in flight
here, so every lease it still holds (failed or redirected requests, whose retry is queued) is done.

The crawl closes on a worker only when the shared queue is empty and no worker holds a lease: a
page in hand elsewhere may still add requests.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response
from scrapy_redis.connection import get_redis_from_settings
from twisted.internet.task import LoopingCall

from crawler.distributed.keys import CrawlKeys
from crawler.distributed.queue import LEASE_META, LeaseStore
from crawler.items import Listing

logger = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # heartbeat: renew leases, requeue expired ones, wake an idle engine for new work
_keepers: weakref.WeakKeyDictionary[Crawler, LeaseKeeper] = weakref.WeakKeyDictionary()


@dataclass
class _Held:
    page_url: str = ""
    open: int = 0  # callback outputs still running that may give items for this page
    items: int = 0  # items given and not yet through the pipelines
    seen_output: bool = False


@dataclass
class _Counts:
    acked: int = 0
    requeued: int = 0
    lost_race: int = 0  # acknowledged after the lease had expired and gone back to the queue
    by_item: dict[int, str] = field(default_factory=dict)


class LeaseKeeper:
    """Extension (``EXTENSIONS``): the leases this worker holds."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.keys = CrawlKeys(settings.get("ORIGINWATCH_CRAWL"))
        self.server = get_redis_from_settings(settings)
        self.store = LeaseStore(self.server, self.keys, settings.getfloat("ORIGINWATCH_LEASE_SECONDS"))
        self.held: dict[str, _Held] = {}
        self.worker = settings.get("ORIGINWATCH_WORKER_ID")
        self.counts = _Counts()
        self._beat: LoopingCall | None = None
        for handler, signal in (
            (self.item_done, signals.item_scraped), (self.item_done, signals.item_dropped),
            (self.item_done, signals.item_error), (self.opened, signals.spider_opened),
            (self.idle, signals.spider_idle), (self.closed, signals.spider_closed),
        ):  # fmt: skip
            crawler.signals.connect(handler, signal=signal)
        _keepers[crawler] = self

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseKeeper:
        return cls.of(crawler)

    @classmethod
    def of(cls, crawler: Crawler) -> LeaseKeeper:
        return _keepers.get(crawler) or cls(crawler)

    # -- lifecycle -----------------------------------------------------------------------------

    def opened(self, spider: Spider) -> None:
        self._beat = LoopingCall(self.heartbeat)
        self._beat.start(min(max(self.store.lease_seconds / 3, 0.2), POLL_SECONDS), now=False)

    def closed(self, spider: Spider) -> None:
        if self._beat is not None and self._beat.running:
            self._beat.stop()
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value("leases/acked", self.counts.acked)
        stats.set_value("leases/requeued_expired", self.counts.requeued)
        stats.set_value("leases/acked_after_expiry", self.counts.lost_race)

    def heartbeat(self) -> None:
        self.store.renew(list(self.held))
        self.counts.requeued += self.store.requeue_expired()
        self.settle_all()
        self.server.hset(self.keys.worker_beats, self.worker, int(self.server.time()[0]))
        if self.store.pending():
            self._wake_engine()

    def _wake_engine(self) -> None:
        """An idle engine asks its scheduler again only every 5 s; work queued by other workers
        should not wait that long. (Scrapy has no public call for this; without it, only slower.)"""
        slot = getattr(self.crawler.engine, "_slot", None)
        nextcall = getattr(slot, "nextcall", None)
        if nextcall is not None:
            nextcall.schedule()

    # -- leases --------------------------------------------------------------------------------

    def taken(self, lease: str) -> None:
        self.held[lease] = _Held()

    def output_started(self, lease: str, page_url: str) -> None:
        held = self.held.get(lease)
        if held is not None:
            held.page_url, held.open, held.seen_output = page_url, held.open + 1, True

    def output_ended(self, leases: Iterable[str]) -> None:
        for lease in leases:
            held = self.held.get(lease)
            if held is not None:
                held.open -= 1
                self.settle(lease)

    def item_given(self, lease: str, item: Any) -> None:
        held = self.held.get(lease)
        if held is not None:
            held.items += 1
            self.counts.by_item[id(item)] = lease

    def item_done(self, item: Any, **_: Any) -> None:
        lease = self.counts.by_item.pop(id(item), None)
        if lease is not None and lease in self.held:
            self.held[lease].items -= 1
            self.settle(lease)

    def lease_of_page(self, page_url: str) -> str | None:
        return next((lease for lease, h in self.held.items() if h.page_url == page_url), None)

    def _waiting(self, held: _Held) -> bool:
        waiting = getattr(self.crawler.spider, "waiting_listings", None)
        return bool(held.page_url and waiting is not None and waiting(held.page_url))

    def settle(self, lease: str) -> None:
        held = self.held.get(lease)
        if held is None or not held.seen_output or held.open or held.items or self._waiting(held):
            return
        self.ack(lease)

    def settle_all(self) -> None:
        for lease in list(self.held):
            self.settle(lease)

    def ack(self, lease: str) -> None:
        del self.held[lease]
        self.counts.acked += 1
        if not self.store.ack(lease):
            self.counts.lost_race += 1  # it went back to the queue meanwhile: fetched twice, stored once

    def idle(self, spider: Spider) -> None:
        # Nothing is in flight on this worker: what it holds is done, unless listings still wait.
        for lease, held in list(self.held.items()):
            if not held.open and not held.items and not self._waiting(held):
                self.ack(lease)
        self.counts.requeued += self.store.requeue_expired()
        if self.store.pending() or self.store.leases_out():
            raise DontCloseSpider  # others' pages may still add requests; expired ones come back
        if not self.server.exists(self.keys.seeded):
            raise DontCloseSpider  # started before the crawl was seeded


class LeaseMiddleware:
    """Spider middleware on the engine side of every other: sees each page's whole output."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.keeper = LeaseKeeper.of(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> LeaseMiddleware:
        return cls(crawler)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """Only the first worker of a crawl runs the spider's ``start()``: the rest take from the queue."""
        worker = self.crawler.settings.get("ORIGINWATCH_WORKER_ID")
        if not self.keeper.server.set(self.keeper.keys.seeded, worker, nx=True):
            return
        async for request in start:
            yield request

    def _begin(self, response: Response) -> str | None:
        lease = response.request.meta.get(LEASE_META) if response.request is not None else None
        if lease is not None:
            self.keeper.output_started(lease, response.url)
        return lease

    def _give(self, item: Any, own: str | None, touched: set[str]) -> None:
        if isinstance(item, Request):
            return
        lease = own
        if isinstance(item, Listing) and item.capture is not None and item.capture.url:
            page = self.keeper.lease_of_page(item.capture.url)  # a listing released by its seller's page
            if page is not None and page != own:
                if page not in touched:
                    touched.add(page)
                    held = self.keeper.held[page]
                    held.open += 1
                lease = page
        if lease is not None:
            self.keeper.item_given(lease, item)

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        own = self._begin(response)
        touched: set[str] = set()
        try:
            for item in result:
                self._give(item, own, touched)
                yield item
        finally:
            self.keeper.output_ended([*touched, *([own] if own else [])])

    async def process_spider_output_async(self, response: Response, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        own = self._begin(response)
        touched: set[str] = set()
        try:
            async for item in result:
                self._give(item, own, touched)
                yield item
        finally:
            self.keeper.output_ended([*touched, *([own] if own else [])])
