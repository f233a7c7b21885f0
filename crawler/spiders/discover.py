"""Generic discovery: from one start URL, stay on that host, follow links and pagination, and
store every product page and B2B advert found, with its seller."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy

from crawler.spiders.base import ListingSpider


class DiscoverSpider(ListingSpider):
    name = "discover"

    def __init__(self, start_url: str = "", *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parts = urlsplit(start_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"discover needs an http(s) start_url, got {start_url!r}")
        self.start_url = start_url
        self.allowed_domains = [parts.hostname]

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield self.request(self.start_url)
