"""Crawl use cases: a named site spider, the generic discovery spider from one URL, the bundled demo.

Each runs in this process (a command is a process of its own; ``crawler.runner.start_process``
starts one for a scheduler) and returns the run's record, so the caller can say what happened
and exit with the truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from db.connection import opened
from db.hits import priority_counts, reason_counts
from db.runs import get_run
from db.statuses import ENDED_BADLY

DISCOVER = "discover"


class CrawlRefusedError(ValueError):
    """A crawl that cannot start as asked (unknown spider, bad argument); one line for the user."""


@dataclass(frozen=True)
class CrawlOptions:
    """How one crawl departs from the polite defaults; every departure is written to the run record."""

    max_pages: int | None = None
    ignore_robots: bool = False
    settings: Mapping[str, Any] = field(default_factory=dict)
    no_watchlist: bool = False
    verbose: bool = False  # Scrapy's log on the terminal instead of the log file

    def overrides(self) -> dict[str, Any]:
        overrides = dict(self.settings)
        if self.max_pages:
            overrides["CLOSESPIDER_PAGECOUNT"] = self.max_pages
        if self.ignore_robots:
            overrides["ROBOTSTXT_OBEY"] = False
        if self.no_watchlist:
            overrides["ORIGINWATCH_NO_WATCHLIST"] = True
        return overrides


@dataclass(frozen=True)
class CrawlReport:
    run: dict[str, Any]
    by_reason: dict[str, int]
    by_priority: dict[str, int]
    log_file: Path | None
    created_db: bool

    @property
    def ok(self) -> bool:
        return self.run["status"] not in ENDED_BADLY and self.run["status"] != "running"


def log_file_for(db_path: Path) -> Path:
    """Where a quiet crawl's Scrapy log goes: beside the database."""
    return db_path.with_name(db_path.name + ".crawl.log")


def _prepare(db_path: Path) -> bool:
    """Create the store if needed (so its errors come before the engine starts); True if created."""
    created = not db_path.exists()
    with opened(db_path, create=True):
        pass
    return created


def crawl_site(db_path: Path, spider: str, spider_args: Mapping[str, str], options: CrawlOptions) -> CrawlReport:
    """Run the named spider (see ``spider_names``) and store what it finds."""
    from crawler.runner import check_spider_args, spider_names

    known = spider_names()
    if spider not in known:
        raise CrawlRefusedError(f"no spider {spider!r}; known: {', '.join(known)}")
    try:
        check_spider_args(spider, **spider_args)
    except (ValueError, TypeError) as exc:
        raise CrawlRefusedError(str(exc)) from None
    return _run(db_path, spider, dict(spider_args), options)


def crawl_url(db_path: Path, url: str, options: CrawlOptions) -> CrawlReport:
    """Discover listings from one start URL: stay on its host, follow links and pagination."""
    from crawler.runner import check_spider_args

    try:
        check_spider_args(DISCOVER, start_url=url)
    except (ValueError, TypeError) as exc:
        raise CrawlRefusedError(str(exc)) from None
    return _run(db_path, DISCOVER, {"start_url": url}, options)


def crawl_demo(db_path: Path, options: CrawlOptions, *, on_start: Any = None) -> CrawlReport:
    """Serve the bundled demo marketplace on 127.0.0.1 and crawl it with the discovery spider.

    The store gets the bundled list if it has none (through the screener, which says so). Running it
    again adds no listing and no hit.
    """
    from crawler.demo import SITE_ROOT
    from crawler.demo.server import serve_in_thread
    from crawler.runner import LOOPBACK_OVERRIDES

    local = CrawlOptions(
        max_pages=options.max_pages, ignore_robots=options.ignore_robots,
        settings={**LOOPBACK_OVERRIDES, **options.settings}, no_watchlist=options.no_watchlist,
        verbose=options.verbose,
    )  # fmt: skip
    with serve_in_thread(SITE_ROOT) as server:
        if on_start is not None:
            on_start(server.url)
        return _run(db_path, DISCOVER, {"start_url": server.url + "/"}, local)


def _run(db_path: Path, spider: str, spider_args: dict[str, Any], options: CrawlOptions) -> CrawlReport:
    from crawler.runner import run_crawl

    created = _prepare(db_path)
    log_file = None if options.verbose else log_file_for(db_path)
    run_id, _ = run_crawl(spider, db_path, overrides=options.overrides(), log_file=log_file, **spider_args)
    return report(db_path, run_id, log_file=log_file, created_db=created)


def report(db_path: Path, run_id: int, *, log_file: Path | None = None, created_db: bool = False) -> CrawlReport:
    with opened(db_path) as db:
        if not run_id:
            raise CrawlRefusedError("the crawl did not start (no run was recorded); see the log")
        run = get_run(db, run_id)
        by_reason = {k: v for k, v in reason_counts(db, run_id=run_id).items() if k != "category"}
        by_priority = priority_counts(db, run_id=run_id)
    return CrawlReport(run, by_reason, by_priority, log_file, created_db)
