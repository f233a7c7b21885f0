"""Spider middleware: Heritrix-style crawl limits on the links a page yields, so a link farm, an
endless calendar or a pathological path cannot starve the crawl of the products behind it.

- A path prefix (``host/first/``) that has yielded no listing gets at most ``prefix_budget``
  requests; a prefix whose pages are listings is not capped (the page cap still holds).
  ``ORIGINWATCH_PATH_BUDGETS`` caps URLs matching a pattern, productive or not.
- A link whose path repeats a segment more than ``max_segment_repeats`` times is not followed.
- A page yields at most ``max_outlinks`` links.

Each limit that bites is counted (``limits/…``) and becomes a note in the run record.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.items import Listing
from crawler.limits import (
    BUDGET_STAT,
    OUTLINK_DROPPED_STAT,
    OUTLINK_PAGES_STAT,
    REPEATS_STAT,
    CrawlLimits,
    most_repeated_segment,
    path_prefix,
)

logger = logging.getLogger(__name__)

MAX_HELD = 2000  # links held per prefix over its budget (see CrawlLimitsMiddleware.held)


def limits_for(crawler: Crawler) -> CrawlLimits:
    """The settings' limits, or the spider's own (``crawl_limits``, from its site profile)."""
    own = getattr(crawler.spidercls, "crawl_limits", None)
    return own if isinstance(own, CrawlLimits) else CrawlLimits.from_settings(crawler.settings)


class CrawlLimitsMiddleware:
    def __init__(self, crawler: Crawler, limits: CrawlLimits) -> None:
        self.crawler = crawler
        self.limits = limits
        self.patterns = [(pattern, re.compile(pattern), budget) for pattern, budget in limits.path_budgets.items()]
        self.requested: Counter[str] = Counter()  # requests let through, by prefix or pattern
        self.productive: set[str] = set()  # prefixes whose pages yielded a listing
        # Links over a prefix's budget, held in case the prefix turns out to hold listings after all
        # (its product links can be queued before the first product page answers).
        self.held: dict[str, list[Request]] = {}
        self.dropped: Counter[str] = Counter()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlLimitsMiddleware:
        return cls(crawler, limits_for(crawler))

    def process_spider_output(self, response: Response, result: Iterable[Any], spider: Any = None) -> Iterator[Any]:
        outlinks = 0
        for item in result:
            keep, outlinks = self._decide(response, item, outlinks)
            if keep:
                yield item
        self._close_page(outlinks)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Any = None
    ) -> AsyncIterator[Any]:
        outlinks = 0
        async for item in result:
            keep, outlinks = self._decide(response, item, outlinks)
            if keep:
                yield item
        self._close_page(outlinks)

    def _close_page(self, outlinks: int) -> None:
        if outlinks > self.limits.max_outlinks:
            self._stats.inc_value(OUTLINK_PAGES_STAT)
            self._stats.inc_value(OUTLINK_DROPPED_STAT, outlinks - self.limits.max_outlinks)

    @property
    def _stats(self) -> Any:
        assert self.crawler.stats is not None
        return self.crawler.stats

    def _decide(self, response: Response, item: Any, outlinks: int) -> tuple[bool, int]:
        if isinstance(item, Listing):
            self._mark_productive(path_prefix(item.url, self.limits.prefix_segments))
            return True, outlinks
        if not isinstance(item, Request) or item.url.startswith("data:"):
            return True, outlinks
        outlinks += 1
        if outlinks > self.limits.max_outlinks:
            return False, outlinks
        segment, repeats = most_repeated_segment(item.url)
        if repeats > self.limits.max_segment_repeats:
            self._stats.inc_value(REPEATS_STAT)
            logger.debug("not following %s: segment %r repeated %d times", item.url, segment, repeats)
            return False, outlinks
        part = self._budget_key(item.url)
        if part is not None:
            key, budget = part
            if self.requested[key] >= budget:
                self._over_budget(key, item)
                return False, outlinks
            self.requested[key] += 1
        return True, outlinks

    def _over_budget(self, key: str, request: Request) -> None:
        self.dropped[key] += 1
        self._stats.set_value(BUDGET_STAT + key, self.dropped[key])
        held = self.held.setdefault(key, [])
        if key not in self.limits.path_budgets and len(held) < MAX_HELD:
            held.append(request)

    def _mark_productive(self, prefix: str) -> None:
        if prefix in self.productive:
            return
        self.productive.add(prefix)
        released = self.held.pop(prefix, [])
        if not released:
            return
        assert self.crawler.engine is not None
        for request in released:
            self.crawler.engine.crawl(request)
        self.dropped[prefix] -= len(released)
        if self.dropped[prefix]:
            self._stats.set_value(BUDGET_STAT + prefix, self.dropped[prefix])
        else:
            self._stats.get_stats().pop(BUDGET_STAT + prefix, None)
        logger.info("%s yields listings: %d held link(s) released", prefix, len(released))

    def _budget_key(self, url: str) -> tuple[str, int] | None:
        """The budget ``url`` counts against, or None when it is not capped."""
        for pattern, regex, budget in self.patterns:
            if regex.search(url):
                return pattern, budget
        prefix = path_prefix(url, self.limits.prefix_segments)
        if prefix in self.productive:
            return None
        return prefix, self.limits.prefix_budget
