"""Run one crawl in this process through the real Scrapy engine.

A Twisted reactor cannot be restarted, so a process runs one crawl. ``originwatch crawl`` is such a
process; schedulers, the web UI and tests that need several crawls start one each with
``start_process`` (``python -m crawler.runner JOB.json``).
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler import settings as default_settings
from crawler.app.runs import RUN_ID_STAT

logger = logging.getLogger(__name__)

# Against our own servers on 127.0.0.1 only (the demo, test fixtures): no delay is needed to be
# polite to ourselves. The one place this is said; every such override is still in the run record.
LOOPBACK_OVERRIDES: dict[str, Any] = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_START_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "ORIGINWATCH_BLOCK_BACKOFF": 0,
}
QUIET_LOG_LEVEL = "INFO"  # what goes to the log file when the terminal shows only the summary


def loopback_args() -> list[str]:
    """``LOOPBACK_OVERRIDES`` as ``-s NAME=VALUE`` command-line arguments."""
    return [arg for key, value in LOOPBACK_OVERRIDES.items() for arg in ("-s", f"{key}={value}")]


def project_settings(
    db_path: Path, overrides: Mapping[str, Any] | None = None, *, log_file: Path | None = None
) -> Settings:
    """The polite defaults, the store, and the run's overrides (each written to the run record).

    With ``log_file``, Scrapy's log (stats dump and settings included) goes there, not the terminal.
    """
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("ORIGINWATCH_DB", str(db_path), priority="cmdline")
    if log_file is not None:
        settings.set("LOG_FILE", str(log_file), priority="cmdline")
        settings.set("LOG_LEVEL", QUIET_LOG_LEVEL, priority="cmdline")
    notes = []
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
        if not key.startswith("LOG_"):
            notes.append(f"setting override: {key}={value!r}")
    # Every departure from the polite defaults is written to the run record (crawler/extensions/runlog.py).
    settings.set("ORIGINWATCH_RUN_NOTES", notes, priority="cmdline")
    return settings


def _loader() -> SpiderLoader:
    return SpiderLoader.from_settings(project_settings(Path("originwatch.db")))


def spider_names() -> list[str]:
    return sorted(_loader().list())


def check_spider_args(spider: str | type[Spider], **spider_args: Any) -> None:
    """Build the spider once outside a crawl, so bad arguments fail with their own message
    (ValueError / TypeError) before the engine starts."""
    spider_cls = _loader().load(spider) if isinstance(spider, str) else spider
    spider_cls(**spider_args)


def run_crawl(
    spider: str | type[Spider],
    db_path: Path,
    *,
    overrides: Mapping[str, Any] | None = None,
    log_file: Path | None = None,
    **spider_args: Any,
) -> tuple[int, dict[str, Any]]:
    """Crawl to the end and return the run id and the crawl's stats."""
    settings = project_settings(db_path, overrides, log_file=log_file)
    process = CrawlerProcess(settings)
    spider_cls = SpiderLoader.from_settings(settings).load(spider) if isinstance(spider, str) else spider
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, **spider_args)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    return int(stats.get(RUN_ID_STAT) or 0), stats


@dataclass(frozen=True)
class CrawlJob:
    """One crawl for a process of its own."""

    spider: str
    db_path: str
    spider_args: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, Any] = field(default_factory=dict)
    log_file: str | None = None


def start_process(job: CrawlJob, job_file: Path) -> subprocess.Popen[str]:
    """Start ``job`` in a new process; its standard output ends with ``{"run_id": N}``."""
    job_file.write_text(json.dumps(asdict(job)), encoding="utf-8")
    return subprocess.Popen(
        [sys.executable, "-m", "crawler.runner", str(job_file)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        print("usage: python -m crawler.runner JOB.json", file=sys.stderr)
        return 2
    job = CrawlJob(**json.loads(Path(args[0]).read_text(encoding="utf-8")))
    log_file = Path(job.log_file) if job.log_file else None
    run_id, _ = run_crawl(job.spider, Path(job.db_path), overrides=job.overrides, log_file=log_file, **job.spider_args)
    print(json.dumps({"run_id": run_id}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
