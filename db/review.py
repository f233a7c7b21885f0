"""The review queue as the web UI shows it: a filter, its pages, counts and neighbours."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from db.decisions import HIT_STATUSES
from db.listings import like_pattern, text_match_sql
from db.util import loads

REASON_KINDS = ("seller", "phrase", "contact", "place", "category")
PRIORITIES = ("high", "low")


@dataclass(frozen=True)
class HitFilter:
    """What the queue shows. Every field is optional; an empty filter is the whole queue."""

    status: tuple[str, ...] = ()
    priority: str = ""
    platform: str = ""
    category: str = ""
    reason_kind: str = ""
    min_score: float | None = None
    max_score: float | None = None
    since: str = ""  # created on or after (ISO date or time)
    until: str = ""  # created before
    changed_since: str = ""  # created or changed on or after
    seller: str = ""  # part of the seller's name, any case
    assignee: str = ""
    text: str = ""  # full-text search over the listing, CJK included

    def __post_init__(self) -> None:
        bad = [s for s in self.status if s not in HIT_STATUSES]
        if bad:
            raise ValueError(f"unknown status {bad[0]!r}")
        if self.priority and self.priority not in PRIORITIES:
            raise ValueError(f"unknown priority {self.priority!r}")
        if self.reason_kind and self.reason_kind not in REASON_KINDS:
            raise ValueError(f"unknown reason kind {self.reason_kind!r}")


@dataclass(frozen=True)
class QueueRow:
    id: int
    listing_id: int
    score: float
    priority: str
    category: str
    status: str
    assignee: str
    version: int
    stale: bool
    created_at: str
    updated_at: str
    platform: str
    url: str
    title: str
    seller_name: str
    seller_location: str
    reasons: list[dict[str, Any]] = field(default_factory=list)


_QUEUE_COLUMNS = (
    "h.id, h.listing_id, h.score, h.priority, h.category, h.status, h.assignee, h.version, h.stale, h.reasons,"
    " h.created_at, h.updated_at, l.platform, l.url, l.title, l.seller_name, l.seller_location"
)


def _where(db: Database, f: HitFilter) -> tuple[str, list[Any]]:
    where: list[str] = []
    params: list[Any] = []
    if f.status:
        # with a date range, the date index is the narrower one: keep the planner off the status index
        column = "+h.status" if f.changed_since else "h.status"
        where.append(f"{column} in ({', '.join('?' for _ in f.status)})")
        params.extend(f.status)
    if f.priority:
        where.append("h.priority = ?")
        params.append(f.priority)
    if f.platform:
        where.append("h.platform = ?")
        params.append(f.platform)
    if f.category:
        where.append("h.category = ?")
        params.append(f.category)
    if f.reason_kind:
        # With a narrower filter on the hit, probe each hit's reasons; alone, start from the reason index.
        if f.platform or f.assignee or f.text or f.category:
            where.append("exists (select 1 from hit_reasons r where r.hit_id = h.id and r.kind = ?)")
        else:
            where.append("h.id in (select r.hit_id from hit_reasons r where r.kind = ?)")
        params.append(f.reason_kind)
    if f.min_score is not None:
        where.append("h.score >= ?")
        params.append(f.min_score)
    if f.max_score is not None:
        where.append("h.score <= ?")
        params.append(f.max_score)
    if f.since:
        where.append("h.created_at >= ?")
        params.append(f.since)
    if f.until:
        where.append("h.created_at < ?")
        params.append(f.until)
    if f.changed_since:
        where.append("(h.created_at >= ? or h.updated_at >= ?)")  # one index range each (multi-index OR)
        params.extend([f.changed_since, f.changed_since])
    if f.seller:
        where.append("l.seller_name like ? escape '\\'")
        params.append(like_pattern(f.seller))
    if f.assignee:
        where.append("h.assignee = ?")
        params.append(f.assignee)
    return (" where " + " and ".join(where)) if where else "", params


def _source(db: Database, f: HitFilter) -> tuple[str, list[Any]]:
    """The FROM clause: the hits alone unless a filter reads the listing. A text search drives the
    query from the listings it finds (CROSS JOIN fixes the order), so a phrase found in a few thousand
    listings never walks the whole queue."""
    source = "hits h"
    params: list[Any] = []
    if f.text:
        sql, params = text_match_sql(f.text)
        source = f"({sql}) t cross join hits h on h.listing_id = t.id"
    if f.seller:
        source += " join listings l on l.id = h.listing_id"
    return source, params


def _query(db: Database, f: HitFilter) -> tuple[str, list[Any]]:
    source, source_params = _source(db, f)
    where, params = _where(db, f)
    return f"from {source}{where}", [*source_params, *params]


QUEUE_ORDER = "h.priority, h.score desc, h.id"  # flagged leads first ('high' < 'low'), then by score


def queue_page(db: Database, f: HitFilter, *, offset: int = 0, limit: int = 50) -> list[QueueRow]:
    """One page of the queue: flagged leads first, then lower-priority ones, each by score. The page's
    hit ids are found first; only those fifty are joined with their listings."""
    source, params = _query(db, f)
    page = f"select h.id {source} order by {QUEUE_ORDER} limit ? offset ?"
    sql = (
        f"select {_QUEUE_COLUMNS} from hits h join listings l on l.id = h.listing_id"
        f" where h.id in ({page}) order by {QUEUE_ORDER}"
    )
    return [_queue_row(r) for r in db.query(sql, [*params, int(limit), int(offset)])]


def queue_count(db: Database, f: HitFilter) -> int:
    source, params = _query(db, f)
    row = next(iter(db.query(f"select count(*) as n {source}", params)))
    return int(row["n"])


def queue_ids(db: Database, f: HitFilter) -> list[int]:
    """Every hit id the filter matches, in queue order: for a bulk action on the whole filter."""
    source, params = _query(db, f)
    return [int(r["id"]) for r in db.query(f"select h.id {source} order by {QUEUE_ORDER}", params)]


@dataclass(frozen=True)
class QueueSummary:
    rows: list[QueueRow]
    total: int
    counts: dict[str, dict[str, int]]


def queue_summary(db: Database, f: HitFilter, *, offset: int = 0, limit: int = 50) -> QueueSummary:
    """Today's queue: the page, the total and the counts by platform, category and reason from one pass
    over the matching hits. Meant for narrow filters (changed since my last visit), not the whole queue."""
    source, params = _query(db, f)
    matched = db.execute(f"select h.id, h.priority, h.score, h.platform, h.category {source}", params).fetchall()
    matched.sort(key=lambda r: (r[1] or "", -float(r[2]), r[0]))
    page = [int(r[0]) for r in matched[offset : offset + limit]]
    rows = []
    if page:
        sql = (
            f"select {_QUEUE_COLUMNS} from hits h join listings l on l.id = h.listing_id"
            f" where h.id in ({', '.join('?' for _ in page)}) order by {QUEUE_ORDER}"
        )
        rows = [_queue_row(r) for r in db.query(sql, page)]
    sql = (
        "select r.kind, count(distinct r.hit_id) from hit_reasons r"
        f" where r.hit_id in (select h.id {source}) group by r.kind"
    )
    kinds = {str(kind): int(n) for kind, n in db.execute(sql, params).fetchall()}
    counts = {
        "platform": dict(Counter(str(r[3] or "-") for r in matched).most_common()),
        "category": dict(Counter(str(r[4] or "-") for r in matched).most_common()),
        "reason": dict(sorted(kinds.items(), key=lambda kv: -kv[1])),
    }
    return QueueSummary(rows, len(matched), counts)


def neighbours(db: Database, f: HitFilter, hit_id: int) -> tuple[int | None, int | None]:
    """The hits before and after `hit_id` in the filtered queue (for j/k and "next" after a decision)."""
    rows = list(db.query("select priority, score from hits where id = ?", [hit_id]))
    if not rows:
        return None, None
    priority, score = rows[0]["priority"], rows[0]["score"]
    source, source_params = _source(db, f)
    where, where_params = _where(db, f)
    params = [*source_params, *where_params]
    base = f"select h.id from {source}{where}{' and' if where else ' where'}"
    after = "(h.priority > ? or (h.priority = ? and (h.score < ? or (h.score = ? and h.id > ?))))"
    before = "(h.priority < ? or (h.priority = ? and (h.score > ? or (h.score = ? and h.id < ?))))"
    key = [priority, priority, score, score, hit_id]
    nxt = list(db.query(f"{base} {after} order by {QUEUE_ORDER} limit 1", [*params, *key]))
    prv = list(db.query(f"{base} {before} order by h.priority desc, h.score, h.id desc limit 1", [*params, *key]))
    return (int(prv[0]["id"]) if prv else None), (int(nxt[0]["id"]) if nxt else None)


def _queue_row(r: dict[str, Any]) -> QueueRow:
    return QueueRow(
        id=int(r["id"]),
        listing_id=int(r["listing_id"]),
        score=float(r["score"]),
        priority=r["priority"] or "",
        category=r["category"] or "",
        status=r["status"],
        assignee=r["assignee"] or "",
        version=int(r["version"] or 0),
        stale=bool(r["stale"]),
        created_at=r["created_at"],
        updated_at=r["updated_at"],
        platform=r["platform"],
        url=r["url"],
        title=r["title"] or "",
        seller_name=r["seller_name"] or "",
        seller_location=r["seller_location"] or "",
        reasons=loads(r["reasons"], []),
    )


def _distinct(db: Database, table: str, column: str) -> list[str]:
    """The distinct non-empty values of an indexed column, one index probe per value (a skip scan)."""
    sql = (
        f"with recursive v(x) as (select min({column}) from {table} where {column} > ''"
        f" union all select (select min({column}) from {table} where {column} > v.x) from v where v.x is not null)"
        " select x from v where x is not null"
    )
    return [str(r[0]) for r in db.execute(sql).fetchall()]


def facet_values(db: Database) -> dict[str, list[str]]:
    """The platforms, categories and assignees the queue holds, for the filter form's choices."""
    return {
        "platform": _distinct(db, "hits", "platform"),
        "category": _distinct(db, "hits", "category"),
        "assignee": _distinct(db, "hits", "assignee"),
    }
