"""Screen each listing with the screener the application layer builds from the store."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from crawler.app.runs import screening_setup
from crawler.app.screening import ScreeningSetup
from crawler.items import Listing, SellerProfile

logger = logging.getLogger(__name__)


class MatchPipeline:
    def __init__(self, crawler: Crawler) -> None:
        # Built once per crawl (the watchlist index is the expensive part); its notes (bundled list
        # loaded, no list at all) go to the run record through the run log.
        self.setup: ScreeningSetup = screening_setup(crawler)
        assert crawler.stats is not None
        crawler.stats.set_value("watchlist/entities", self.setup.entity_count)
        for note in self.setup.notes:
            logger.warning(note)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MatchPipeline:
        return cls(crawler)

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        if isinstance(item, Listing):
            item.screening = self.setup.screen(item.to_dict())
            item.category = item.screening.category
        return item
