"""The review queue: hits, their reasons, and the audit trail of review decisions."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.connection import writing
from db.decisions import HIT_STATUSES
from db.listings import get_listing, listing_versions
from db.util import dumps, insert, loads, now, table
from matchers.types import ScreenResult

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
    result: ScreenResult,
    *,
    watchlist_version_id: int | None = None,
    list_versions: Mapping[str, int] | None = None,
) -> HitOutcome:
    """Apply one screening of a listing: its category, and its hit in the queue. One transaction.

    A flagged listing gets one hit; screening it again with the same reasons changes nothing,
    with new reasons updates the hit (its review status is kept). When a later screening finds
    nothing, the hit is marked stale, never deleted: a person may already have judged it.
    `list_versions` (source -> current version id) lets each watchlist reason cite the list version
    that produced it.
    """
    hits = table(db, "hits")
    versions = list_versions or {}
    reasons = [
        {**r.to_dict(), "list_version_id": versions.get(str(r.source))} if r.entity_id else r.to_dict()
        for r in result.reasons
    ]
    at = now()
    flagged = bool(result.flagged or result.priority)
    values = {
        "score": round(float(result.score), 4),
        "priority": result.priority or ("high" if result.flagged else "low"),
        "category": result.category or "",
        "reasons": dumps(reasons),
        "reasons_hash": _reasons_hash(reasons),
        "watchlist_version_id": watchlist_version_id,
        "stale": 0,
        "updated_at": at,
        "reasons_changed_at": at,
    }
    # Most screenings (a rescan with nothing new, a re-crawl of an unchanged page) change nothing:
    # found by a read, without taking the write lock. Anything else is re-read under the lock.
    unchanged = _unchanged(db, listing_id, result.category, values if flagged else None)
    if unchanged is not None:
        return unchanged
    with writing(db):  # read and write under the write lock: a crawl and a rescan may screen at once
        # The category is the matchers' judgement, not page content: written here, and only here.
        db.execute(
            "update listings set category = ? where id = ? and category is not ?",
            [result.category, listing_id, result.category],
        )
        existing = list(hits.rows_where("listing_id = ?", [listing_id], limit=1))
        if not flagged:
            if existing and not existing[0]["stale"]:
                hits.update(existing[0]["id"], {"stale": 1, "updated_at": at, "reasons_changed_at": at})
                return HitOutcome(int(existing[0]["id"]), marked_stale=True)
            return HitOutcome(int(existing[0]["id"]) if existing else None)
        if existing:
            hit_id = int(existing[0]["id"])
            if all(existing[0][k] == values[k] for k in SAME_HIT):
                return HitOutcome(hit_id)
            hits.update(hit_id, values)
            table(db, "hit_reasons").delete_where("hit_id = ?", [hit_id])
            _insert_reasons(db, hit_id, reasons)
            return HitOutcome(hit_id, updated=True)
        hit_id = insert(db, "hits", {"listing_id": listing_id, "status": "new", "created_at": at, **values})
        _insert_reasons(db, hit_id, reasons)
        return HitOutcome(hit_id, created=True)


SAME_HIT = ("reasons_hash", "score", "priority", "category", "stale")  # equal: screening again changes nothing


def _unchanged(
    db: Database, listing_id: int, category: str, values: Mapping[str, Any] | None
) -> HitOutcome | None:
    """The outcome when applying this screening would write nothing; None when it would write."""
    row = next(
        iter(
            db.query(
                "select l.category as listing_category, h.id, h.stale, h.reasons_hash, h.score, h.priority,"
                " h.category from listings l left join hits h on h.listing_id = l.id where l.id = ?",
                [listing_id],
            )
        ),
        None,
    )
    if row is None or row["listing_category"] != category:
        return None
    if values is None:  # nothing to flag: unchanged when there is no hit, or it is already stale
        if row["id"] is None:
            return HitOutcome(None)
        return HitOutcome(int(row["id"])) if row["stale"] else None
    if row["id"] is not None and all(row[k] == values[k] for k in SAME_HIT):
        return HitOutcome(int(row["id"]))
    return None


def _insert_reasons(db: Database, hit_id: int, reasons: Sequence[Mapping[str, Any]]) -> None:
    table(db, "hit_reasons").insert_all([{"hit_id": hit_id, **{c: r.get(c) for c in REASON_COLUMNS}} for r in reasons])


QUEUE_ORDER = "h.priority, h.score desc, h.id"  # flagged ("high") before lower-priority ("low") leads


def _queue_where(
    *,
    status: Sequence[str],
    priority: str | None,
    min_score: float | None,
    platform: str | None,
    category: str | None,
    reason_kind: str | None,
    since: str | None,
    until: str | None,
    changed_since: str | None,
    assignee: str | None,
    include_stale: bool,
) -> tuple[str, list[Any]]:
    where = ["1 = 1"]
    params: list[Any] = []
    if status:
        bad = [s for s in status if s not in HIT_STATUSES]
        if bad:
            raise ValueError(f"unknown status {bad[0]!r}; expected one of {', '.join(HIT_STATUSES)}")
        where.append(f"h.status in ({', '.join('?' for _ in status)})")
        params.extend(status)
    for clause, value in (
        ("h.priority = ?", priority),
        ("h.score >= ?", min_score),
        ("l.platform = ?", platform),
        ("h.category = ?", category),
        ("h.created_at >= ?", since),
        ("h.created_at < ?", until),
        ("h.reasons_changed_at >= ?", changed_since),
        ("h.assignee = ?", assignee),
    ):
        if value is not None:
            where.append(clause)
            params.append(value)
    if reason_kind:
        # "+r.kind": probe each hit's reasons by hit id; the kind index would walk every reason of that kind.
        where.append("exists (select 1 from hit_reasons r where r.hit_id = h.id and +r.kind = ?)")
        params.append(reason_kind)
    if not include_stale:
        where.append("h.stale = 0")
    return " and ".join(where), params


def queue_query(
    *,
    status: Sequence[str] = (),
    priority: str | None = None,
    min_score: float | None = None,
    platform: str | None = None,
    category: str | None = None,
    reason_kind: str | None = None,
    since: str | None = None,
    until: str | None = None,
    changed_since: str | None = None,
    assignee: str | None = None,
    include_stale: bool = True,
    limit: int | None = None,
    offset: int = 0,
    with_review: bool = False,
) -> tuple[str, list[Any]]:
    """The SQL and parameters of one page of the queue (``list_hits``), for running or for EXPLAIN.

    The plan is fixed on purpose: hits drive the join (``cross join``), in the order of the queue index
    when one status is asked for, and each listing is found by its primary key; so a page of the
    queue costs the same on a million listings as on a hundred, with or without ANALYZE statistics.
    """
    where, params = _queue_where(
        status=status, priority=priority, min_score=min_score, platform=platform, category=category,
        reason_kind=reason_kind, since=since, until=until, changed_since=changed_since, assignee=assignee,
        include_stale=include_stale,
    )  # fmt: skip
    review_columns = (
        ", l.price, l.currency, l.seller_url, h.reasons_changed_at,"
        " e.by as reviewed_by, e.note as review_note, e.at as reviewed_at"
        if with_review
        else ""
    )
    review_join = (
        " left join review_events e on e.id = (select max(id) from review_events x where x.hit_id = h.id"
        " and (x.action is null or x.action = 'status'))"
        if with_review
        else ""
    )
    sql = (
        "select h.id, h.listing_id, h.score, h.priority, h.category, h.status, h.assignee, h.stale, h.reasons,"
        " h.created_at, h.updated_at, h.watchlist_version_id,"
        f" l.platform, l.url, l.title, l.seller_name, l.seller_location, l.kind{review_columns}"
        f" from hits h cross join listings l on l.id = h.listing_id{review_join}"
        f" where {where} order by {QUEUE_ORDER}"
    )
    if limit is not None:
        sql += " limit ? offset ?"
        params += [int(limit), int(offset)]
    elif offset:
        sql += " limit -1 offset ?"
        params.append(int(offset))
    return sql, params


def list_hits(db: Database, **query: Any) -> list[dict[str, Any]]:
    """Hits joined with their listing, in queue order: flagged first, then by score. Dates compare as
    ISO strings. ``with_review`` adds the last decision (reviewer, note, time) and price columns.
    Filters and paging: see ``queue_query``."""
    sql, params = queue_query(**query)
    return [{**row, "reasons": loads(row["reasons"], [])} for row in db.query(sql, params)]


def count_hits(db: Database, **filters: Any) -> int:
    """How many hits ``list_hits`` would return with these filters (no limit)."""
    values = {**_FILTER_DEFAULTS, **filters}
    where, params = _queue_where(**values)
    join = " cross join listings l on l.id = h.listing_id" if values["platform"] is not None else ""
    sql = f"select count(*) as n from hits h{join} where {where}"
    return int(next(iter(db.query(sql, params)))["n"])


_FILTER_DEFAULTS: dict[str, Any] = {
    "status": (), "priority": None, "min_score": None, "platform": None, "category": None, "reason_kind": None,
    "since": None, "until": None, "changed_since": None, "assignee": None, "include_stale": True,
}  # fmt: skip


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
    with writing(db):
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
