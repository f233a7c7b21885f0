"""Run one worker of a distributed crawl in this process (a Twisted reactor runs one crawl)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crawler import settings as project
from crawler.distributed.job import CrawlJob
from crawler.distributed.settings import LEASE_SECONDS, worker_overrides


def run_worker(redis_url: str, crawl: str, job: CrawlJob, worker_id: str, *, lease_seconds: float = LEASE_SECONDS,
               log_file: Path | None = None) -> dict[str, Any]:  # fmt: skip
    """Crawl from the shared queue until it is empty and no worker holds a lease; the worker's stats."""
    from crawler.runner import run_crawl

    delay = float(job.overrides.get("DOWNLOAD_DELAY", project.DOWNLOAD_DELAY))
    overrides = {**job.overrides, **worker_overrides(redis_url, crawl, worker_id, delay=delay,
                                                     lease_seconds=lease_seconds)}  # fmt: skip
    # Worker processes never open the SQLite store; the path is unused.
    _, stats = run_crawl(job.spider, Path("unused-by-workers.db"), overrides=overrides, log_file=log_file,
                         **job.spider_args)  # fmt: skip
    return stats
