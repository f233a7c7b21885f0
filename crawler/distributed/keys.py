"""The Redis keys of one distributed crawl; every component names them through ``CrawlKeys``."""

from __future__ import annotations

from dataclasses import dataclass

KEY_PREFIX = "originwatch"
INGEST_GROUP = "ingest"  # the consumer group of the item stream


@dataclass(frozen=True)
class CrawlKeys:
    crawl: str  # the crawl's name, shared by the seeder, the workers and the ingest

    def _key(self, part: str) -> str:
        return f"{KEY_PREFIX}:{self.crawl}:{part}"

    @property
    def job(self) -> str:  # hash: spider, spider arguments, run id, settings
        return self._key("job")

    @property
    def requests(self) -> str:  # sorted set: the queue (stock scrapy-redis priority order)
        return self._key("requests")

    @property
    def processing(self) -> str:  # sorted set: lease id -> deadline (Redis server time, seconds)
        return self._key("processing")

    @property
    def leased(self) -> str:  # hash: lease id -> the request as queued
        return self._key("leased")

    @property
    def leased_score(self) -> str:  # hash: lease id -> its queue score, to requeue it in its place
        return self._key("leased_score")

    @property
    def lease_seq(self) -> str:
        return self._key("lease_seq")

    @property
    def dupefilter(self) -> str:
        return self._key("dupefilter")

    @property
    def seeded(self) -> str:  # set once the first worker has run the spider's start()
        return self._key("seeded")

    @property
    def items(self) -> str:  # stream: listings, seller profiles, worker ends
        return self._key("items")

    @property
    def workers(self) -> str:  # hash: worker id -> started|ended
        return self._key("workers")

    @property
    def worker_beats(self) -> str:  # hash: worker id -> last heartbeat (Redis server time, seconds)
        return self._key("worker_beats")

    def politeness(self, slot: str) -> str:  # next time (server clock) a request to the slot may start
        return self._key(f"politeness:{slot}")

    def all(self) -> list[str]:
        return [self.job, self.requests, self.processing, self.leased, self.leased_score, self.lease_seq,
                self.dupefilter, self.seeded, self.items, self.workers, self.worker_beats]  # fmt: skip
