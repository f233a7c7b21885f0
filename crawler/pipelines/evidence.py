"""Keep the raw response behind each new listing version as a WARC record."""

from __future__ import annotations

from scrapy.crawler import Crawler
from sqlite_utils import Database

from crawler.evidence import response_record
from crawler.items import Listing, SellerProfile
from db import open_db
from db.evidence import store_evidence


class EvidencePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EvidencePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.db = open_db(self.crawler.settings.get("ORIGINWATCH_DB"))

    def close_spider(self) -> None:
        if self.db is not None:
            self.db.close()

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        if not isinstance(item, Listing) or item.capture is None or item.listing_id is None:
            return item
        if item.new_version and item.version is not None:
            assert self.db is not None
            record = response_record(item.capture)
            store_evidence(
                self.db,
                listing_id=item.listing_id,
                version=item.version,
                url=item.capture.url,
                status=item.capture.status,
                captured_at=item.capture.captured_at,
                record_id=record.record_id,
                sha256=record.sha256,
                warc=record.data,
            )
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("evidence/records")
        item.capture = None  # the body has been kept; free it
        return item
