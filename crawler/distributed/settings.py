"""The settings that turn a crawl process into a distributed worker. Everything else (site
profiles, robots.txt, block detection, limits, encodings) stays as on one machine; what writes to
SQLite (run log, notes, frontier, match, store, evidence) moves to the ingest host."""

from __future__ import annotations

from typing import Any

from crawler import settings as project
from crawler.distributed.keys import CrawlKeys

LEASE_SECONDS = 120.0  # a request in a dead worker's hands comes back after this long


def worker_overrides(
    redis_url: str, crawl: str, worker_id: str, *, delay: float, lease_seconds: float = LEASE_SECONDS
) -> dict[str, Any]:
    keys = CrawlKeys(crawl)
    spider_mw = {k: v for k, v in project.SPIDER_MIDDLEWARES.items() if "frontier" not in k}
    return {
        "REDIS_URL": redis_url,  # redis://:PASSWORD@host:port/0 (ACL: redis://user:PASSWORD@...)
        "SCHEDULER": "crawler.distributed.scheduler.LeasedScheduler",
        "SCHEDULER_QUEUE_CLASS": "crawler.distributed.queue.LeasedPriorityQueue",
        "SCHEDULER_QUEUE_KEY": keys.requests,
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_DUPEFILTER_KEY": keys.dupefilter,
        "SCHEDULER_SERIALIZER": "crawler.distributed.serializer",
        # Stock scrapy-redis deletes the shared queue when any worker closes.
        "SCHEDULER_PERSIST": True,
        "ORIGINWATCH_CRAWL": crawl,
        "ORIGINWATCH_WORKER_ID": worker_id,
        "ORIGINWATCH_LEASE_SECONDS": lease_seconds,
        "ORIGINWATCH_FRONTIER": False,
        # The site's delay, shared by all workers through Redis, instead of each process's own.
        "ORIGINWATCH_SHARED_DELAY": delay,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_START_DELAY": 0,
        "DOWNLOADER_MIDDLEWARES": {
            **project.DOWNLOADER_MIDDLEWARES,
            "crawler.distributed.politeness.SharedPolitenessMiddleware": 120,
        },
        "SPIDER_MIDDLEWARES": {**spider_mw, "crawler.distributed.leases.LeaseMiddleware": 10},
        "ITEM_PIPELINES": {
            "crawler.pipelines.normalize.NormalizePipeline": 100,
            "crawler.distributed.stream.StreamPipeline": 900,
        },
        "EXTENSIONS": {"crawler.distributed.leases.LeaseKeeper": 50},
        "CLOSESPIDER_PAGECOUNT": 0,  # a per-worker cap is no crawl cap; the crawl's own limits apply
    }
