"""The review queue: hits, their reasons, and the audit trail of review decisions."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.decisions import HIT_STATUSES
from db.listings import get_listing, listing_versions
from db.util import dumps, insert, loads, now, table

REASON_COLUMNS = ("kind", "rule", "score", "detail", "matched_text", "entity_id", "source", "list_version_id", "field")


class HitNotFoundError(KeyError):
    pass


@dataclass(frozen=True)
class HitOutcome:
    hit_id: int | None
    created: bool = False
    updated: bool = False
    marked_stale: bool = False


def _reasons_hash(reasons: Sequence[Mapping[str, Any]]) -> str:
    keys = sorted(dumps([r.get(c) for c in ("kind", "rule", "entity_id", "source", "matched_text")]) for r in reasons)
    return hashlib.sha256("\n".join(keys).encode("utf-8")).hexdigest()


def record_screening(
    db: Database,
    listing_id: int,
    result: Mapping[str, Any],
    *,
    watchlist_version_id: int | None = None,
    list_versions: Mapping[str, int] | None = None,
) -> HitOutcome:
    """Apply one screening of a listing to the queue.

    A flagged listing gets one hit; screening it again with the same reasons changes nothing,
    with new reasons updates the hit (its review status is kept). When a later screening finds
    nothing, the hit is marked stale, never deleted: a person may already have judged it.
    `list_versions` (source -> current version id) lets each watchlist reason cite the list version
    that produced it.
    """
    hits = table(db, "hits")
    versions = list_versions or {}
    reasons = [
        {**r, "list_version_id": versions.get(str(r.get("source")))} if r.get("entity_id") else dict(r)
        for r in result.get("reasons") or []
    ]
    at = now()
    with db.atomic():  # read and write in one transaction: a crawl and a rescan may screen at once
        existing = list(hits.rows_where("listing_id = ?", [listing_id], limit=1))
        if not (result.get("flagged") or result.get("priority")):
            if existing and not existing[0]["stale"]:
                hits.update(existing[0]["id"], {"stale": 1, "updated_at": at})
                return HitOutcome(int(existing[0]["id"]), marked_stale=True)
            return HitOutcome(int(existing[0]["id"]) if existing else None)
        values = {
            "score": float(result.get("score") or 0.0),
            "priority": result.get("priority") or ("high" if result.get("flagged") else "low"),
            "category": result.get("category") or "",
            "reasons": dumps(reasons),
            "reasons_hash": _reasons_hash(reasons),
            "watchlist_version_id": watchlist_version_id,
            "stale": 0,
            "updated_at": at,
        }
        if existing:
            hit_id = int(existing[0]["id"])
            if all(existing[0][k] == values[k] for k in ("reasons_hash", "score", "priority", "category", "stale")):
                return HitOutcome(hit_id)
            hits.update(hit_id, values)
            table(db, "hit_reasons").delete_where("hit_id = ?", [hit_id])
            _insert_reasons(db, hit_id, reasons)
            return HitOutcome(hit_id, updated=True)
        hit_id = insert(db, "hits", {"listing_id": listing_id, "status": "new", "created_at": at, **values})
        _insert_reasons(db, hit_id, reasons)
        return HitOutcome(hit_id, created=True)


def _insert_reasons(db: Database, hit_id: int, reasons: Sequence[Mapping[str, Any]]) -> None:
    table(db, "hit_reasons").insert_all([{"hit_id": hit_id, **{c: r.get(c) for c in REASON_COLUMNS}} for r in reasons])


def list_hits(
    db: Database,
    *,
    status: Sequence[str] = (),
    priority: str | None = None,
    min_score: float | None = None,
    platform: str | None = None,
    category: str | None = None,
    reason_kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    include_stale: bool = True,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Hits joined with their listing, highest score first. Dates compare as ISO strings."""
    where = ["1 = 1"]
    params: list[Any] = []
    if status:
        bad = [s for s in status if s not in HIT_STATUSES]
        if bad:
            raise ValueError(f"unknown status {bad[0]!r}; expected one of {', '.join(HIT_STATUSES)}")
        where.append(f"h.status in ({', '.join('?' for _ in status)})")
        params.extend(status)
    if priority:
        where.append("h.priority = ?")
        params.append(priority)
    if min_score is not None:
        where.append("h.score >= ?")
        params.append(min_score)
    if platform:
        where.append("l.platform = ?")
        params.append(platform)
    if category:
        where.append("h.category = ?")
        params.append(category)
    if reason_kind:
        where.append("exists (select 1 from hit_reasons r where r.hit_id = h.id and r.kind = ?)")
        params.append(reason_kind)
    if since:
        where.append("h.created_at >= ?")
        params.append(since)
    if until:
        where.append("h.created_at < ?")
        params.append(until)
    if not include_stale:
        where.append("h.stale = 0")
    sql = (
        "select h.id, h.listing_id, h.score, h.priority, h.category, h.status, h.assignee, h.stale, h.reasons,"
        " h.created_at, h.updated_at, h.watchlist_version_id,"
        " l.platform, l.url, l.title, l.seller_name, l.seller_location, l.kind"
        " from hits h join listings l on l.id = h.listing_id"
        f" where {' and '.join(where)} order by h.priority = 'low', h.score desc, h.id"
    )
    if limit:
        sql += f" limit {int(limit)}"
    return [{**row, "reasons": loads(row["reasons"], [])} for row in db.query(sql, params)]


def get_hit(db: Database, hit_id: int) -> dict[str, Any]:
    """One hit with its listing, every reason, the listing's versions and the review history."""
    rows = list(table(db, "hits").rows_where("id = ?", [hit_id], limit=1))
    if not rows:
        raise HitNotFoundError(hit_id)
    hit = dict(rows[0])
    hit["reasons"] = loads(hit["reasons"], [])
    hit["listing"] = get_listing(db, int(hit["listing_id"]))
    hit["versions"] = listing_versions(db, int(hit["listing_id"]))
    hit["events"] = list(table(db, "review_events").rows_where("hit_id = ?", [hit_id], order_by="id"))
    return hit


def review(
    db: Database, hit_id: int, *, status: str, by: str, note: str = "", assignee: str | None = None
) -> dict[str, Any]:
    """Change a hit's status; every change is written to the audit trail."""
    if status not in HIT_STATUSES:
        raise ValueError(f"unknown status {status!r}; expected one of {', '.join(HIT_STATUSES)}")
    if not by.strip():
        raise ValueError("a review needs the reviewer's name (--by)")
    at = now()
    with db.atomic():
        rows = list(table(db, "hits").rows_where("id = ?", [hit_id], limit=1))
        if not rows:
            raise HitNotFoundError(hit_id)
        values: dict[str, Any] = {"status": status, "updated_at": at}
        if assignee is not None:
            values["assignee"] = assignee
        table(db, "hits").update(hit_id, values)
        event = {"hit_id": hit_id, "at": at, "by": by, "old_status": rows[0]["status"], "new_status": status}
        table(db, "review_events").insert({**event, "note": note})
    return event


def reason_counts(db: Database, *, run_id: int | None = None) -> dict[str, int]:
    """How many hits carry each kind of reason (optionally only hits on listings seen in one run)."""
    return _counts(db, "r.kind", "hit_reasons r join hits h on h.id = r.hit_id", "count(distinct r.hit_id)", run_id)


def priority_counts(db: Database, *, run_id: int | None = None) -> dict[str, int]:
    """How many hits are high and low priority (optionally only on listings seen in one run)."""
    return _counts(db, "h.priority", "hits h", "count(*)", run_id)


def _counts(db: Database, key: str, source: str, count: str, run_id: int | None) -> dict[str, int]:
    sql = f"select {key} as k, {count} as n from {source}"
    params: list[Any] = []
    if run_id is not None:
        sql += " join listings l on l.id = h.listing_id where l.last_run_id = ?"
        params.append(run_id)
    sql += f" group by {key} order by n desc, k"
    return {row["k"]: int(row["n"]) for row in db.query(sql, params)}
