"""What a hit page shows beside the hit: the seller's other listings, evidence, watchlist entries; and
the runs page and complaint-packet selections."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from db.util import loads


def seller_listings(db: Database, listing_id: int, *, limit: int = 50) -> list[dict[str, Any]]:
    """The same seller's other listings on any platform (same seller record, or same name in any case),
    with their hit if they have one."""
    rows = list(db.query("select seller_id, seller_name from listings where id = ?", [listing_id]))
    if not rows or not (rows[0]["seller_id"] or rows[0]["seller_name"]):
        return []
    seller_id, name = rows[0]["seller_id"], rows[0]["seller_name"] or ""
    sql = (
        "select l.id, l.platform, l.url, l.title, l.seller_name, h.id as hit_id, h.status, h.score"
        " from listings l left join hits h on h.listing_id = l.id"
        " where l.id != ? and (l.seller_id = ? or (? != '' and l.seller_name = ? collate nocase))"
        " order by h.score desc, l.id limit ?"
    )
    return list(db.query(sql, [listing_id, seller_id, name, name, limit]))


def evidence_meta(db: Database, listing_id: int) -> list[dict[str, Any]]:
    return list(
        db.query(
            "select id, version, url, status, captured_at, sha256, length(warc) as size from evidence"
            " where listing_id = ? order by version",
            [listing_id],
        )
    )


def evidence_by_id(db: Database, evidence_id: int) -> dict[str, Any] | None:
    """One stored capture, found only by its id."""
    rows = list(db.query("select * from evidence where id = ?", [evidence_id]))
    return rows[0] if rows else None


def list_runs(db: Database, *, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    rows = db.query("select * from crawl_runs order by id desc limit ? offset ?", [limit, offset])
    return [
        {**r, "stats": loads(r["stats"], {}), "notes": loads(r["notes"], []), "args": loads(r["args"], {})}
        for r in rows
    ]


def watchlist_entity(db: Database, source: str, entity_id: str) -> dict[str, Any] | None:
    rows = list(db.query("select * from watchlist_entities where source = ? and entity_id = ?", [source, entity_id]))
    if not rows:
        return None
    row = dict(rows[0])
    for key in (
        "aliases",
        "identifiers",
        "phones",
        "emails",
        "websites",
        "addresses",
        "countries",
        "programs",
        "topics",
    ):
        row[key] = loads(row.get(key), [])
    return row


def confirmed_hits(db: Database, platform: str) -> list[int]:
    """Confirmed hits on one platform, by score: what a complaint packet reports."""
    sql = (
        "select h.id from hits h join listings l on l.id = h.listing_id"
        " where h.status = 'confirmed' and l.platform = ? order by h.score desc, h.id"
    )
    return [int(r["id"]) for r in db.query(sql, [platform])]


def platforms_with_confirmed(db: Database) -> dict[str, int]:
    sql = (
        "select l.platform as p, count(*) as n from hits h join listings l on l.id = h.listing_id"
        " where h.status = 'confirmed' group by l.platform order by n desc, p"
    )
    return {r["p"]: int(r["n"]) for r in db.query(sql)}


def last_decision(db: Database, hit_id: int) -> dict[str, Any] | None:
    """The event that set the hit's current status (who decided, when, why)."""
    rows = list(
        db.query(
            "select * from review_events where hit_id = ? and (action is null or action = 'status')"
            " order by id desc limit 1",
            [hit_id],
        )
    )
    return rows[0] if rows else None
