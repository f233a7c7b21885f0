"""Screening stored listings: the same screener the crawl uses, over the archive.

When a list changes, `rescan` screens every stored listing again: new hits cite the list version
that produced them, existing hits are not duplicated, and a hit whose only reason disappeared is
marked stale, never deleted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice

from sqlite_utils import Database

from db.hits import record_screening
from db.listings import count_listings, iter_listings, set_category
from db.watchlists import current_version_id, latest_versions, load_entities
from matchers.listing import screen_input_from_dict
from matchers.screen import Screener


@dataclass
class RescanReport:
    screened: int = 0
    new_hits: int = 0
    updated_hits: int = 0
    stale_hits: int = 0
    version_id: int | None = None
    seconds: float = 0.0


def rescan(db: Database, *, batch: int = 2000, progress: Callable[[int, int], None] | None = None) -> RescanReport:
    """Screen every stored listing against the current watchlists."""
    started = time.perf_counter()
    screener = Screener(load_entities(db))
    report = RescanReport(version_id=current_version_id(db))
    versions = latest_versions(db)
    total = count_listings(db)
    listings = iter_listings(db, batch=batch)
    while rows := list(islice(listings, batch)):
        with db.atomic():  # one transaction a batch: fast, and an interruption loses no finished batch
            for row in rows:
                result = screener.screen(screen_input_from_dict(row)).to_dict()
                if result["category"] != row["category"]:
                    set_category(db, int(row["id"]), result["category"])
                outcome = record_screening(
                    db, int(row["id"]), result, watchlist_version_id=report.version_id, list_versions=versions
                )
                report.new_hits += outcome.created
                report.updated_hits += outcome.updated
                report.stale_hits += outcome.marked_stale
        report.screened += len(rows)
        if progress:
            progress(report.screened, total)
    report.seconds = time.perf_counter() - started
    return report
