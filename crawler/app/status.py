"""What `originwatch status` and the web UI's status page show: one use case, one typed record.

Per site: the last scheduled run with its health, flagged when it failed, timed out, came out
broken, or stored far fewer listings than the site's history; and the next run the scheduler
published. Then the review queue by status, and the watchlist versions in force.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from statistics import median

from sqlite_utils import Database

from crawler.health import HealthRules
from db.schedule import DIGEST_STATE, ScheduledRun, last_runs, past_listings, queue_counts, site_states
from db.watchlists import latest_versions, list_versions

# "Far fewer listings than its history": the same share and window the crawl health check uses.
HISTORY = HealthRules()


@dataclass(frozen=True)
class SiteStatus:
    site: str
    last_run: ScheduledRun | None
    next_run: str | None
    paused: bool
    flags: tuple[str, ...] = ()  # one line each, for a person: "timed out: killed after ..."
    typical_listings: float | None = None  # median of the site's recent finished runs

    @property
    def healthy(self) -> bool:
        return not self.flags


@dataclass(frozen=True)
class ListInForce:
    source: str
    version_id: int
    imported_at: str
    entity_count: int


@dataclass(frozen=True)
class StatusReport:
    generated_at: str
    sites: tuple[SiteStatus, ...]
    queue: Mapping[str, int]
    lists: tuple[ListInForce, ...]
    digest_next: str | None = None
    flagged: tuple[SiteStatus, ...] = field(default=())


def site_flags(db: Database, run: ScheduledRun) -> tuple[tuple[str, ...], float | None]:
    """Why a site's last run needs a look (empty when it does not), and the listings it usually stores."""
    flags: list[str] = []
    label = {"timed_out": "timed out", "failed": "failed", "broken": "broken", "interrupted": "interrupted"}
    if run.status in label:
        flags.append(f"{label[run.status]}: {run.cause}" if run.cause else label[run.status])
    history = past_listings(db, run.site, before=run.id, limit=HISTORY.past_runs)
    typical = median(history) if history else None
    if run.status == "finished" and typical and run.listings < typical * HISTORY.min_share_of_past:
        flags.append(
            f"{run.listings} listing(s) against a median of {typical:g} in its last {len(history)} finished run(s)"
        )
    return tuple(flags), typical


def status(db: Database, *, sites: Sequence[str] = ()) -> StatusReport:
    """The status of every scheduled site (``sites`` adds those of a schedule file not yet run)."""
    runs = last_runs(db)
    states = site_states(db)
    names = sorted(set(runs) | {s for s in states if s != DIGEST_STATE} | set(sites))
    out = []
    for name in names:
        run = runs.get(name)
        state = states.get(name)
        flags, typical = site_flags(db, run) if run else ((), None)
        out.append(
            SiteStatus(
                site=name,
                last_run=run,
                next_run=None if state is None or state.paused else state.next_run,
                paused=bool(state and state.paused),
                flags=flags,
                typical_listings=typical,
            )
        )
    in_force = set(latest_versions(db).values())
    lists = tuple(
        ListInForce(str(v["source"]), int(v["id"]), str(v["imported_at"]), int(v["entity_count"] or 0))
        for v in list_versions(db)
        if int(v["id"]) in in_force
    )
    digest = states.get(DIGEST_STATE)
    return StatusReport(
        generated_at=datetime.now(UTC).isoformat(timespec="seconds"),
        sites=tuple(out),
        queue=queue_counts(db),
        lists=lists,
        digest_next=digest.next_run if digest else None,
        flagged=tuple(s for s in out if s.flags),
    )
