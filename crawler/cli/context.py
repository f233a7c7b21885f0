"""What every command shares: the database path (--db / $ORIGINWATCH_DB) and one way to open it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass
class AppContext:
    db_path: Path

    @contextmanager
    def store(self, *, create: bool = False) -> Iterator[Database]:
        """``with app.store() as db:`` — the store, closed afterwards. Read commands never create one:
        a missing file is refused with one line; a file that is not a database likewise."""
        from db.connection import StoreError, opened

        try:
            with opened(self.db_path, create=create) as db:
                yield db
        except StoreError as exc:
            raise click.ClickException(str(exc)) from None


pass_app = click.make_pass_decorator(AppContext)


def program_hint(app: AppContext) -> str:
    """How to call originwatch again with the same database, for "next, run ..." lines."""
    import sys

    program = sys.argv[0] if sys.argv[0].endswith("originwatch") else "originwatch"
    db_opt = f" --db {app.db_path}" if str(app.db_path) != "originwatch.db" else ""
    return program + db_opt
