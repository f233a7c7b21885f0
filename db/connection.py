"""Opening the database: path resolution, WAL mode, migrations."""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from db.migrations import migrations

DEFAULT_DB_PATH = Path("originwatch.db")


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH`, else `$ORIGINWATCH_DB`, else `originwatch.db` in the working directory."""
    if path:
        return Path(path)
    env = os.environ.get("ORIGINWATCH_DB")
    return Path(env) if env else DEFAULT_DB_PATH


def open_db(path: str | os.PathLike[str] | None = None, *, memory: bool = False) -> Database:
    """Open (creating if needed) and migrate the store. WAL lets review and crawl run side by side."""
    if memory:
        db = Database(memory=True)
    else:
        resolved = resolve_db_path(path)
        resolved.parent.mkdir(parents=True, exist_ok=True)
        db = Database(resolved)
        db.enable_wal()
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA busy_timeout = 10000")
    migrations.apply(db)
    return db
