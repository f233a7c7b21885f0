"""The queue's plans are right without ANALYZE: the daily queue reads an index in its own order, and
the reason probe goes by hit id. (At 1,000,000 listings the wrong plans took 113 s; benchmarks/queue.py.)"""

from __future__ import annotations

from typing import Any

import pytest
from sqlite_utils import Database

from db import open_db
from db.hits import queue_query


@pytest.fixture
def db() -> Database:
    db = open_db(memory=True)
    listings = [
        {"id": n, "platform": f"p{n % 3}", "listing_key": f"/{n}", "url": f"http://p/{n}", "content_hash": "x",
         "first_seen": "2026-01-01", "last_seen": "2026-01-01", "version": 1}
        for n in range(1, 301)
    ]  # fmt: skip
    db["listings"].insert_all(listings)  # type: ignore[union-attr]
    hits = [
        {"id": n, "listing_id": n, "score": (n % 97) / 97, "priority": "high" if n % 2 else "low",
         "status": "new" if n % 4 else "dismissed", "category": "wig", "stale": 0, "reasons": "[]",
         "created_at": "2026-01-01", "updated_at": "2026-01-01", "reasons_changed_at": "2026-01-01"}
        for n in range(1, 301)
    ]  # fmt: skip
    db["hits"].insert_all(hits)  # type: ignore[union-attr]
    reasons = [{"hit_id": n, "kind": "phrase" if n % 2 else "seller", "rule": "r"} for n in range(1, 301)]
    db["hit_reasons"].insert_all(reasons)  # type: ignore[union-attr]
    return db


def plan(db: Database, **query: Any) -> str:
    sql, params = queue_query(**query)
    return "\n".join(row["detail"] for row in db.query("explain query plan " + sql, params))


def test_the_new_queue_is_read_in_index_order(db: Database) -> None:
    shown = plan(db, status=["new"], limit=50)
    assert "idx_hits_status_queue" in shown, shown
    assert "TEMP B-TREE" not in shown, shown  # no sort of every new hit before the first page


def test_the_whole_queue_is_read_in_index_order(db: Database) -> None:
    shown = plan(db, limit=50)
    assert "idx_hits_queue" in shown, shown
    assert "TEMP B-TREE" not in shown, shown


def test_listings_are_found_by_primary_key(db: Database) -> None:
    shown = plan(db, status=["new"], platform="p1", limit=50)
    assert "SEARCH l USING INTEGER PRIMARY KEY" in shown, shown


def test_the_reason_probe_goes_by_hit_id(db: Database) -> None:
    shown = plan(db, platform="p1", reason_kind="phrase", limit=50)
    probe = [line for line in shown.splitlines() if " r " in f" {line} " or "hit_reasons" in line]
    assert probe, shown
    assert all("hit_id" in line for line in probe), shown
    assert "idx_hit_reasons_kind" not in shown, shown


def test_plans_stay_right_after_analyze(db: Database) -> None:
    db.execute("analyze")
    assert "TEMP B-TREE" not in plan(db, status=["new"], limit=50)
    assert "idx_hit_reasons_kind" not in plan(db, platform="p1", reason_kind="phrase", limit=50)
