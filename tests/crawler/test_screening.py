from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from sqlite_utils import Database

from crawler.app.screening import rescan
from db import open_db
from db.hits import get_hit, list_hits
from db.listings import UpsertOutcome
from db.listings import upsert_listing as store_listing
from db.records import ListingRecord
from db.watchlists import record_import
from matchers.listing import screen_input_from_dict
from watchlists.model import Alias, Entity


def upsert_listing(db: Database, listing: Mapping[str, Any], **kwargs: Any) -> UpsertOutcome:
    """The store takes typed records; these tests write listings as mappings."""
    return store_listing(db, ListingRecord.from_mapping(listing), **kwargs)


JINXIANG = Entity(
    entity_id="23476",
    source="ofac-sdn",
    name="DANDONG JINXIANG TRADE CO., LTD.",
    aliases=[Alias("CHINA DANDONG KUMSANG TRADE COMPANY, LIMITED")],
)
HONGXIANG = Entity(entity_id="20564", source="ofac-sdn", name="DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO LTD")


def listing(n: int, **fields: Any) -> dict[str, Any]:
    base = {"platform": "demo", "listing_key": f"/p/{n}", "url": f"http://demo/p/{n}", "title": "Lace front wig"}
    return {**base, **fields}


@pytest.fixture
def db() -> Database:
    db = open_db(memory=True)
    # Not wigs: a seller in the Dandong hub is a low lead on wigs, and these tests count only list hits.
    upsert_listing(db, listing(1, title="Steel bearings", seller_name="Dandong Kumsang Trade"))
    upsert_listing(
        db, listing(2, title="Steel bearings", seller_name="Dandong Hongxiang Industrial Development Co., Ltd.")
    )
    upsert_listing(db, listing(3, seller_name="Xuchang Everbright Hair Products"))
    upsert_listing(db, listing(4, description="hand-tied in North Korea", seller_name="Qingdao Harborline Hair"))
    return db


def test_stored_listing_becomes_screen_input_with_origin() -> None:
    item = screen_input_from_dict({**listing(9), "origin": "DPRK", "attributes": {"Color": "black"}})
    assert item.attributes == {"Color": "black", "origin": "DPRK"}
    assert item.title == "Lace front wig"


def test_adding_an_entry_creates_exactly_the_expected_hits_once(db: Database) -> None:
    record_import(db, source="ofac-sdn", fmt="ofac-csv", files=[], sha256="v1", entities=[JINXIANG])
    first = rescan(db)
    assert (first.screened, first.new_hits) == (4, 2)  # the Kumsang seller and the origin phrase
    v2 = record_import(db, source="ofac-sdn", fmt="ofac-csv", files=[], sha256="v2", entities=[JINXIANG, HONGXIANG])
    second = rescan(db)
    assert (second.new_hits, second.updated_hits, second.stale_hits) == (1, 0, 0)
    new_hit = next(h for h in list_hits(db) if h["url"] == "http://demo/p/2")
    assert new_hit["watchlist_version_id"] == v2
    (reason,) = [r for r in get_hit(db, new_hit["id"])["reasons"] if r["kind"] == "seller"]
    assert (reason["entity_id"], reason["source"], reason["list_version_id"]) == ("20564", "ofac-sdn", v2)
    third = rescan(db)
    assert (third.new_hits, third.updated_hits, third.stale_hits) == (0, 0, 0)
    assert len(list_hits(db)) == 3


def test_hit_whose_only_reason_left_the_list_is_marked_not_deleted(db: Database) -> None:
    record_import(db, source="ofac-sdn", fmt="ofac-csv", files=[], sha256="v1", entities=[JINXIANG])
    rescan(db)
    record_import(db, source="ofac-sdn", fmt="ofac-csv", files=[], sha256="v2", entities=[HONGXIANG])
    report = rescan(db)
    assert report.stale_hits == 1
    assert report.new_hits == 1
    stale = [h for h in list_hits(db) if h["stale"]]
    assert [h["url"] for h in stale] == ["http://demo/p/1"]
    assert len(list_hits(db)) == 3  # nothing deleted
