"""The store. `db/` alone owns the schema, its migrations and every query.

``open_db`` and friends load on first use, so importing a light module of this package (the
decision and status vocabularies, the path resolution) does not load SQLite tooling.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from db.paths import DEFAULT_DB_PATH, resolve_db_path

if TYPE_CHECKING:
    from db.connection import open_db

__all__ = ["DEFAULT_DB_PATH", "open_db", "resolve_db_path"]


def __getattr__(name: str) -> Any:
    if name == "open_db":
        from db.connection import open_db

        return open_db
    raise AttributeError(f"module 'db' has no attribute {name!r}")
