"""Run one crawl in this process through the real Scrapy engine.

A Twisted reactor cannot be restarted, so a process runs one crawl; schedulers and tests that need
several crawls start a process each.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from scrapy import Spider
from scrapy.crawler import CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler import settings as default_settings
from crawler.extensions.runlog import RUN_ID_STAT

logger = logging.getLogger(__name__)


def project_settings(db_path: Path, overrides: Mapping[str, Any] | None = None) -> Settings:
    settings = Settings()
    settings.setmodule(default_settings, priority="project")
    settings.set("ORIGINWATCH_DB", str(db_path), priority="cmdline")
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
    **spider_args: Any,
) -> tuple[int, dict[str, Any]]:
    """Crawl to the end and return the run id and the crawl's stats."""
    settings = project_settings(db_path, overrides)
    process = CrawlerProcess(settings)
    spider_cls = SpiderLoader.from_settings(settings).load(spider) if isinstance(spider, str) else spider
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, **spider_args)
    process.start()
    assert crawler.stats is not None
    stats = crawler.stats.get_stats()
    return int(stats.get(RUN_ID_STAT) or 0), stats
