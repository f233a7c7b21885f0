"""Schema migrations. Each runs in a transaction and is recorded in `_sqlite_migrations`."""

from __future__ import annotations

from sqlite_utils import Database, Migrations
from sqlite_utils.db import Table

migrations = Migrations("originwatch")


def _t(db: Database, name: str) -> Table:
    table = db[name]
    assert isinstance(table, Table)
    return table


@migrations()
def m001_core(db: Database) -> None:
    _t(db, "crawl_runs").create(
        {
            "id": int,
            "spider": str,
            "start_url": str,
            "args": str,  # JSON
            "started_at": str,
            "finished_at": str,
            "status": str,  # running | finished | failed | broken
            "stats": str,  # JSON: Scrapy stats plus ours (pages/broken, pages/blocked, listings/new ...)
            "notes": str,  # JSON list: robots overrides, health-check failures ...
        },
        pk="id",
        not_null={"spider", "started_at", "status"},
    )
    _t(db, "sellers").create(
        {
            "id": int,
            "platform": str,
            "seller_key": str,  # seller URL path, or normalized name when no URL
            "name": str,
            "url": str,
            "location": str,
            "contacts": str,  # JSON list
            "attributes": str,  # JSON object
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        not_null={"platform", "seller_key", "first_seen", "last_seen"},
    )
    _t(db, "sellers").create_index(["platform", "seller_key"], unique=True)
    _t(db, "listings").create(
        {
            "id": int,
            "platform": str,
            "listing_key": str,  # the site's listing id, else the canonical URL path
            "kind": str,  # product | advert
            "url": str,
            "title": str,
            "description": str,
            "price": str,
            "price_max": str,
            "currency": str,
            "min_order": str,
            "sku": str,
            "availability": str,
            "seller_id": int,
            "seller_name": str,
            "seller_url": str,
            "seller_location": str,
            "origin": str,
            "attributes": str,  # JSON object
            "contacts": str,  # JSON list
            "images": str,  # JSON list
            "category": str,
            "content_hash": str,
            "version": int,
            "first_seen": str,
            "last_seen": str,
            "last_run_id": int,
        },
        pk="id",
        not_null={"platform", "listing_key", "url", "content_hash", "first_seen", "last_seen"},
        foreign_keys=[("seller_id", "sellers", "id"), ("last_run_id", "crawl_runs", "id")],
    )
    _t(db, "listings").create_index(["platform", "listing_key"], unique=True)
    _t(db, "listings").create_index(["last_seen"])
    _t(db, "listings").enable_fts(
        ["title", "description", "seller_name", "seller_location", "origin", "attributes"],
        create_triggers=True,
        tokenize="unicode61",
    )
    _t(db, "listing_versions").create(
        {
            "id": int,
            "listing_id": int,
            "version": int,
            "content_hash": str,
            "captured_at": str,
            "run_id": int,
            "data": str,  # JSON snapshot of the listing's content fields
        },
        pk="id",
        not_null={"listing_id", "version", "content_hash", "captured_at"},
        foreign_keys=[("listing_id", "listings", "id"), ("run_id", "crawl_runs", "id")],
    )
    _t(db, "listing_versions").create_index(["listing_id", "version"], unique=True)
    _t(db, "watchlist_versions").create(
        {
            "id": int,
            "source": str,
            "format": str,
            "files": str,  # JSON list of paths as given
            "sha256": str,
            "imported_at": str,
            "entity_count": int,
            "alias_count": int,
            "filters": str,  # JSON
            "warnings": str,  # JSON list
        },
        pk="id",
        not_null={"source", "format", "sha256", "imported_at"},
    )
    _t(db, "watchlist_entities").create(
        {
            "id": int,
            "source": str,
            "entity_id": str,
            "version_id": int,
            "schema": str,
            "name": str,
            "aliases": str,  # JSON list of {name, quality, kind}
            "identifiers": str,
            "phones": str,
            "emails": str,
            "websites": str,
            "addresses": str,
            "countries": str,
            "programs": str,
            "topics": str,
            "citation": str,
            "evidence": str,
            "remarks": str,
            "content_hash": str,
        },
        pk="id",
        not_null={"source", "entity_id", "name", "version_id"},
        foreign_keys=[("version_id", "watchlist_versions", "id")],
    )
    _t(db, "watchlist_entities").create_index(["source", "entity_id"], unique=True)
    _t(db, "hits").create(
        {
            "id": int,
            "listing_id": int,
            "score": float,
            "priority": str,  # high (flagged) | low (a lower-priority lead below the flag line)
            "category": str,
            "status": str,  # new | confirmed | dismissed | escalated
            "assignee": str,
            "reasons": str,  # JSON list, as screened most recently
            "reasons_hash": str,
            "watchlist_version_id": int,  # the newest list version the screening saw
            "stale": int,  # 1 when a later screening no longer finds any reason
            "created_at": str,
            "updated_at": str,
        },
        pk="id",
        not_null={"listing_id", "score", "status", "reasons", "created_at", "updated_at"},
        foreign_keys=[("listing_id", "listings", "id"), ("watchlist_version_id", "watchlist_versions", "id")],
        defaults={"stale": 0},
    )
    _t(db, "hits").create_index(["listing_id"], unique=True)
    _t(db, "hits").create_index(["status", "score"])
    _t(db, "hit_reasons").create(
        {
            "id": int,
            "hit_id": int,
            "kind": str,
            "rule": str,
            "score": float,
            "detail": str,
            "matched_text": str,
            "entity_id": str,
            "source": str,
            "list_version_id": int,  # the watchlist version the matched entry came from
            "field": str,
        },
        pk="id",
        not_null={"hit_id", "kind", "rule"},
        foreign_keys=[("hit_id", "hits", "id")],
    )
    _t(db, "hit_reasons").create_index(["hit_id"])
    _t(db, "hit_reasons").create_index(["kind"])
    _t(db, "review_events").create(
        {
            "id": int,
            "hit_id": int,
            "at": str,
            "by": str,
            "old_status": str,
            "new_status": str,
            "note": str,
        },
        pk="id",
        not_null={"hit_id", "at", "by", "new_status"},
        foreign_keys=[("hit_id", "hits", "id")],
    )
    _t(db, "review_events").create_index(["hit_id"])


@migrations()
def m002_watchlist_snapshots(db: Database) -> None:
    """Per-version entity hashes, so `watchlist diff A B` works after later imports replace entries."""
    _t(db, "watchlist_version_entities").create(
        {"id": int, "version_id": int, "entity_id": str, "name": str, "content_hash": str},
        pk="id",
        not_null={"version_id", "entity_id", "content_hash"},
        foreign_keys=[("version_id", "watchlist_versions", "id")],
    )
    _t(db, "watchlist_version_entities").create_index(["version_id", "entity_id"], unique=True)


@migrations()
def m003_evidence(db: Database) -> None:
    """The raw response behind each listing version, as one gzipped WARC record."""
    _t(db, "evidence").create(
        {
            "id": int,
            "listing_id": int,
            "version": int,
            "url": str,
            "status": int,
            "captured_at": str,
            "record_id": str,  # WARC-Record-ID
            "sha256": str,  # of the response body
            "warc": bytes,
        },
        pk="id",
        not_null={"listing_id", "version", "url", "captured_at", "record_id", "sha256", "warc"},
        foreign_keys=[("listing_id", "listings", "id")],
    )
    _t(db, "evidence").create_index(["listing_id", "version"], unique=True)


@migrations()
def m004_list_meta(db: Database) -> None:
    """What a list says about itself (publisher, URL, retrieved date), kept with each version."""
    _t(db, "watchlist_versions").add_column("meta", str)
