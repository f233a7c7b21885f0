"""Resume an interrupted crawl: a new run takes over the persisted frontier of the last run of the
same spider (and start URL) that did not end well, fetches what it left pending, and does not fetch
again what it finished (crawler/middlewares/frontier.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.app.crawl import DISCOVER, CrawlOptions, CrawlRefusedError, CrawlReport, crawl_site, crawl_url
from db.connection import opened
from db.frontier import pending_count
from db.runs import recent_runs

RESUMABLE = ("interrupted", "failed", "broken")


def resumable_run(db: Database, spider: str, *, start_url: str = "") -> dict[str, Any]:
    """The run ``--resume`` continues: the newest ended run of ``spider`` (with ``start_url`` for the
    discovery spider), if it did not finish and left requests pending. Refused otherwise, in one line."""
    runs = [r for r in recent_runs(db, spider, limit=20) if not start_url or r["start_url"] == start_url]
    what = f"{spider} from {start_url}" if start_url else spider
    if not runs:
        raise CrawlRefusedError(f"no earlier run of {what} to resume")
    last = runs[0]
    if last["status"] not in RESUMABLE:
        raise CrawlRefusedError(f"the last run of {what} (run {last['id']}) ended {last['status']}: nothing to resume")
    if not pending_count(db, int(last["id"])):
        raise CrawlRefusedError(f"run {last['id']} of {what} left no pending request to resume")
    return last


def resume_crawl(
    db_path: Path, spider: str, spider_args: Mapping[str, str], options: CrawlOptions
) -> CrawlReport:
    """Continue the last interrupted run of ``spider`` with the arguments it had."""
    if not db_path.exists():
        raise CrawlRefusedError(f"no database at {db_path}: nothing to resume")
    start_url = str(spider_args.get("start_url", "")) if spider == DISCOVER else ""
    with opened(db_path) as db:
        run = resumable_run(db, spider, start_url=start_url)
    args = {k: str(v) for k, v in (run["args"] or {}).items()}
    clash = {k: v for k, v in spider_args.items() if k in args and args[k] != v}
    if clash:
        raise CrawlRefusedError(f"run {run['id']} ran with {args}; --resume cannot change {', '.join(clash)}")
    settings = {**options.settings, "ORIGINWATCH_RESUME_FROM": int(run["id"])}
    resumed = dataclasses.replace(options, settings=settings)
    if spider == DISCOVER:
        return crawl_url(db_path, run["start_url"], resumed)
    return crawl_site(db_path, spider, {**args, **spider_args}, resumed)
