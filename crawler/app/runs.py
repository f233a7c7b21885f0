"""A crawl's run record: open it, keep it alive, close it with a status that tells the truth.

The run-log extension and the pipelines call these; they never touch ``db/`` writes themselves.
A run ends ``finished``, ``broken`` (a health check's minimum was not met), ``failed`` (the store
refused writes, or the crawl stopped for another reason) or, when its process is killed,
``interrupted`` (``db.runs.mark_interrupted``). A run that did not finish well carries its cause in
one line: connection refused, robots.txt forbids the start URL, a share of the pages was blocked ...
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from crawler.app.recording import WRITE_FAILED_STAT
from crawler.app.screening import ScreeningSetup, build_screener
from crawler.health import CheckResult, HealthRules, check_run, failures, stored_listings
from db.connection import opened, optimize
from db.runs import add_run_note, finish_run, heartbeat, recent_runs, start_run

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings

RUN_ID_STAT = "originwatch/run_id"
HEARTBEAT_SECONDS = 30.0
ENDED_NORMALLY = ("finished", "closespider_pagecount", "closespider_itemcount")
_EXCEPTION_STAT = "downloader/exception_type_count/"
# Download errors that mean the site was never reached, and how to say so.
UNREACHABLE = {
    "ConnectionRefusedError": "connection refused",
    "DNSLookupError": "host name not found (DNS lookup failed)",
    "TCPTimedOutError": "connection timed out",
    "TimeoutError": "the site did not answer in time",
    "ConnectError": "could not connect",
}

_setups: weakref.WeakKeyDictionary[Crawler, ScreeningSetup] = weakref.WeakKeyDictionary()


@contextmanager
def crawl_store(settings: BaseSettings) -> Iterator[Database]:
    """The store a crawl writes to (``ORIGINWATCH_DB``); created when missing."""
    with opened(settings.get("ORIGINWATCH_DB"), create=True) as db:
        yield db


def screening_setup(crawler: Crawler) -> ScreeningSetup:
    """The one screener of a crawl, built from the store the first time a component asks for it."""
    setup = _setups.get(crawler)
    if setup is None:
        with crawl_store(crawler.settings) as db:
            setup = build_screener(db, allow_no_list=crawler.settings.getbool("ORIGINWATCH_NO_WATCHLIST"))
        _setups[crawler] = setup
    return setup


def open_run(db: Database, spider: str, *, start_url: str, args: Mapping[str, Any], notes: Sequence[str]) -> int:
    run_id = start_run(db, spider, start_url=start_url, args=args)
    for note in notes:
        add_run_note(db, run_id, note)
    return run_id


def beat(db: Database, run_id: int) -> None:
    heartbeat(db, run_id)


@dataclass(frozen=True)
class RunEnd:
    status: str
    cause: str  # one line; empty for a run that finished well
    checks: list[CheckResult]


def close_run(
    db: Database, run_id: int, spider: str, stats: Mapping[str, Any], reason: str, rules: HealthRules | None
) -> RunEnd:
    """Run the health checks, decide the status and its cause, and write them to the run record."""
    rules = rules or HealthRules()
    past = [
        stored_listings(r["stats"])
        for r in recent_runs(db, spider, limit=rules.past_runs, before=run_id, like=run_id)
        if r["status"] == "finished"
    ]
    checks = check_run(stats, rules, past)
    for check in checks:
        label = "health" if check.severity == "fail" else "health warning"
        add_run_note(db, run_id, f"{label}: {check.name}: {check.message}")
    end = decide(stats, reason, checks)
    if end.status == "finished" and reason == "closespider_pagecount":
        add_run_note(db, run_id, f"stopped at the page cap ({stats.get('pages/parsed', 0)} pages parsed)")
    finish_run(db, run_id, end.status, {**stats, "finish_reason": reason}, cause=end.cause)
    optimize(db)  # a crawl is a large write: keep the planner's statistics fresh
    return end


def decide(stats: Mapping[str, Any], reason: str, checks: Sequence[CheckResult]) -> RunEnd:
    """The status of an ended run and, unless it finished well, why — in one line."""
    failed_writes = int(stats.get(WRITE_FAILED_STAT, 0))
    if failed_writes:
        return RunEnd("failed", f"{failed_writes} write(s) to the store failed (database locked)", list(checks))
    if reason not in ENDED_NORMALLY:
        return RunEnd("failed", f"the crawl stopped: {reason}", list(checks))
    failing = failures(checks)
    if not failing:
        return RunEnd("finished", "", list(checks))
    return RunEnd("broken", _cause(stats, checks, failing), list(checks))


def _cause(stats: Mapping[str, Any], checks: Sequence[CheckResult], failing: Sequence[CheckResult]) -> str:
    parsed = int(stats.get("pages/parsed", 0))
    if not parsed:
        for name, text in UNREACHABLE.items():
            count = sum(int(v) for k, v in stats.items() if k.startswith(_EXCEPTION_STAT) and k.endswith(name))
            if count:
                return f"{text} ({count} request(s))"
        if int(stats.get("robotstxt/forbidden", 0)):
            return "robots.txt forbids the start URL (--ignore-robots overrides it, and is logged)"
    blocked = next((c for c in checks if c.name == "max_blocked_rate"), None)
    if blocked is not None:
        return blocked.message
    return failing[0].message
