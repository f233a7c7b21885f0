"""Loading many generated rows at once (executemany in one transaction), for benchmark stores.

Crawled data never comes this way: it goes through `upsert_listing` and `record_screening`, which keep
versions, sellers and reasons consistent one listing at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from db.listings import CONTENT_FIELDS, content_hash
from db.records import ListingRecord
from db.util import dumps


@dataclass(frozen=True)
class BulkReason:
    kind: str
    rule: str
    score: float
    detail: str
    matched_text: str
    field: str


@dataclass(frozen=True)
class BulkHit:
    listing_id: int
    score: float
    priority: str
    category: str
    status: str
    created_at: str
    reasons: tuple[BulkReason, ...]


def insert_listings(db: Database, listings: Sequence[ListingRecord], *, seen_at: str) -> None:
    """Insert new listings (version 1), without sellers or version rows."""
    columns = ["platform", "listing_key", "url", "category", *CONTENT_FIELDS, "content_hash", "version",
               "first_seen", "last_seen"]  # fmt: skip
    sql = f"insert into listings ({', '.join(columns)}) values ({', '.join('?' for _ in columns)})"
    rows = []
    for listing in listings:
        content = [
            dumps(dict(getattr(listing, f))) if f == "attributes"
            else dumps(list(getattr(listing, f))) if f in ("contacts", "images")
            else getattr(listing, f)
            for f in CONTENT_FIELDS
        ]  # fmt: skip
        rows.append([listing.platform, listing.listing_key, listing.url, "", *content, content_hash(listing), 1,
                     seen_at, seen_at])  # fmt: skip
    with db.atomic():
        db.conn.executemany(sql, rows)


def insert_hits(db: Database, hits: Sequence[BulkHit]) -> None:
    """Insert new hits with their reasons; ids follow the order given."""
    with db.atomic():
        start = int(db.execute("select coalesce(max(id), 0) from hits").fetchone()[0]) + 1
        db.conn.executemany(
            "insert into hits (id, listing_id, score, priority, category, status, reasons, reasons_hash, stale,"
            " created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, '', 0, ?, ?)",
            [
                (start + i, h.listing_id, h.score, h.priority, h.category, h.status,
                 dumps([r.__dict__ for r in h.reasons]), h.created_at, h.created_at)
                for i, h in enumerate(hits)
            ],
        )  # fmt: skip
        db.conn.executemany(
            "insert into hit_reasons (hit_id, kind, rule, score, detail, matched_text, field)"
            " values (?, ?, ?, ?, ?, ?, ?)",
            [
                (start + i, r.kind, r.rule, r.score, r.detail, r.matched_text, r.field)
                for i, h in enumerate(hits)
                for r in h.reasons
            ],
        )


def optimize(db: Database) -> None:
    """Refresh the planner's statistics after a large load."""
    db.execute("analyze")
    db.conn.commit()
