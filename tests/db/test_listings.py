from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from sqlite_utils import Database

from db.listings import UpsertOutcome, count_listings, get_listing, iter_listings, listing_versions, search_listings
from db.listings import upsert_listing as store_listing
from db.records import ListingRecord


def upsert_listing(db: Database, listing: Mapping[str, Any], **kwargs: Any) -> UpsertOutcome:
    """The store takes typed records; these tests write listings as mappings."""
    return store_listing(db, ListingRecord.from_mapping(listing), **kwargs)


def test_first_crawl_creates_listing_version_and_seller(db: Database, listing: dict[str, Any]) -> None:
    outcome = upsert_listing(db, listing, run_id=None)
    assert outcome.created
    assert outcome.version == 1
    stored = get_listing(db, outcome.listing_id)
    assert stored["title"] == "Hand-tied lace front wig"
    assert stored["attributes"] == {"Place of Origin": "Liaoning, China"}
    assert stored["contacts"] == ["+850 2 381 1234"]
    assert stored["seller_id"] is not None
    assert len(listing_versions(db, outcome.listing_id)) == 1


def test_recrawl_of_unchanged_page_only_moves_last_seen(db: Database, listing: dict[str, Any]) -> None:
    first = upsert_listing(db, listing)
    before = get_listing(db, first.listing_id)
    again = upsert_listing(db, dict(listing))
    assert (again.created, again.changed, again.listing_id) == (False, False, first.listing_id)
    after = get_listing(db, first.listing_id)
    assert after["version"] == 1
    assert after["content_hash"] == before["content_hash"]
    assert after["last_seen"] >= before["last_seen"]
    assert count_listings(db) == 1
    assert len(listing_versions(db, first.listing_id)) == 1


def test_changed_content_adds_a_version(db: Database, listing: dict[str, Any]) -> None:
    first = upsert_listing(db, listing)
    changed = upsert_listing(db, {**listing, "price": "29.00"})
    assert changed.changed
    assert changed.version == 2
    assert changed.listing_id == first.listing_id
    versions = listing_versions(db, first.listing_id)
    assert [v["data"]["price"] for v in versions] == ["35.00", "29.00"]


def test_listing_without_natural_key_is_refused(db: Database, listing: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="listing_key"):
        upsert_listing(db, {**listing, "listing_key": ""})
    assert count_listings(db) == 0


def test_full_text_search_finds_listing_by_description(db: Database, listing: dict[str, Any]) -> None:
    upsert_listing(db, listing)
    upsert_listing(db, {**listing, "listing_key": "/p/2", "title": "Rattan bag", "description": "handwoven"})
    found = search_listings(db, "korea")
    assert [r["title"] for r in found] == ["Hand-tied lace front wig"]


def test_iter_listings_pages_through_everything(db: Database, listing: dict[str, Any]) -> None:
    for n in range(25):
        upsert_listing(db, {**listing, "listing_key": f"/p/{n}"})
    assert len(list(iter_listings(db, batch=7))) == 25


def test_moving_host_or_port_is_not_a_new_version(db: Database, listing: dict[str, Any]) -> None:
    upsert_listing(db, {**listing, "images": ["http://demo.example:8001/img/1.jpg"]})
    moved = {
        **listing,
        "seller_url": "https://demo.example:9000/seller/kumsang.html",
        "images": ["https://cdn.example/img/1.jpg"],
    }
    assert not upsert_listing(db, moved).changed
