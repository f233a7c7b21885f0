"""Keep the raw response behind each listing version that has no capture yet, as a WARC record."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler
from sqlite_utils import Database

from crawler.app.recording import WRITE_FAILED_STAT, EvidenceRecord, StoreError, record_evidence
from crawler.app.runs import crawl_store
from crawler.evidence import capture_records
from crawler.items import Listing, SellerProfile

logger = logging.getLogger(__name__)


class EvidencePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.db: Database | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EvidencePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self._store = crawl_store(self.crawler.settings)
        self.db = self._store.__enter__()

    def close_spider(self) -> None:
        if self.db is not None:
            self._store.__exit__(None, None, None)
            self.db = None

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        if not isinstance(item, Listing) or item.capture is None or item.listing_id is None:
            return item
        assert self.crawler.stats is not None
        # new_version: this version has no capture yet (new, changed, or its capture was lost).
        if item.new_version and item.version is not None:
            assert self.db is not None
            record = capture_records(item.capture)  # the response, its request, the seller page beside it
            evidence = EvidenceRecord(
                listing_id=item.listing_id, version=item.version, url=item.capture.url, status=item.capture.status,
                captured_at=item.capture.captured_at, record_id=record.record_id, sha256=record.sha256,
                warc=record.data,
            )  # fmt: skip
            try:
                record_evidence(self.db, evidence)
                self.crawler.stats.inc_value("evidence/records")
            except StoreError as exc:
                self.crawler.stats.inc_value(WRITE_FAILED_STAT)
                logger.error("the store could not take the capture of %s: %s", item.url, exc)
        item.capture = None  # the body has been kept; free it
        return item
