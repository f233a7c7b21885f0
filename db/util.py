"""Small helpers every query module shares."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def loads(value: str | None, default: Any = None) -> Any:
    if value in (None, ""):
        return default
    return json.loads(value)  # type: ignore[arg-type]


def table(db: Database, name: str) -> Table:
    """The table ``name`` (built directly: ``db[name]`` lists every table and view on each call)."""
    return Table(db, name)


def insert(db: Database, name: str, row: dict[str, Any]) -> int:
    """Insert one row and return its primary key."""
    pk = table(db, name).insert(row).last_pk
    assert pk is not None
    return int(pk)
