"""A page whose parsing fails is logged and counted, and the crawl goes on."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from scrapy.crawler import Crawler
from scrapy.http import Response

logger = logging.getLogger(__name__)


class BrokenPageMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BrokenPageMiddleware:
        return cls(crawler)

    def process_spider_exception(self, response: Response, exception: Exception) -> Iterable[Any] | None:
        assert self.stats is not None
        self.stats.inc_value("pages/broken")
        self.stats.inc_value(f"pages/broken/{type(exception).__name__}")
        logger.error("broken page %s: %s: %s", response.url, type(exception).__name__, exception)
        return ()
