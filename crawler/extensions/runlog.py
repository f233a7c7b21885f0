"""Records each crawl as a run: start, end, status and stats."""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.health import HealthRules, check_run, stored_listings
from db import open_db
from db.runs import add_run_note, finish_run, recent_runs, start_run

logger = logging.getLogger(__name__)

RUN_ID_STAT = "originwatch/run_id"


class RunLog:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLog:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        db = open_db(self.crawler.settings.get("ORIGINWATCH_DB"))
        args = {k: v for k, v in vars(spider).items() if k in ("start_url", "site", "keywords", "max_pages")}
        self.run_id = start_run(db, spider.name, start_url=str(getattr(spider, "start_url", "")), args=args)
        if not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            note = "robots.txt override: ROBOTSTXT_OBEY is off for this run (explicit operator override)"
            logger.warning(note)
            add_run_note(db, self.run_id, note)
        for note in [*self.crawler.settings.getlist("ORIGINWATCH_RUN_NOTES"), *getattr(spider, "run_notes", [])]:
            add_run_note(db, self.run_id, note)
        db.close()
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(RUN_ID_STAT, self.run_id)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        db = open_db(self.crawler.settings.get("ORIGINWATCH_DB"))
        rules = getattr(spider, "health", None) or HealthRules()
        past = [
            stored_listings(r["stats"])
            for r in recent_runs(db, spider.name, limit=rules.past_runs, before=self.run_id, like=self.run_id)
            if r["status"] == "finished"
        ]
        failures = check_run(stats, rules, past)
        for failure in failures:
            logger.error("crawl health check failed for %s: %s", spider.name, failure)
            add_run_note(db, self.run_id, f"health: {failure}")
        if failures:
            status = "broken"
        elif reason in ("finished", "closespider_pagecount", "closespider_itemcount"):
            status = "finished"
        else:
            status = "failed"
        finish_run(db, self.run_id, status, {**self.crawler.stats.get_stats(), "finish_reason": reason})
        db.close()
