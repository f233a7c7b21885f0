"""Crawl runs: one row a run, with its status, stats and owning process.

A run is ``running`` while its process lives. The process writes its pid and host when it starts
and a heartbeat while it works; whoever opens the store next marks a run whose process is gone
(or whose heartbeat stopped) ``interrupted``, so a crawl killed with ``kill -9`` is not left
running for ever.
"""

from __future__ import annotations

import os
import socket
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlite_utils import Database

from db.connection import writing
from db.statuses import ENDED_BADLY as ENDED_BADLY  # re-exported
from db.statuses import RUN_STATUSES as RUN_STATUSES
from db.util import dumps, insert, loads, now, table

HEARTBEAT_STALE = timedelta(minutes=5)  # a live run beats every 30 s (crawler/extensions/runlog.py)


def start_run(db: Database, spider: str, *, start_url: str = "", args: Mapping[str, Any] | None = None) -> int:
    at = now()
    row = {
        "spider": spider,
        "start_url": start_url,
        "args": dumps(dict(args or {})),
        "started_at": at,
        "status": "running",
        "stats": "{}",
        "notes": "[]",
        "owner_pid": os.getpid(),
        "owner_host": socket.gethostname(),
        "heartbeat_at": at,
    }
    with writing(db):
        return insert(db, "crawl_runs", row)


def heartbeat(db: Database, run_id: int, stats: Mapping[str, Any] | None = None) -> None:
    values: dict[str, Any] = {"heartbeat_at": now()}
    if stats is not None:
        values["stats"] = dumps(_jsonable(stats))
    with writing(db):
        table(db, "crawl_runs").update(run_id, values)


def add_run_note(db: Database, run_id: int, note: str) -> None:
    """Append a note (robots.txt override, failed health check ...) to the run record."""
    with writing(db):
        notes = loads(table(db, "crawl_runs").get(run_id)["notes"], [])
        notes.append(note)
        table(db, "crawl_runs").update(run_id, {"notes": dumps(notes)})


def finish_run(
    db: Database, run_id: int, status: str, stats: Mapping[str, Any], *, cause: str = ""
) -> None:
    """End a run. ``cause`` is the one line saying why a run did not finish well."""
    if status not in RUN_STATUSES:
        raise ValueError(f"unknown run status {status!r}")
    values = {"finished_at": now(), "status": status, "stats": dumps(_jsonable(stats)), "cause": cause}
    with writing(db):
        table(db, "crawl_runs").update(run_id, values)


def get_run(db: Database, run_id: int) -> dict[str, Any]:
    row = dict(table(db, "crawl_runs").get(run_id))
    return _decode(row)


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    row["stats"] = loads(row["stats"], {})
    row["notes"] = loads(row["notes"], [])
    row["args"] = loads(row["args"], {})
    row["cause"] = row.get("cause") or ""
    return row


def list_runs(
    db: Database, *, spider: str | None = None, statuses: Sequence[str] = (), limit: int | None = 50
) -> list[dict[str, Any]]:
    """Runs newest first, optionally of one spider (site) and in some statuses."""
    where = ["1 = 1"]
    params: list[Any] = []
    if spider:
        where.append("spider = ?")
        params.append(spider)
    if statuses:
        where.append(f"status in ({', '.join('?' for _ in statuses)})")
        params.extend(statuses)
    rows = table(db, "crawl_runs").rows_where(" and ".join(where), params, order_by="id desc", limit=limit)
    return [_decode(dict(r)) for r in rows]


def spider_names_with_runs(db: Database) -> list[str]:
    return [r["spider"] for r in db.query("select distinct spider from crawl_runs order by spider")]


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
    return [_decode(dict(r)) for r in rows]


def mark_interrupted(db: Database) -> list[int]:
    """Mark ``interrupted`` every running run whose process is gone or whose heartbeat stopped."""
    running = list(table(db, "crawl_runs").rows_where("status = 'running'"))
    if not running:
        return []
    host = socket.gethostname()
    stale_before = (datetime.now(UTC) - HEARTBEAT_STALE).isoformat(timespec="seconds")
    gone = []
    for run in running:
        beat = run.get("heartbeat_at") or run["started_at"]
        pid = run.get("owner_pid")
        if run.get("owner_host") == host and pid and not _alive(int(pid)):
            gone.append((int(run["id"]), f"the crawl process (pid {pid}) ended without closing the run"))
        elif beat < stale_before:
            gone.append((int(run["id"]), f"no heartbeat since {beat}"))
    for run_id, cause in gone:
        with writing(db):
            # Re-check inside the lock: the run may have finished in the meantime.
            db.execute(
                "update crawl_runs set status = 'interrupted', finished_at = ?, cause = ?"
                " where id = ? and status = 'running'",
                [now(), f"interrupted: {cause}", run_id],
            )
    return [run_id for run_id, _ in gone]


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (killed, not yet reaped by its parent) still answers signal 0.
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ", 1)[1][:1] != "Z"
    except (OSError, IndexError):
        return True


def _jsonable(stats: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in stats.items():
        out[key] = value if isinstance(value, (int, float, str, bool, type(None))) else str(value)
    return out
