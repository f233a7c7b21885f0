"""Crawl runs: one row a run, with its status and stats."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlite_utils import Database

from db.util import dumps, insert, loads, now, table

RUN_STATUSES = ("running", "finished", "failed", "broken")


def start_run(db: Database, spider: str, *, start_url: str = "", args: Mapping[str, Any] | None = None) -> int:
    row = {
        "spider": spider,
        "start_url": start_url,
        "args": dumps(dict(args or {})),
        "started_at": now(),
        "status": "running",
        "stats": "{}",
        "notes": "[]",
    }
    return insert(db, "crawl_runs", row)


def add_run_note(db: Database, run_id: int, note: str) -> None:
    """Append a note (robots.txt override, failed health check ...) to the run record."""
    notes = loads(table(db, "crawl_runs").get(run_id)["notes"], [])
    notes.append(note)
    table(db, "crawl_runs").update(run_id, {"notes": dumps(notes)})


def finish_run(db: Database, run_id: int, status: str, stats: Mapping[str, Any]) -> None:
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    table(db, "crawl_runs").update(run_id, {"finished_at": now(), "status": status, "stats": dumps(_jsonable(stats))})


def get_run(db: Database, run_id: int) -> dict[str, Any]:
    row = dict(table(db, "crawl_runs").get(run_id))
    row["stats"] = loads(row["stats"], {})
    row["notes"] = loads(row["notes"], [])
    row["args"] = loads(row["args"], {})
    return row


def recent_runs(
    db: Database, spider: str, *, limit: int = 10, before: int | None = None, like: int | None = None
) -> list[dict[str, Any]]:
    """Ended runs of one spider, newest first. With `like`, only runs with the same start URL and
    arguments as that run: the baseline a health check compares with (a one-keyword test run is no
    baseline for a full crawl)."""
    where = "spider = ? and status != 'running'"
    params: list[Any] = [spider]
    if before is not None:
        where += " and id < ?"
        params.append(before)
    if like is not None:
        where += (
            " and start_url = (select start_url from crawl_runs where id = ?)"
            " and args = (select args from crawl_runs where id = ?)"
        )
        params += [like, like]
    rows = table(db, "crawl_runs").rows_where(where, params, order_by="id desc", limit=limit)
    return [get_run(db, int(r["id"])) for r in rows]


def _jsonable(stats: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in stats.items():
        out[key] = value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
    return out
