"""What every command shares: the database path from --db / $ORIGINWATCH_DB."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import click
from sqlite_utils import Database

from db import open_db


@dataclass
class AppContext:
    db_path: Path

    def db(self) -> Database:
        return open_db(self.db_path)


pass_app = click.make_pass_decorator(AppContext)
