"""Ingest a distributed crawl: read the workers' item stream in a consumer group, screen and record
each listing (the one screen-and-record use case, ``crawler.app.recording``), and close the run.

Entries are acknowledged (and deleted) only after the batch that stored them has committed. An
ingest that dies mid-batch stores nothing of that batch; on restart it reads its own unacknowledged
entries again, and takes over those of a dead ingest consumer after ``claim_idle_ms``. An entry
stored but not yet acknowledged when the ingest died is stored again as the same listing: the store
is idempotent on listing identity and content hash (no new version, no second hit, no second
capture).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from crawler.app.recording import (
    EvidenceRecord,
    ListingRecord,
    SellerRecord,
    record_evidence,
    record_listing,
    record_seller,
)  # fmt: skip
from crawler.app.runs import RUN_ID_STAT, close_run
from crawler.app.screening import ScreeningSetup
from crawler.distributed import serializer
from crawler.distributed.keys import INGEST_GROUP, CrawlKeys
from crawler.distributed.stream import WORKER_END, decode_item
from crawler.evidence import capture_records
from crawler.health import HealthRules
from crawler.identity import seller_key
from crawler.items import Listing, SellerProfile
from db.batch import batch_writes

logger = logging.getLogger(__name__)

BATCH = 500  # entries per transaction
SILENT_WORKER_SECONDS = 10  # a worker with no heartbeat for this long, and no lease, is gone
CLAIM_IDLE_MS = 30_000  # a dead ingest consumer's entries are taken over after this long


@dataclass
class IngestCounts:
    stats: dict[str, int] = field(default_factory=dict)
    worker_stats: dict[str, dict[str, Any]] = field(default_factory=dict)

    def inc(self, key: str, n: int = 1) -> None:
        self.stats[key] = self.stats.get(key, 0) + n


def store_item(db: Database, setup: ScreeningSetup, item: Listing | SellerProfile, run_id: int | None,
               counts: IngestCounts) -> None:  # fmt: skip
    """Screen and record one item as the single-machine pipelines do (match, store, evidence)."""
    if isinstance(item, SellerProfile):
        record_seller(db, SellerRecord(
            platform=item.platform, seller_key=item.seller_key, url=item.url, name=item.name,
            location=item.location, contacts=tuple(item.contacts), attributes=dict(item.attributes),
        ))  # fmt: skip
        counts.inc("sellers/profiles")
        return
    result = setup.screen(item.to_dict())
    item.category = result.category
    listing = ListingRecord.from_mapping({**item.to_dict(), "seller_key": seller_key(item.seller_url, item.seller_name)})
    recorded = record_listing(db, setup, listing, result, run_id=run_id)
    stored = recorded.listing
    counts.inc("listings/new" if stored.created else "listings/changed" if stored.changed else "listings/unchanged")
    if recorded.hit.created:
        counts.inc("hits/new")
    elif recorded.hit.updated:
        counts.inc("hits/updated")
    if recorded.needs_evidence and item.capture is not None:
        warc = capture_records(item.capture)
        record_evidence(db, EvidenceRecord(
            listing_id=stored.listing_id, version=stored.version, url=item.capture.url, status=item.capture.status,
            captured_at=item.capture.captured_at, record_id=warc.record_id, sha256=warc.sha256, warc=warc.data,
        ))  # fmt: skip
        counts.inc("evidence/records")


class StreamIngest:
    """One consumer of a crawl's item stream, writing into one store."""

    def __init__(self, db: Database, server: Any, crawl: str, setup: ScreeningSetup, *, consumer: str,
                 run_id: int | None, batch: int = BATCH, claim_idle_ms: int = CLAIM_IDLE_MS) -> None:  # fmt: skip
        self.db, self.server, self.keys, self.setup = db, server, CrawlKeys(crawl), setup
        self.consumer, self.run_id, self.batch, self.claim_idle_ms = consumer, run_id, batch, claim_idle_ms
        self.counts = IngestCounts()
        self._own_pending = True  # first read this consumer's unacknowledged entries (a restart)
        try:
            server.xgroup_create(self.keys.items, INGEST_GROUP, id="0", mkstream=True)
        except Exception as exc:  # the group exists already: another ingest, or an earlier run
            if "BUSYGROUP" not in str(exc):
                raise

    def _read(self, block_ms: int) -> list[tuple[bytes, dict[bytes, bytes]]]:
        k = self.keys.items
        if self._own_pending:
            got = self.server.xreadgroup(INGEST_GROUP, self.consumer, {k: "0"}, count=self.batch)
            entries = got[0][1] if got else []
            if entries:
                return list(entries)
            self._own_pending = False
        claimed = self.server.xautoclaim(k, INGEST_GROUP, self.consumer, self.claim_idle_ms, "0-0", count=self.batch)
        if claimed and claimed[1]:
            self.counts.inc("ingest/claimed", len(claimed[1]))
            return [e for e in claimed[1] if e[1]]
        got = self.server.xreadgroup(INGEST_GROUP, self.consumer, {k: ">"}, count=self.batch, block=block_ms)
        return list(got[0][1]) if got else []

    def step(self, block_ms: int = 1000, *, before_commit: Callable[[int], None] | None = None) -> int:
        """Store one batch in one transaction, then acknowledge it; the number of entries taken."""
        entries = self._read(block_ms)
        if not entries:
            return 0
        with batch_writes(self.db):
            for _, fields in entries:
                kind = fields[b"kind"].decode()
                if kind == WORKER_END:
                    end = serializer.loads(fields[b"data"])
                    self.counts.worker_stats[end["worker"]] = end["stats"]
                    continue
                store_item(self.db, self.setup, decode_item(kind, fields[b"data"]), self.run_id, self.counts)
            if before_commit is not None:
                before_commit(len(entries))  # tests kill the ingest here: mid-batch, nothing committed
        ids = [entry_id for entry_id, _ in entries]
        self.server.xack(self.keys.items, INGEST_GROUP, *ids)
        self.server.xdel(self.keys.items, *ids)
        self.counts.inc("ingest/entries", len(entries))
        return len(entries)

    def backlog(self) -> int:
        """Entries not yet stored: undelivered plus delivered and unacknowledged."""
        return int(self.server.xlen(self.keys.items))

    def crawl_done(self) -> bool:
        """Seeded, nothing queued or leased, every worker ended, and every entry stored."""
        s, k = self.server, self.keys
        if not s.exists(k.seeded) or s.zcard(k.requests) or s.zcard(k.processing):
            return False
        workers = s.hgetall(k.workers)
        if not workers or self.backlog():
            return False
        # A worker killed without ending is silent: once nothing is leased, it holds nothing.
        now, beats = int(s.time()[0]), s.hgetall(k.worker_beats)
        return all(v == b"ended" or now - int(beats.get(w, 0)) > SILENT_WORKER_SECONDS for w, v in workers.items())


def merged_stats(counts: IngestCounts, run_id: int | None) -> dict[str, Any]:
    """The workers' crawl stats summed, with what the ingest stored: the run's stats."""
    merged: dict[str, Any] = {}
    for stats in counts.worker_stats.values():
        for key, value in stats.items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                merged[key] = merged.get(key, 0) + value
            elif isinstance(value, list):
                merged[key] = list(dict.fromkeys([*merged.get(key, []), *value]))
    merged.update(counts.stats)
    merged["distributed/workers"] = len(counts.worker_stats)
    merged[RUN_ID_STAT] = run_id
    return merged


def finish(db: Database, ingest: StreamIngest, spider: str, rules: HealthRules | None) -> Mapping[str, Any]:
    """Close the run record with the merged stats and the site's health checks."""
    stats = merged_stats(ingest.counts, ingest.run_id)
    if ingest.run_id:
        reasons = {str(s.get("finish_reason", "")) for s in ingest.counts.worker_stats.values()}
        close_run(db, ingest.run_id, spider, stats, "finished" if reasons <= {"finished"} else ",".join(sorted(reasons)), rules)
    return stats


def seed_crawl(db: Database, server: Any, crawl: str, spider: str, spider_args: Mapping[str, str],
               overrides: Mapping[str, Any]) -> int:  # fmt: skip
    """Open the run record and write the job every worker runs; the run id. The first worker to
    start runs the spider's ``start()`` into the shared queue."""
    from crawler.app.runs import open_run
    from crawler.distributed.job import CrawlJob, RedisRefusedError

    keys = CrawlKeys(crawl)
    if server.exists(keys.job):
        raise RedisRefusedError(f"a distributed crawl {crawl!r} is already in this Redis; ingest it to the end "
                                "first, or choose another --crawl name")  # fmt: skip
    notes = [f"distributed crawl {crawl!r}: workers share the queue in Redis; this host ingests"]
    notes += [f"setting override: {k}={v!r}" for k, v in overrides.items()]
    start_url = spider_args.get("start_url", spider_args.get("base_url", ""))
    run_id = open_run(db, spider, start_url=start_url, args=dict(spider_args), notes=notes)
    CrawlJob(spider=spider, spider_args=dict(spider_args), run_id=run_id, overrides=dict(overrides)).write(server, crawl)
    return run_id


def health_rules_of(spider: str, spider_args: Mapping[str, str]) -> HealthRules | None:
    """The site's health rules, as its spider builds them (site profiles have their own)."""
    from crawler.runner import _loader

    instance = _loader().load(spider)(**spider_args)
    rules = getattr(instance, "health", None)
    return rules if isinstance(rules, HealthRules) else None


def clear_crawl(server: Any, crawl: str) -> None:
    """Remove a finished crawl's keys (queue, leases, duplicate filter, stream, job) from Redis."""
    server.delete(*CrawlKeys(crawl).all())
    for key in server.scan_iter(match=CrawlKeys(crawl).politeness("*")):
        server.delete(key)
