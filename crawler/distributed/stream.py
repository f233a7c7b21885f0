"""Items through a Redis Stream: the workers' last pipeline adds each listing and seller profile;
``originwatch ingest`` reads them in a consumer group and acknowledges them once stored.

An entry is ``{"kind": listing|seller|worker_end, "data": JSON}``; the raw capture travels with its
listing (evidence is written on the ingest host). Never pickle: the ingest host must not run what a
writer to Redis sends it.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, fields
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy_redis.connection import get_redis_from_settings

from crawler.distributed import serializer
from crawler.distributed.keys import CrawlKeys
from crawler.evidence import Capture
from crawler.items import Listing, SellerProfile

logger = logging.getLogger(__name__)

LISTING, SELLER, WORKER_END = "listing", "seller", "worker_end"
_LISTING_FIELDS = {f.name for f in fields(Listing)} - {"capture", "screening"}


def _capture(data: dict[str, Any]) -> Capture:
    return Capture(
        **{k: v for k, v in data.items() if k not in ("headers", "request_headers", "related")},
        headers=[(k, v) for k, v in data.get("headers", [])],
        request_headers=[(k, v) for k, v in data.get("request_headers", [])],
        related=tuple(_capture(r) for r in data.get("related", [])),
    )


def encode_item(item: Listing | SellerProfile) -> dict[str, str]:
    if isinstance(item, SellerProfile):
        return {"kind": SELLER, "data": serializer.dumps(asdict(item))}
    data = item.to_dict()
    data["capture"] = asdict(item.capture) if item.capture is not None else None
    return {"kind": LISTING, "data": serializer.dumps(data)}


def decode_item(kind: str, data: str | bytes) -> Listing | SellerProfile:
    """A stream entry back into the item the worker yielded; unknown fields are an error."""
    value = serializer.loads(data)
    if kind == SELLER:
        return SellerProfile(**value)
    if kind != LISTING:
        raise ValueError(f"not an item entry: {kind!r}")
    capture = value.pop("capture", None)
    unknown = set(value) - _LISTING_FIELDS
    if unknown:
        raise ValueError(f"listing entry with unknown field(s): {', '.join(sorted(unknown))}")
    listing = Listing(**value)
    listing.capture = _capture(capture) if capture else None
    return listing


def worker_end_entry(worker: str, stats: dict[str, Any]) -> dict[str, str]:
    plain = {k: v for k, v in stats.items() if isinstance(v, int | float | str) and not isinstance(v, bool)}
    return {"kind": WORKER_END, "data": serializer.dumps({"worker": worker, "stats": plain})}


class StreamPipeline:
    """The workers' last pipeline: each item into the crawl's stream (a Redis round trip)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = get_redis_from_settings(crawler.settings)
        self.keys = CrawlKeys(crawler.settings.get("ORIGINWATCH_CRAWL"))
        self.worker = crawler.settings.get("ORIGINWATCH_WORKER_ID")
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StreamPipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.server.hset(self.keys.workers, self.worker, "started")

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        self.server.xadd(self.keys.items, encode_item(item))  # type: ignore[arg-type]
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("stream/items")
        if isinstance(item, Listing):
            item.capture = None  # in the stream now; free the body
        return item

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = {**self.crawler.stats.get_stats(), "finish_reason": reason}
        self.server.xadd(self.keys.items, worker_end_entry(self.worker, stats))  # type: ignore[arg-type]
        self.server.hset(self.keys.workers, self.worker, "ended")
