"""Screen each listing against the watchlists in the store and the built-in rules."""

from __future__ import annotations

from scrapy.crawler import Crawler

from crawler.items import Listing, SellerProfile
from db import open_db
from db.watchlists import load_entities
from matchers.listing import screen_input_from_dict
from matchers.screen import Screener


class MatchPipeline:
    def __init__(self, crawler: Crawler) -> None:
        db = open_db(crawler.settings.get("ORIGINWATCH_DB"))
        entities = load_entities(db)
        db.close()
        # Built once per crawl: the watchlist index is the expensive part.
        self.screener = Screener(entities)
        assert crawler.stats is not None
        crawler.stats.set_value("watchlist/entities", len(entities))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MatchPipeline:
        return cls(crawler)

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        if isinstance(item, Listing):
            result = self.screener.screen(screen_input_from_dict(item.to_dict()))
            item.category = result.category
            item.screening = result.to_dict()
        return item
