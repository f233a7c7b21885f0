"""Normalize text fields: Unicode NFC, collapsed white space, no empty attributes."""

from __future__ import annotations

import unicodedata

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from crawler.health import ALWAYS_REQUIRED, COVERED_FIELDS, SATISFIED_BY
from crawler.items import Listing, SellerProfile

TEXT_FIELDS = (
    "title", "description", "price", "price_max", "currency", "min_order", "sku", "availability",
    "seller_name", "seller_url", "seller_location", "origin",
)  # fmt: skip


def clean(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


class NormalizePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NormalizePipeline:
        return cls(crawler)

    def process_item(self, item: Listing | SellerProfile) -> Listing | SellerProfile:
        if isinstance(item, SellerProfile):
            item.name, item.location = clean(item.name), clean(item.location)
            return item
        for name in TEXT_FIELDS:
            # Descriptions keep their paragraphs; other fields are single lines.
            value = getattr(item, name)
            setattr(
                item,
                name,
                "\n".join(clean(p) for p in value.split("\n") if p.strip()) if name == "description" else clean(value),
            )
        item.attributes = {clean(k): clean(v) for k, v in item.attributes.items() if clean(k) and clean(v)}
        item.contacts = list(dict.fromkeys(clean(c) for c in item.contacts if clean(c)))
        assert self.stats is not None
        # Field coverage feeds the run's health checks (crawler/health.py).
        self.stats.inc_value("listings/seen")
        for name in COVERED_FIELDS:
            if getattr(item, name):
                self.stats.inc_value(f"fields/{name}")
        required = getattr(self.crawler.spider, "required_fields", ALWAYS_REQUIRED)
        missing = [name for name in required if not any(getattr(item, f) for f in (name, *SATISFIED_BY.get(name, ())))]
        if missing:
            # Never store a listing emptied by broken selectors; the run's health check reports it.
            self.stats.inc_value("listings/dropped_incomplete")
            raise DropItem(f"listing lacks {', '.join(missing)}: {item.url}")
        return item
