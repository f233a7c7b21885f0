"""Store listings, sellers and hits through the application layer; count what the store refused."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlite_utils import Database

from crawler.app.recording import (
    WRITE_FAILED_STAT,
    ListingRecord,
    SellerRecord,
    StoreError,
    record_listing,
    record_seller,
)
from crawler.app.runs import RUN_ID_STAT, crawl_store, screening_setup
from crawler.identity import seller_key
from crawler.items import Listing, SellerProfile

logger = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        assert crawler.stats is not None
        self.stats = crawler.stats
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self._store = crawl_store(self.crawler.settings)
        self.db = self._store.__enter__()
        self.setup = screening_setup(self.crawler)

    def close_spider(self) -> None:
        if self.db is not None:
            self._store.__exit__(None, None, None)
            self.db = None

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        assert self.db is not None
        try:
            return self._store_item(self.db, item)
        except StoreError as exc:
            # Never silently: counted, logged, and the run ends failed (crawler/app/runs.py).
            self.stats.inc_value(WRITE_FAILED_STAT)
            logger.error("the store could not take %s: %s", item.url, exc)
            raise DropItem(f"not stored: {exc}") from exc

    def _store_item(self, db: Database, item: Listing | SellerProfile) -> Listing | SellerProfile:
        if isinstance(item, SellerProfile):
            record_seller(
                db,
                SellerRecord(
                    platform=item.platform, seller_key=item.seller_key, url=item.url, name=item.name,
                    location=item.location, contacts=tuple(item.contacts), attributes=dict(item.attributes),
                ),
            )  # fmt: skip
            self.stats.inc_value("sellers/profiles")
            return item
        assert item.screening is not None, "the match pipeline runs before the store"
        key = seller_key(item.seller_url, item.seller_name)
        listing = ListingRecord.from_mapping({**item.to_dict(), "seller_key": key})
        recorded = record_listing(db, self.setup, listing, item.screening, run_id=self.stats.get_value(RUN_ID_STAT))
        stored = recorded.listing
        item.listing_id, item.version = stored.listing_id, stored.version
        item.new_version = recorded.needs_evidence
        self.stats.inc_value(
            "listings/new" if stored.created else "listings/changed" if stored.changed else "listings/unchanged"
        )
        if recorded.hit.created:
            self.stats.inc_value("hits/new")
        elif recorded.hit.updated:
            self.stats.inc_value("hits/updated")
        return item
