"""Listings, their versions and their sellers.

A listing's natural key is (platform, listing_key). Re-crawling an unchanged page only
moves `last_seen`; a change of content adds a row to `listing_versions`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from db.util import dumps, insert, loads, now, table

# What makes a listing's content; a change to any of these is a new version.
CONTENT_FIELDS = (
    "kind", "title", "description", "price", "price_max", "currency", "min_order", "sku",
    "availability", "seller_name", "seller_url", "seller_location", "origin",
    "attributes", "contacts", "images",
)  # fmt: skip
JSON_FIELDS = ("attributes", "contacts", "images")


@dataclass(frozen=True)
class UpsertOutcome:
    listing_id: int
    created: bool
    changed: bool
    version: int


def content_hash(listing: Mapping[str, Any]) -> str:
    """What the listing says, not where it is served from: URL fields count by path only, so a move to
    https, another image host or (for the demo) another port is no new version."""
    content = {f: listing.get(f) or ("" if f not in JSON_FIELDS else None) for f in CONTENT_FIELDS}
    content["seller_url"] = _path_only(str(content["seller_url"] or ""))
    content["images"] = [_path_only(u) for u in content["images"] or []]
    return hashlib.sha256(dumps(content).encode("utf-8")).hexdigest()


def _path_only(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))


def upsert_seller(
    db: Database, platform: str, seller_key: str, fields: Mapping[str, Any], *, seen_at: str | None = None
) -> int:
    """Insert or refresh a seller; empty values never overwrite known ones."""
    seen_at = seen_at or now()
    sellers = table(db, "sellers")
    rows = list(sellers.rows_where("platform = ? and seller_key = ?", [platform, seller_key], limit=1))
    values = {k: (dumps(v) if k in ("contacts", "attributes") else v) for k, v in fields.items() if v}
    if rows:
        seller_id = int(rows[0]["id"])
        sellers.update(seller_id, {**values, "last_seen": seen_at})
        return seller_id
    row = {
        "platform": platform,
        "seller_key": seller_key,
        "first_seen": seen_at,
        "last_seen": seen_at,
        **values,
    }
    return insert(db, "sellers", row)


def upsert_listing(db: Database, listing: Mapping[str, Any], *, run_id: int | None = None) -> UpsertOutcome:
    """Store one crawled listing. `listing` carries `platform`, `listing_key`, `url` and content fields."""
    for required in ("platform", "listing_key", "url"):
        if not listing.get(required):
            raise ValueError(f"listing lacks {required!r}")
    seen_at = now()
    digest = content_hash(listing)
    listings = table(db, "listings")
    with db.atomic():
        seller_id = None
        if listing.get("seller_name") or listing.get("seller_url"):
            seller_key = str(
                listing.get("seller_key") or listing.get("seller_url") or listing.get("seller_name")
            ).strip()
            seller_id = upsert_seller(
                db,
                str(listing["platform"]),
                seller_key,
                {
                    "name": listing.get("seller_name"),
                    "url": listing.get("seller_url"),
                    "location": listing.get("seller_location"),
                },
                seen_at=seen_at,
            )
        existing = list(
            listings.rows_where(
                "platform = ? and listing_key = ?", [listing["platform"], listing["listing_key"]], limit=1
            )
        )
        if existing and existing[0]["content_hash"] == digest:
            listing_id = int(existing[0]["id"])
            listings.update(listing_id, {"last_seen": seen_at, "last_run_id": run_id})
            return UpsertOutcome(listing_id, created=False, changed=False, version=int(existing[0]["version"]))
        row = _row(listing)
        row.update(content_hash=digest, last_seen=seen_at, last_run_id=run_id, seller_id=seller_id)
        if existing:
            listing_id = int(existing[0]["id"])
            version = int(existing[0]["version"]) + 1
            listings.update(listing_id, {**row, "version": version})
        else:
            version = 1
            listing_id = insert(db, "listings", {**row, "version": 1, "first_seen": seen_at})
        table(db, "listing_versions").insert(
            {
                "listing_id": listing_id,
                "version": version,
                "content_hash": digest,
                "captured_at": seen_at,
                "run_id": run_id,
                "data": dumps({f: listing.get(f) for f in ("url", *CONTENT_FIELDS)}),
            }
        )
    return UpsertOutcome(listing_id, created=not existing, changed=bool(existing), version=version)


def set_category(db: Database, listing_id: int, category: str) -> None:
    """The category is the matchers' judgement, not page content: a rescan under new rules may change it."""
    table(db, "listings").update(listing_id, {"category": category})


def get_listing(db: Database, listing_id: int) -> dict[str, Any]:
    return _decode(dict(table(db, "listings").get(listing_id)))


def listing_versions(db: Database, listing_id: int) -> list[dict[str, Any]]:
    rows = table(db, "listing_versions").rows_where("listing_id = ?", [listing_id], order_by="version")
    return [{**r, "data": loads(r["data"], {})} for r in rows]


def iter_listings(db: Database, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every stored listing, in id order, without loading them all at once."""
    last = 0
    while True:
        rows = list(table(db, "listings").rows_where("id > ?", [last], order_by="id", limit=batch))
        if not rows:
            return
        for row in rows:
            yield _decode(dict(row))
        last = int(rows[-1]["id"])


def count_listings(db: Database) -> int:
    return table(db, "listings").count


def search_listings(db: Database, query: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Full-text search over title, description, seller and attributes."""
    return [_decode(dict(r)) for r in table(db, "listings").search(query, limit=limit)]


def _row(listing: Mapping[str, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {
        "platform": listing["platform"],
        "listing_key": listing["listing_key"],
        "url": listing["url"],
        "category": listing.get("category") or "",
    }
    for f in CONTENT_FIELDS:
        value = listing.get(f)
        row[f] = (
            dumps(value if value is not None else ({} if f == "attributes" else []))
            if f in JSON_FIELDS
            else (value or "")
        )
    return row


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for f in JSON_FIELDS:
        row[f] = loads(row.get(f), {} if f == "attributes" else [])
    return row
