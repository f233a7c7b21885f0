"""Records each crawl as a run: start, heartbeat, end, status and its cause (crawler/app/runs.py)."""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet.task import LoopingCall

from crawler.app.runs import HEARTBEAT_SECONDS, RUN_ID_STAT, beat, close_run, crawl_store, open_run, screening_setup

logger = logging.getLogger(__name__)

__all__ = ["RUN_ID_STAT", "RunLog"]
RUN_ARGS = ("start_url", "site", "keywords", "max_pages")


class RunLog:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = None
        self._heartbeat: LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunLog:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        notes = []
        if not self.crawler.settings.getbool("ROBOTSTXT_OBEY"):
            notes.append("robots.txt override: ROBOTSTXT_OBEY is off for this run (explicit operator override)")
            logger.warning(notes[-1])
        notes += [
            *self.crawler.settings.getlist("ORIGINWATCH_RUN_NOTES"),
            *getattr(spider, "run_notes", []),
            *screening_setup(self.crawler).notes,
        ]
        args = {k: v for k, v in vars(spider).items() if k in RUN_ARGS}
        with crawl_store(self.crawler.settings) as db:
            self.run_id = open_run(
                db, spider.name, start_url=str(getattr(spider, "start_url", "")), args=args, notes=notes
            )
        assert self.crawler.stats is not None
        self.crawler.stats.set_value(RUN_ID_STAT, self.run_id)
        self._heartbeat = LoopingCall(self._beat)
        self._heartbeat.start(HEARTBEAT_SECONDS, now=False)

    def _beat(self) -> None:
        if self.run_id is None:
            return
        try:
            with crawl_store(self.crawler.settings) as db:
                beat(db, self.run_id)
        except Exception as exc:  # a missed heartbeat must not stop the crawl
            logger.warning("run heartbeat not written: %s", exc)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._heartbeat is not None and self._heartbeat.running:
            self._heartbeat.stop()
        if self.run_id is None:
            return
        assert self.crawler.stats is not None
        stats = self.crawler.stats.get_stats()
        with crawl_store(self.crawler.settings) as db:
            end = close_run(db, self.run_id, spider.name, stats, reason, getattr(spider, "health", None))
        for check in end.checks:
            log = logger.error if check.severity == "fail" else logger.warning
            log("crawl health check %s for %s: %s", check.name, spider.name, check.message)
