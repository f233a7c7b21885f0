"""Many writes in one transaction: the ingest and the batching store pipeline group listings so the
store commits once per batch, not three times per listing.

Every write function of ``db/`` opens ``writing(db)``; inside ``batch_writes`` that is a savepoint of
the one outer transaction, so a failing listing rolls back alone and the rest of the batch commits.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from db.connection import writing


@contextmanager
def batch_writes(db: Database) -> Iterator[Database]:
    """One write transaction (``BEGIN IMMEDIATE`` ... ``COMMIT``) around every write made inside."""
    with writing(db):
        yield db
