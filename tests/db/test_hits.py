from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from sqlite_utils import Database

from db.hits import HitNotFoundError, HitOutcome, get_hit, list_hits, reason_counts, review
from db.hits import record_screening as store_screening
from db.listings import UpsertOutcome
from db.listings import upsert_listing as store_listing
from db.records import ListingRecord
from matchers.types import Reason, ScreenResult


def upsert_listing(db: Database, listing: Mapping[str, Any], **kwargs: Any) -> UpsertOutcome:
    """The store takes typed records; these tests write listings as mappings."""
    return store_listing(db, ListingRecord.from_mapping(listing), **kwargs)


def record_screening(db: Database, listing_id: int, result: Mapping[str, Any], **kwargs: Any) -> HitOutcome:
    """The store takes a ScreenResult; these tests write screenings as mappings."""
    reasons = tuple(Reason(**r) for r in result.get("reasons", []))
    typed = ScreenResult(
        flagged=bool(result.get("flagged")),
        score=float(result.get("score", 0.0)),
        reasons=reasons,
        category=result.get("category", "other"),
        priority=result.get("priority", "high" if result.get("flagged") else ""),
    )
    return store_screening(db, listing_id, typed, **kwargs)


PHRASE = {
    "kind": "phrase",
    "rule": "en.made_in_north_korea",
    "score": 0.9,
    "detail": "origin phrase 'hand-tied in North Korea'",
    "matched_text": "hand-tied in North Korea",
    "entity_id": None,
    "source": "rules",
    "field": "description",
}
SELLER = {
    "kind": "seller",
    "rule": "name.token_match",
    "score": 0.93,
    "detail": "seller ~ OFAC 23476",
    "matched_text": "Dandong Kumsang Trade",
    "entity_id": "23476",
    "source": "ofac-sdn",
    "field": "seller_name",
}


def flagged(*reasons: dict[str, Any]) -> dict[str, Any]:
    return {"flagged": True, "score": 0.95, "category": "wig", "reasons": list(reasons)}


@pytest.fixture
def listing_id(db: Database, listing: dict[str, Any]) -> int:
    return upsert_listing(db, listing).listing_id


def test_flagged_listing_enters_queue_once(db: Database, listing_id: int) -> None:
    first = record_screening(db, listing_id, flagged(PHRASE))
    again = record_screening(db, listing_id, flagged(PHRASE))
    assert first.created
    assert not again.created
    assert not again.updated
    assert again.hit_id == first.hit_id
    rows = list_hits(db)
    assert len(rows) == 1
    assert rows[0]["status"] == "new"
    assert rows[0]["reasons"][0]["matched_text"] == "hand-tied in North Korea"


def test_new_reason_updates_hit_and_keeps_review_status(db: Database, listing_id: int) -> None:
    hit = record_screening(db, listing_id, flagged(PHRASE))
    assert hit.hit_id is not None
    review(db, hit.hit_id, status="confirmed", by="analyst", note="checked")
    updated = record_screening(db, listing_id, flagged(PHRASE, SELLER))
    assert updated.updated
    assert updated.hit_id == hit.hit_id
    shown = get_hit(db, hit.hit_id)
    assert shown["status"] == "confirmed"
    assert {r["kind"] for r in shown["reasons"]} == {"phrase", "seller"}
    assert reason_counts(db) == {"phrase": 1, "seller": 1}


def test_reason_gone_marks_hit_stale_without_deleting(db: Database, listing_id: int) -> None:
    hit = record_screening(db, listing_id, flagged(SELLER))
    gone = record_screening(db, listing_id, {"flagged": False, "score": 0.0, "reasons": []})
    assert gone.marked_stale
    assert gone.hit_id == hit.hit_id
    assert list_hits(db)[0]["stale"] == 1
    assert list_hits(db, include_stale=False) == []


def test_unflagged_listing_creates_no_hit(db: Database, listing_id: int) -> None:
    outcome = record_screening(db, listing_id, {"flagged": False, "score": 0.1, "reasons": []})
    assert outcome.hit_id is None
    assert list_hits(db) == []


def test_review_writes_audit_trail(db: Database, listing_id: int) -> None:
    hit_id = record_screening(db, listing_id, flagged(PHRASE)).hit_id
    assert hit_id is not None
    review(db, hit_id, status="escalated", by="ana", note="send to campaigners")
    review(db, hit_id, status="confirmed", by="ben")
    events = get_hit(db, hit_id)["events"]
    assert [(e["by"], e["old_status"], e["new_status"]) for e in events] == [
        ("ana", "new", "escalated"),
        ("ben", "escalated", "confirmed"),
    ]
    assert events[0]["note"] == "send to campaigners"


def test_review_rejects_bad_input(db: Database, listing_id: int) -> None:
    hit_id = record_screening(db, listing_id, flagged(PHRASE)).hit_id
    assert hit_id is not None
    with pytest.raises(ValueError, match="unknown status"):
        review(db, hit_id, status="maybe", by="ana")
    with pytest.raises(ValueError, match="reviewer"):
        review(db, hit_id, status="confirmed", by=" ")
    with pytest.raises(HitNotFoundError):
        review(db, 999, status="confirmed", by="ana")
    assert get_hit(db, hit_id)["events"] == []


def test_list_hits_filters(db: Database, listing: dict[str, Any]) -> None:
    a = upsert_listing(db, listing).listing_id
    b = upsert_listing(db, {**listing, "listing_key": "/p/b", "platform": "other.example"}).listing_id
    record_screening(db, a, flagged(PHRASE))
    record_screening(db, b, {**flagged(SELLER), "score": 0.6, "category": "eyelash"})
    assert [h["listing_id"] for h in list_hits(db, min_score=0.9)] == [a]
    assert [h["listing_id"] for h in list_hits(db, platform="other.example")] == [b]
    assert [h["listing_id"] for h in list_hits(db, category="eyelash")] == [b]
    assert [h["listing_id"] for h in list_hits(db, reason_kind="phrase")] == [a]
    assert list_hits(db, status=["dismissed"]) == []
    assert len(list_hits(db, since="2000-01-01")) == 2
    with pytest.raises(ValueError, match="unknown status"):
        list_hits(db, status=["bogus"])


def test_rescreening_with_a_new_score_updates_the_hit(db: Database, listing_id: int) -> None:
    low = {"flagged": False, "priority": "low", "score": 0.3, "category": "wig", "reasons": [PHRASE]}
    hit = record_screening(db, listing_id, low)
    raised = record_screening(db, listing_id, {**low, "flagged": True, "priority": "high", "score": 0.9})
    assert raised.updated
    assert raised.hit_id == hit.hit_id
    (row,) = list_hits(db)
    assert (row["priority"], row["score"]) == ("high", 0.9)
