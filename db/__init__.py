"""The store. `db/` alone owns the schema, its migrations and every query."""

from db.connection import DEFAULT_DB_PATH, open_db, resolve_db_path

__all__ = ["DEFAULT_DB_PATH", "open_db", "resolve_db_path"]
