"""Full-text search in any script, kept in step with the listings' text (and only their text)."""

from __future__ import annotations

from sqlite_utils import Database

from db import open_db
from db.listings import search_listings, upsert_listing
from db.records import ListingRecord


def store(db: Database, key: str, **fields: str) -> int:
    record = ListingRecord.from_mapping({"platform": "p", "listing_key": key, "url": f"http://p{key}", **fields})
    return upsert_listing(db, record).listing_id


def test_cjk_inside_a_sentence_hyphens_and_short_queries() -> None:
    db = open_db(memory=True)
    store(db, "/cn", title="假发", description="本产品为朝鲜加工，手工钩织")
    store(db, "/en", title="Hand-tied lace wig")
    store(db, "/ko", title="인모 가발", description="북한산 수제")
    assert [r["listing_key"] for r in search_listings(db, "朝鲜加工")] == ["/cn"]
    assert [r["listing_key"] for r in search_listings(db, "hand-tied")] == ["/en"]
    assert [r["listing_key"] for r in search_listings(db, "북한")] == ["/ko"]  # two characters: a scan
    assert search_listings(db, 'wig" OR "假发') == []  # a phrase, never FTS syntax


def test_a_changed_text_is_found_and_a_category_write_leaves_the_index_alone() -> None:
    db = open_db(memory=True)
    listing_id = store(db, "/a", title="Lace wig")
    store(db, "/a", title="Rattan bag")  # a new version of the page
    assert search_listings(db, "Lace wig") == []
    assert [r["id"] for r in search_listings(db, "Rattan")] == [listing_id]
    changes = db.conn.total_changes
    db.execute("update listings set category = 'rattan_bag', last_seen = 'now' where id = ?", [listing_id])
    assert db.conn.total_changes - changes == 1  # the row itself, no re-indexing
    assert [r["id"] for r in search_listings(db, "Rattan")] == [listing_id]
