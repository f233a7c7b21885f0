"""Store listings, sellers and hits."""

from __future__ import annotations

from scrapy.crawler import Crawler
from sqlite_utils import Database

from crawler.extensions.runlog import RUN_ID_STAT
from crawler.identity import seller_key
from crawler.items import Listing, SellerProfile
from db import open_db
from db.hits import record_screening
from db.listings import upsert_listing, upsert_seller
from db.watchlists import current_version_id, latest_versions


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
        self.db = open_db(self.crawler.settings.get("ORIGINWATCH_DB"))
        self.list_version = current_version_id(self.db)
        self.list_versions = latest_versions(self.db)

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.close()

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        assert self.db is not None
        if isinstance(item, SellerProfile):
            fields = {"name": item.name, "url": item.url, "location": item.location}
            upsert_seller(
                self.db,
                item.platform,
                item.seller_key,
                {**fields, "contacts": item.contacts, "attributes": item.attributes},
            )
            self.stats.inc_value("sellers/profiles")
            return item
        record = item.to_dict()
        record["seller_key"] = seller_key(item.seller_url, item.seller_name)
        outcome = upsert_listing(self.db, record, run_id=self.stats.get_value(RUN_ID_STAT))
        item.listing_id, item.version = outcome.listing_id, outcome.version
        item.new_version = outcome.created or outcome.changed
        self.stats.inc_value(
            "listings/new" if outcome.created else "listings/changed" if outcome.changed else "listings/unchanged"
        )
        hit = record_screening(
            self.db,
            outcome.listing_id,
            item.screening,
            watchlist_version_id=self.list_version,
            list_versions=self.list_versions,
        )
        if hit.created:
            self.stats.inc_value("hits/new")
        elif hit.updated:
            self.stats.inc_value("hits/updated")
        return item
