"""Build the screener from the store, screen a listing and record the result: one owner.

A crawl, ``match``, ``rescan`` and the web UI all screen through here, so a listing is judged the
same way whichever door it came in by, and its category and hit are written one way
(``db.hits.record_screening``).

Screening against nothing must be loud: on a store with no watchlist the bundled list is loaded
(and the caller is told so); screening with no list at all takes an explicit ``allow_no_list``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlite_utils import Database

from crawler.app.watchlists import BUNDLED_NAME, ensure_bundled
from db.connection import writing
from db.hits import HitOutcome, record_screening
from db.listings import count_listings, iter_listings
from db.watchlists import current_version_id, latest_versions, load_entities
from matchers.listing import screen_input_from_dict
from matchers.screen import Screener
from matchers.types import ScreenResult

NO_LIST_NOTE = "screened with no watchlist at all (explicit --no-watchlist): seller names were not matched"
RESCAN_BATCH = 200  # listings per write transaction: short, so crawls and reviewers never wait long


@dataclass
class ScreeningSetup:
    """A screener and the list versions its hits cite."""

    screener: Screener
    entity_count: int
    version_id: int | None  # the newest list version
    list_versions: dict[str, int]  # source -> its current version
    notes: list[str] = field(default_factory=list)  # what the user must be told (bundled list loaded ...)

    def screen(self, listing: Mapping[str, Any]) -> ScreenResult:
        """Screen one listing mapping (see ``matchers.listing.screen_input_from_dict``)."""
        return self.screener.screen(screen_input_from_dict(listing))

    def record(self, db: Database, listing_id: int, result: ScreenResult) -> HitOutcome:
        """Write the screening of a stored listing: its category and its hit."""
        return record_screening(
            db, listing_id, result, watchlist_version_id=self.version_id, list_versions=self.list_versions
        )


def build_screener(db: Database, *, allow_no_list: bool = False) -> ScreeningSetup:
    """The screener over the store's current lists.

    A store with no list gets the bundled list, and the setup's notes say so. With
    ``allow_no_list`` an empty store is screened by the origin rules alone, and the notes say that.
    """
    notes = []
    entities = load_entities(db)
    if not entities:
        if allow_no_list:
            notes.append(NO_LIST_NOTE)
        else:
            version = ensure_bundled(db)
            entities = load_entities(db)
            where = f"as version {version}" if version else "(already imported, but its entries were gone)"
            notes.append(f"no watchlist in the store: loaded the bundled list ({BUNDLED_NAME}) {where}")
    return ScreeningSetup(
        screener=Screener(entities),
        entity_count=len(entities),
        version_id=current_version_id(db),
        list_versions=latest_versions(db),
        notes=notes,
    )


def build_screener_without_store() -> ScreeningSetup:
    """The screener over the bundled list alone, for screening when there is no store at all."""
    from watchlists.bundled import load_bundled

    entities = load_bundled().entities
    note = f"no database: screening against the bundled list ({BUNDLED_NAME}) only"
    return ScreeningSetup(Screener(entities), len(entities), None, {}, [note])


@dataclass
class RescanReport:
    screened: int = 0
    new_hits: int = 0
    updated_hits: int = 0
    stale_hits: int = 0
    version_id: int | None = None
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)


def rescan(
    db: Database,
    *,
    allow_no_list: bool = False,
    batch: int = RESCAN_BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> RescanReport:
    """Screen every stored listing again against the current watchlists.

    New hits cite the list version that produced them, existing hits are not duplicated, and a hit
    whose only reason disappeared is marked stale, never deleted.
    """
    started = time.perf_counter()
    setup = build_screener(db, allow_no_list=allow_no_list)
    report = RescanReport(version_id=setup.version_id, notes=list(setup.notes))
    total = count_listings(db)
    listings = iter_listings(db, batch=batch)
    while rows := list(islice(listings, batch)):
        results = [(int(row["id"]), setup.screen(row)) for row in rows]  # screen outside the write lock
        # One short transaction a batch (a few milliseconds): a crawl or a reviewer waits at most that long.
        with writing(db):
            outcomes = [setup.record(db, listing_id, result) for listing_id, result in results]
        for outcome in outcomes:
            report.new_hits += outcome.created
            report.updated_hits += outcome.updated
            report.stale_hits += outcome.marked_stale
        report.screened += len(rows)
        if progress:
            progress(report.screened, total)
    if report.screened:
        db.execute("PRAGMA optimize")
    report.seconds = time.perf_counter() - started
    return report
