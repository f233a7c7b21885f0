"""Notes a crawl component makes while the crawl runs (a limit that bit, an unreachable robots.txt),
kept in the crawl's stats and written to the run record when the spider closes."""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from crawler.app.runs import RUN_ID_STAT, crawl_store
from crawler.limits import NOTES_STAT, limit_notes
from db.runs import add_run_note

logger = logging.getLogger(__name__)


def add_note(crawler: Crawler, note: str) -> None:
    """Keep ``note`` for the run record (once: the same note twice is one note)."""
    assert crawler.stats is not None
    notes = list(crawler.stats.get_value(NOTES_STAT, []))
    if note not in notes:
        crawler.stats.set_value(NOTES_STAT, [*notes, note])


class RunNotes:
    """Extension: writes the notes to the run record. It runs after the run log closed the run, so
    it also takes the notes made while the crawl was closing (the limits' totals)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunNotes:
        return cls(crawler)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        run_id = self.crawler.stats.get_value(RUN_ID_STAT)
        from crawler.middlewares.limits import limits_for

        stats = self.crawler.stats.get_stats()
        notes = [*stats.get(NOTES_STAT, []), *limit_notes(stats, limits_for(self.crawler))]
        if not run_id or not notes:
            return
        with crawl_store(self.crawler.settings) as db:
            for note in notes:
                add_run_note(db, int(run_id), note)
