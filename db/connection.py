"""Opening the database: path resolution, WAL mode, migrations, and how every write is made.

Several crawls, a rescan and reviewers may write to one file at once. Each write is its own short
``BEGIN IMMEDIATE`` transaction: it takes the write lock before reading, so it can never fail
half-way on a lock (a deferred transaction that reads first and then writes gets SQLITE_BUSY at
once, without waiting). Taking the lock waits (busy timeout) and is retried until a deadline; only
then does the write fail, loudly, with ``StoreBusyError``.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from db.migrations import migrations
from db.paths import DEFAULT_DB_PATH as DEFAULT_DB_PATH  # re-exported
from db.paths import resolve_db_path

BUSY_TIMEOUT_MS = 5000  # one wait inside SQLite for the write lock
WRITE_DEADLINE_SECONDS = 120.0  # retries of BEGIN IMMEDIATE until then
SQLITE_HEADER = b"SQLite format 3\x00"


class StoreError(Exception):
    """The store cannot be used as asked; the message is one line for the user."""


class StoreMissingError(StoreError):
    pass


class StoreBusyError(StoreError):
    """A write could not take the lock before the deadline."""


def open_db(path: str | os.PathLike[str] | None = None, *, memory: bool = False, create: bool = True) -> Database:
    """Open and migrate the store. WAL lets review and crawl run side by side.

    With ``create=False`` a missing file is refused (a mistyped ``--db`` must not look like an empty
    queue). A file that is not SQLite is refused either way. Runs left ``running`` by a process that
    is gone are marked ``interrupted``.
    """
    if memory:
        db = Database(memory=True)
    else:
        resolved = resolve_db_path(path)
        _check_file(resolved, create=create)
        resolved.parent.mkdir(parents=True, exist_ok=True)
        db = Database(resolved)
        try:
            _retry_locked(db.enable_wal)
        except sqlite3.DatabaseError as exc:
            db.close()
            if "file is not a database" in str(exc):
                raise StoreError(f"{resolved} is not a SQLite database") from None
            raise StoreError(f"{resolved}: not an originwatch database ({exc})") from None
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA synchronous = NORMAL")  # safe in WAL mode; a commit need not wait for fsync
    _migrate(db)
    from db.runs import mark_interrupted

    mark_interrupted(db)
    return db


@contextmanager
def opened(path: str | os.PathLike[str] | None = None, *, create: bool = False) -> Iterator[Database]:
    """``with opened(path) as db:`` — the store, closed afterwards whatever happens."""
    db = open_db(path, create=create)
    try:
        yield db
    finally:
        db.close()


def _check_file(path: Path, *, create: bool) -> None:
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists():
        if not create:
            raise StoreMissingError(
                f"no database at {path}; check --db or $ORIGINWATCH_DB "
                "(crawl, demo and watchlist import create one)"
            )
        if not path.parent.exists() and str(path.parent) not in ("", "."):
            raise StoreError(f"cannot create {path}: folder {path.parent} does not exist")
        return
    # The header is not read here with open(): closing any descriptor of the file drops every POSIX
    # lock this process holds on it, so a second connection opened beside a long-lived one (a crawl)
    # would silently strip the first one's locks and another process's writes then fail with
    # "disk I/O error". SQLite itself refuses a file that is not a database (open_db).


def _migrate(db: Database) -> None:
    if not migrations.pending(db):
        return
    # One process migrates; another opening the file at the same moment waits for the lock, then
    # finds nothing pending (the migrations' own transactions become savepoints inside this one).
    with writing(db):
        migrations.apply(db)
    db.execute("PRAGMA optimize")


def is_locked(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def _retry_locked(action: object) -> None:
    deadline = time.monotonic() + WRITE_DEADLINE_SECONDS
    pause = 0.05
    while True:
        try:
            action()  # type: ignore[operator]
            return
        except sqlite3.OperationalError as exc:
            if not is_locked(exc) or time.monotonic() > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 1.0)


@contextmanager
def writing(db: Database) -> Iterator[Database]:
    """One short write transaction holding the write lock from its first statement.

    Nested inside another ``writing`` (or ``db.atomic()``) block it is a savepoint of the outer one.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    deadline = time.monotonic() + WRITE_DEADLINE_SECONDS
    pause = 0.05
    while True:
        try:
            db.execute("BEGIN IMMEDIATE")
            break
        except sqlite3.OperationalError as exc:
            if not is_locked(exc):
                raise
            if time.monotonic() > deadline:
                raise StoreBusyError(
                    f"the database stayed locked for {WRITE_DEADLINE_SECONDS:.0f} s; nothing was written"
                ) from exc
            time.sleep(pause)
            pause = min(pause * 2, 1.0)
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise
    try:
        db.execute("COMMIT")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise


def optimize(db: Database) -> None:
    """Refresh the planner's statistics after a large write (cheap when nothing changed much)."""
    db.execute("PRAGMA optimize")
