"""Scheduled crawls in the store: run history, command rows, per-site state, rescans and digests.

The daemon's job store lives in its own memory and is rebuilt from the config at every start; what
must outlive a process is here: which runs happened and how they ended, which sites are paused, the
last fire each site's schedule handled (so a missed run after downtime runs once), and the command
rows other processes leave for the daemon (they never touch its job store).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from db.connection import writing
from db.util import dumps, insert, loads, now, table

ENDED_STATUSES = ("finished", "broken", "failed", "timed_out", "interrupted")
RUN_STATUSES = ("running", *ENDED_STATUSES, "skipped", "missed")
COMMANDS = ("run-now", "pause", "resume")
TRIGGERS = ("cron", "run-now", "tick")
DIGEST_STATE = "@digest"  # the digest's row in schedule_state (site names cannot start with @)


@dataclass(frozen=True)
class ScheduledRun:
    """One scheduled run of one site, as the history shows it."""

    id: int
    site: str
    trigger: str
    status: str
    started_at: str
    finished_at: str | None = None
    crawl_run_id: int | None = None
    exit_code: int | None = None
    cause: str = ""
    pages: int = 0
    listings: int = 0
    listings_new: int = 0
    listings_changed: int = 0
    hits_new: int = 0
    hits_changed: int = 0
    errors: int = 0
    blocks: int = 0
    health: tuple[str, ...] = ()
    rescan_id: int | None = None
    worker_pid: int | None = None


@dataclass(frozen=True)
class RunOutcome:
    """How a scheduled run ended, with the counts read from its crawl's stats."""

    status: str
    exit_code: int | None = None
    cause: str = ""
    crawl_run_id: int | None = None
    pages: int = 0
    listings: int = 0
    listings_new: int = 0
    listings_changed: int = 0
    hits_new: int = 0
    hits_changed: int = 0
    errors: int = 0
    blocks: int = 0
    health: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """The result of asking to start a site's run: the new run id, or the run that holds the site."""

    run_id: int | None
    held_by: int | None = None


@dataclass(frozen=True)
class Command:
    id: int
    site: str
    command: str
    requested_at: str
    requested_by: str = ""
    handled_at: str | None = None
    outcome: str = ""


@dataclass(frozen=True)
class SiteState:
    site: str
    paused: bool = False
    last_fire: str | None = None
    next_run: str | None = None


@dataclass(frozen=True)
class DigestHit:
    """A hit new or changed since the last digest, with what the digest shows of it."""

    id: int
    score: float
    priority: str
    status: str
    category: str
    platform: str
    title: str
    url: str
    seller_name: str
    created_at: str
    updated_at: str
    reasons: tuple[Mapping[str, Any], ...] = field(default_factory=tuple)

    @property
    def is_new(self) -> bool:
        return self.created_at == self.updated_at


@dataclass(frozen=True)
class Delivery:
    digest_id: int
    target: str
    attempt: int
    at: str
    ok: bool
    error: str = ""


def _run(row: Mapping[str, Any]) -> ScheduledRun:
    values = {k: row[k] for k in ScheduledRun.__dataclass_fields__ if k in row}
    values["health"] = tuple(loads(row.get("health"), []))
    for name in (
        "pages",
        "listings",
        "listings_new",
        "listings_changed",
        "hits_new",
        "hits_changed",
        "errors",
        "blocks",
    ):
        values[name] = int(row.get(name) or 0)
    values["cause"] = row.get("cause") or ""
    return ScheduledRun(**values)


# --- runs -------------------------------------------------------------------------------------------


def claim_run(db: Database, site: str, trigger: str, owner: str, *, alive: Callable[[str], bool]) -> Claim:
    """Start a run of ``site`` unless one is running; one transaction, so two processes never both win.

    A ``running`` row whose owner process is gone (``alive(owner)`` false: the daemon was killed) is
    marked ``interrupted`` first, so a crash never blocks a site for good.
    """
    if trigger not in TRIGGERS:
        raise ValueError(f"unknown trigger {trigger!r}")
    with writing(db):
        for row in table(db, "schedule_runs").rows_where("site = ? and status = 'running'", [site]):
            if alive(str(row["owner"] or "")):
                return Claim(None, held_by=int(row["id"]))
            table(db, "schedule_runs").update(
                row["id"],
                {"status": "interrupted", "finished_at": now(), "cause": "the process that ran it is gone"},
            )
        run_id = insert(
            db,
            "schedule_runs",
            {
                "site": site,
                "trigger": trigger,
                "status": "running",
                "started_at": now(),
                "owner": owner,
                "health": "[]",
            },
        )
    return Claim(run_id)


def set_worker(db: Database, run_id: int, pid: int) -> None:
    with writing(db):
        table(db, "schedule_runs").update(run_id, {"worker_pid": pid})


def finish_scheduled_run(db: Database, run_id: int, outcome: RunOutcome) -> None:
    if outcome.status not in ENDED_STATUSES:
        raise ValueError(f"a run cannot end as {outcome.status!r}")
    values = {k: getattr(outcome, k) for k in RunOutcome.__dataclass_fields__}
    values["health"] = dumps(list(outcome.health))
    with writing(db):
        table(db, "schedule_runs").update(run_id, {**values, "finished_at": now()})


def set_run_rescan(db: Database, run_id: int, rescan_id: int) -> None:
    with writing(db):
        table(db, "schedule_runs").update(run_id, {"rescan_id": rescan_id})


def record_not_run(db: Database, site: str, trigger: str, status: str, cause: str) -> int:
    """A fire that did not start a crawl: ``skipped`` (the site was busy, or outside its window) or
    ``missed`` (later than the misfire grace time). Kept in the history so a gap is explained."""
    if status not in ("skipped", "missed"):
        raise ValueError(f"not a status for a run that did not start: {status!r}")
    stamp = now()
    row = {"site": site, "trigger": trigger, "status": status, "started_at": stamp, "finished_at": stamp}
    with writing(db):
        return insert(db, "schedule_runs", {**row, "cause": cause, "health": "[]"})


def get_scheduled_run(db: Database, run_id: int) -> ScheduledRun:
    return _run(table(db, "schedule_runs").get(run_id))


def scheduled_runs(
    db: Database, *, site: str | None = None, statuses: Sequence[str] = (), limit: int = 50
) -> list[ScheduledRun]:
    """History, newest first."""
    where, params = ["1 = 1"], []
    if site:
        where.append("site = ?")
        params.append(site)
    if statuses:
        where.append(f"status in ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    rows = table(db, "schedule_runs").rows_where(" and ".join(where), params, order_by="id desc", limit=limit)
    return [_run(r) for r in rows]


def last_runs(db: Database) -> dict[str, ScheduledRun]:
    """The newest run per site that started a crawl (skipped and missed fires are not runs)."""
    sql = (
        "select * from schedule_runs where id in (select max(id) from schedule_runs"
        " where status not in ('skipped', 'missed') group by site) order by site"
    )
    return {str(r["site"]): _run(r) for r in db.query(sql)}


def past_listings(db: Database, site: str, *, before: int, limit: int) -> list[int]:
    """Listings stored by the site's last ``limit`` finished runs before run ``before``: its history."""
    rows = db.query(
        "select listings from schedule_runs where site = ? and id < ? and status = 'finished' order by id desc limit ?",
        [site, before, limit],
    )
    return [int(r["listings"] or 0) for r in rows]


def running_runs(db: Database) -> list[ScheduledRun]:
    return [_run(r) for r in table(db, "schedule_runs").rows_where("status = 'running'", order_by="id")]


# --- the crawl behind a run --------------------------------------------------------------------------


def newest_crawl_run_id(db: Database) -> int:
    row = next(iter(db.query("select max(id) as id from crawl_runs")), None)
    return int(row["id"] or 0) if row else 0


def crawl_run_after(db: Database, spider: str, after_id: int, *, pid: int | None = None) -> dict[str, Any] | None:
    """The crawl a scheduled run's worker started: the first run of ``spider`` after ``after_id``
    (owned by ``pid`` when the store records crawl owners), with its stats and notes decoded."""
    where, params = "id > ? and spider = ?", [after_id, spider]
    if pid is not None and "owner_pid" in table(db, "crawl_runs").columns_dict:
        where += " and owner_pid = ?"
        params.append(pid)
    row = next(iter(table(db, "crawl_runs").rows_where(where, params, order_by="id", limit=1)), None)
    if row is None:
        return None
    return {**row, "stats": loads(row["stats"], {}), "notes": loads(row["notes"], [])}


# --- commands ----------------------------------------------------------------------------------------


def add_command(db: Database, site: str, command: str, *, by: str = "") -> int:
    if command not in COMMANDS:
        raise ValueError(f"unknown schedule command {command!r}; known: {', '.join(COMMANDS)}")
    with writing(db):
        return insert(
            db, "schedule_commands", {"site": site, "command": command, "requested_at": now(), "requested_by": by}
        )


def pending_commands(db: Database) -> list[Command]:
    rows = table(db, "schedule_commands").rows_where("handled_at is null", order_by="id")
    return [Command(**{**r, "requested_by": r["requested_by"] or "", "outcome": r["outcome"] or ""}) for r in rows]


def get_command(db: Database, command_id: int) -> Command:
    r = table(db, "schedule_commands").get(command_id)
    return Command(**{**r, "requested_by": r["requested_by"] or "", "outcome": r["outcome"] or ""})


def mark_command(db: Database, command_id: int, outcome: str) -> None:
    with writing(db):
        table(db, "schedule_commands").update(command_id, {"handled_at": now(), "outcome": outcome})


# --- per-site state ----------------------------------------------------------------------------------


def site_state(db: Database, site: str) -> SiteState:
    rows = list(table(db, "schedule_state").rows_where("site = ?", [site]))
    if not rows:
        return SiteState(site)
    r = rows[0]
    return SiteState(site, bool(r["paused"]), r["last_fire"], r["next_run"])


def site_states(db: Database) -> dict[str, SiteState]:
    return {
        str(r["site"]): SiteState(str(r["site"]), bool(r["paused"]), r["last_fire"], r["next_run"])
        for r in table(db, "schedule_state").rows
    }


def update_state(db: Database, site: str, **values: Any) -> None:
    """Set ``paused``, ``last_fire`` and/or ``next_run`` for a site (others kept)."""
    unknown = set(values) - {"paused", "last_fire", "next_run"}
    if unknown:
        raise ValueError(f"unknown schedule state field(s): {', '.join(sorted(unknown))}")
    if "paused" in values:
        values["paused"] = int(bool(values["paused"]))
    with writing(db):
        table(db, "schedule_state").upsert({"site": site, **values, "updated_at": now()}, pk="site")


# --- rescans -----------------------------------------------------------------------------------------


def last_rescan_versions(db: Database) -> dict[str, int] | None:
    """The list versions the archive was last re-screened against by the scheduler (None: never)."""
    rows = list(table(db, "schedule_rescans").rows_where("status = 'finished'", order_by="id desc", limit=1))
    return {str(k): int(v) for k, v in loads(rows[0]["versions"], {}).items()} if rows else None


def record_rescan(db: Database, versions: Mapping[str, int], *, status: str, cause: str = "", **counts: Any) -> int:
    row = {"at": now(), "versions": dumps(dict(versions)), "status": status, "cause": cause, **counts}
    with writing(db):
        return insert(db, "schedule_rescans", row)


# --- the queue, as status and the digest count it -----------------------------------------------------


def queue_counts(db: Database) -> dict[str, int]:
    """Hits by review status."""
    return {str(r["status"]): int(r["n"]) for r in db.query("select status, count(*) as n from hits group by status")}


def hits_changed_since(db: Database, since: str | None) -> list[DigestHit]:
    """Hits created or re-screened with other reasons after ``since`` (all when None), highest priority
    and score first. Stale hits (no reason left) are not news, and neither is a hit whose last change
    was a reviewer's (its review event carries the same time as its ``updated_at``)."""
    where = (
        "h.stale = 0 and not exists (select 1 from review_events e where e.hit_id = h.id and e.at = h.updated_at)"
        + (" and h.updated_at > ?" if since else "")
    )
    sql = (
        "select h.id, h.score, coalesce(h.priority, '') as priority, h.status, coalesce(h.category, '') as category,"
        " h.reasons, h.created_at, h.updated_at, l.platform, coalesce(l.title, '') as title, l.url,"
        " coalesce(l.seller_name, '') as seller_name"
        f" from hits h join listings l on l.id = h.listing_id where {where}"
        " order by (h.priority = 'high') desc, h.score desc, h.id"
    )
    out = []
    for r in db.query(sql, [since] if since else []):
        out.append(DigestHit(**{**r, "reasons": tuple(loads(r["reasons"], []))}))
    return out


# --- digests -----------------------------------------------------------------------------------------


def record_digest(db: Database, *, at: str, since: str | None, hits: int, subject: str, status: str) -> int:
    """``at`` is the moment the digest's hits were read: the next digest starts there."""
    with writing(db):
        return insert(
            db, "digests", {"created_at": at, "since": since, "hits": hits, "subject": subject, "status": status}
        )


def set_digest_status(db: Database, digest_id: int, status: str) -> None:
    with writing(db):
        table(db, "digests").update(digest_id, {"status": status})


def record_delivery(db: Database, digest_id: int, target: str, attempt: int, *, ok: bool, error: str = "") -> None:
    row = {"digest_id": digest_id, "target": target, "attempt": attempt, "at": now(), "ok": int(ok), "error": error}
    with writing(db):
        insert(db, "digest_deliveries", row)


def deliveries(db: Database, digest_id: int) -> list[Delivery]:
    rows = table(db, "digest_deliveries").rows_where("digest_id = ?", [digest_id], order_by="id")
    return [Delivery(r["digest_id"], r["target"], r["attempt"], r["at"], bool(r["ok"]), r["error"] or "") for r in rows]


def last_digest_at(db: Database) -> str | None:
    """When the last digest that reached at least one target (or had nothing to say) was made."""
    row = next(
        iter(db.query("select max(created_at) as at from digests where status in ('sent', 'partial', 'empty')")), None
    )
    return row["at"] if row and row["at"] else None
