"""Where the store is: ``--db PATH``, else ``$ORIGINWATCH_DB``, else ``originwatch.db`` here.

Kept apart from ``db.connection`` so the command line can resolve the path without loading SQLite
tooling (``--help`` starts fast).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB_PATH = Path("originwatch.db")


def resolve_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """`--db PATH`, else `$ORIGINWATCH_DB`, else `originwatch.db` in the working directory."""
    if path:
        return Path(path)
    env = os.environ.get("ORIGINWATCH_DB")
    return Path(env) if env else DEFAULT_DB_PATH
