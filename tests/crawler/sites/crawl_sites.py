"""Crawl several site fixtures in ONE process through the real Scrapy engine (a reactor cannot restart,
and a process per site would cost a Scrapy start-up each).

Usage: python crawl_sites.py JOBS.json  — JOBS is a list of {"key", "site", "db", "spider_args"}; every crawl
gets its own settings (its own database) and all run side by side in one reactor. Prints {key: run_id} as JSON.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader

from crawler import settings as default_settings
from crawler.app.runs import RUN_ID_STAT
from crawler.runner import LOOPBACK_OVERRIDES, project_settings

# Our own fixture servers on 127.0.0.1 (crawler.runner.LOOPBACK_OVERRIDES), and a fixture page answers
# at once or never: no retries, no throttling.
LOCAL_OVERRIDES = {**LOOPBACK_OVERRIDES, "AUTOTHROTTLE_ENABLED": False, "RETRY_ENABLED": False, "LOG_LEVEL": "WARNING"}


def main(jobs_file: str) -> int:
    jobs: list[dict[str, Any]] = json.loads(Path(jobs_file).read_text(encoding="utf-8"))
    # The process's own settings are merged into every crawler at their priority; left at "cmdline" priority
    # like each crawler's ORIGINWATCH_DB, they would overwrite it and send every crawl to one database.
    process_settings = Settings()
    process_settings.setmodule(default_settings, priority="project")
    process_settings.update(LOCAL_OVERRIDES, priority="project")
    process = CrawlerProcess(process_settings)
    crawlers: dict[str, Crawler] = {}
    for index, job in enumerate(jobs):
        settings = project_settings(Path(job["db"]), LOCAL_OVERRIDES)
        spider_cls = SpiderLoader.from_settings(settings).load(job["site"])
        # Each crawl has its own settings (its own database); the first one installs the reactor, as
        # CrawlerProcess.create_crawler would.
        crawler = Crawler(spider_cls, settings, init_reactor=index == 0)
        crawlers[job["key"]] = crawler
        process.crawl(crawler, **job["spider_args"])
    process.start()
    result = {}
    for key, crawler in crawlers.items():
        assert crawler.stats is not None
        result[key] = int(crawler.stats.get_value(RUN_ID_STAT) or 0)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
