"""Record what a crawl found: the listing and its version, its screening, its seller, its evidence.

The Scrapy pipelines hand typed records here and nothing else; each write is its own short
transaction (``db.connection.writing``), retried on a lock, so concurrent crawls, rescans and
reviews lose nothing. A write that still fails raises ``StoreBusyError``: the caller counts it and
the run ends ``failed``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from crawler.app.screening import ScreeningSetup
from db.connection import StoreError
from db.evidence import has_evidence, store_evidence
from db.hits import HitOutcome
from db.listings import UpsertOutcome, upsert_listing, upsert_seller
from db.records import EvidenceRecord, ListingRecord, SellerRecord
from matchers.types import ScreenResult

# What the pipelines hand over and what they catch: they import these from here, never from db/.
__all__ = [
    "WRITE_FAILED_STAT", "EvidenceRecord", "ListingRecord", "Recorded", "SellerRecord", "StoreError",
    "record_evidence", "record_listing", "record_seller",
]  # fmt: skip

WRITE_FAILED_STAT = "store/write_failed"  # listings, sellers or captures the store could not take


@dataclass(frozen=True)
class Recorded:
    listing: UpsertOutcome
    hit: HitOutcome
    needs_evidence: bool  # this version has no capture yet: a new version, or one whose capture was lost


def record_listing(
    db: Database, setup: ScreeningSetup, listing: ListingRecord, result: ScreenResult, *, run_id: int | None
) -> Recorded:
    """Store one crawled listing and apply its screening."""
    stored = upsert_listing(db, listing, run_id=run_id)
    hit = setup.record(db, stored.listing_id, result)
    needs_evidence = stored.created or stored.changed or not has_evidence(db, stored.listing_id, stored.version)
    return Recorded(stored, hit, needs_evidence)


def record_seller(db: Database, seller: SellerRecord) -> int:
    return upsert_seller(db, seller)


def record_evidence(db: Database, evidence: EvidenceRecord) -> int:
    return store_evidence(db, evidence)
