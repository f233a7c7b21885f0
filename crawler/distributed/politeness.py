"""One politeness budget per site shared by every worker (downloader middleware).

Scrapy's download delay is per process: N workers would hit a site N times as often. Each request
to a download slot first reserves the slot's next start time in Redis (one Lua script on Redis's
clock: start = max(now, next); next = start + delay) and waits until then. The delay is the
crawl's ``DOWNLOAD_DELAY``; the workers' own delay is off, so it is not applied twice.
"""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy_redis.connection import get_redis_from_settings

from crawler.distributed.keys import CrawlKeys

SHARED_DELAY_SETTING = "ORIGINWATCH_SHARED_DELAY"

# KEYS: the slot's key; ARGV: delay seconds. Returns how long to wait, in microseconds.
RESERVE = """
local t = redis.call('TIME') local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, nxt)
redis.call('SET', KEYS[1], start + tonumber(ARGV[1]), 'PX', 3600000)
return start - now
"""


class SharedPolitenessMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.delay = crawler.settings.getfloat(SHARED_DELAY_SETTING)
        self.keys = CrawlKeys(crawler.settings.get("ORIGINWATCH_CRAWL"))
        self.server = get_redis_from_settings(crawler.settings)
        self._reserve = self.server.register_script(RESERVE)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedPolitenessMiddleware:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        if self.delay <= 0 or request.url.startswith("data:"):
            return
        slot = str(request.meta.get("download_slot") or request.url.split("/")[2])
        wait_us = int(self._reserve(keys=[self.keys.politeness(slot)], args=[int(self.delay * 1_000_000)]))
        if wait_us > 0:
            assert self.stats is not None
            self.stats.inc_value("politeness/waited_ms", wait_us // 1000)
            await asyncio.sleep(wait_us / 1_000_000)
