"""The crawl frontier of a run, kept so a killed crawl can resume: every request the crawl has
scheduled (``frontier_seen``) and those whose page and items are not yet stored (``frontier``).

An entry leaves ``frontier`` only once its page was parsed and every item it led to was stored;
a run that ends normally clears both tables for itself. Requests are stored as the JSON the crawler
gives (``crawler.middlewares.frontier``); this module does not interpret them.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from db.connection import writing
from db.util import now


def add_request(db: Database, run_id: int, fingerprint: str, request_json: str) -> None:
    """Persist one scheduled request (a request scheduled again, such as a retry, replaces it)."""
    with writing(db):
        db.execute(
            "insert or replace into frontier (run_id, fingerprint, request, added_at) values (?, ?, ?, ?)",
            [run_id, fingerprint, request_json, now()],
        )
        db.execute("insert or ignore into frontier_seen (run_id, fingerprint) values (?, ?)", [run_id, fingerprint])


def remove_request(db: Database, run_id: int, fingerprint: str) -> None:
    """The request's page is parsed and its items are stored."""
    with writing(db):
        db.execute("delete from frontier where run_id = ? and fingerprint = ?", [run_id, fingerprint])


def pending_requests(db: Database, run_id: int) -> list[tuple[str, str]]:
    """(fingerprint, request JSON) of every entry still waiting, oldest first."""
    rows = db.execute("select fingerprint, request from frontier where run_id = ? order by rowid", [run_id])
    return [(str(fp), str(request)) for fp, request in rows.fetchall()]


def seen_fingerprints(db: Database, run_id: int) -> set[str]:
    rows = db.execute("select fingerprint from frontier_seen where run_id = ?", [run_id])
    return {str(fp) for (fp,) in rows.fetchall()}


def pending_count(db: Database, run_id: int) -> int:
    row = db.execute("select count(*) from frontier where run_id = ?", [run_id]).fetchone()
    return int(row[0])


def adopt(db: Database, from_run: int, to_run: int) -> int:
    """Hand an interrupted run's frontier to the run that resumes it; returns the entries moved."""
    with writing(db):
        moved = pending_count(db, from_run)
        db.execute("update frontier set run_id = ? where run_id = ?", [to_run, from_run])
        db.execute("update frontier_seen set run_id = ? where run_id = ?", [to_run, from_run])
    return moved


def clear(db: Database, run_ids: Iterable[int]) -> None:
    """Forget the frontier of runs that ended normally."""
    with writing(db):
        for run_id in run_ids:
            db.execute("delete from frontier where run_id = ?", [run_id])
            db.execute("delete from frontier_seen where run_id = ?", [run_id])


def integrity_problems(db: Database) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong with the file; empty when it is sound."""
    rows = [str(row[0]) for row in db.execute("PRAGMA integrity_check").fetchall()]
    return [] if rows == ["ok"] else rows
