"""Distributed crawling: seed a crawl into Redis, run workers on any number of machines, ingest
their items into this host's store (the one SQLite writer)."""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import click

from crawler.cli.context import AppContext, pass_app

REDIS_ENV = "ORIGINWATCH_REDIS"
REDIS_OPTION = click.option(
    "--redis", "redis_url", envvar=REDIS_ENV, required=True, metavar="URL",
    help=f"Redis with a password: redis://[user]:PASSWORD@host:port/0 (default: ${REDIS_ENV}).",
)  # fmt: skip
CRAWL_OPTION = click.option(
    "--crawl", "crawl_name", default="default", show_default=True, metavar="NAME",
    help="Name of the distributed crawl (its keys in Redis); seeder, workers and ingest use the same.",
)  # fmt: skip


def _connect(url: str) -> Any:
    from crawler.distributed.job import RedisRefusedError, connect

    try:
        return connect(url)
    except RedisRefusedError as exc:
        raise click.ClickException(str(exc)) from None


def seed(app: AppContext, redis_url: str, crawl_name: str, spider: str, spider_args: dict[str, str],
         overrides: dict[str, Any]) -> None:  # fmt: skip
    """``originwatch crawl SITE --distributed``: the run record here, the job in Redis."""
    from crawler.app.crawl import CrawlRefusedError
    from crawler.app.ingest import seed_crawl
    from crawler.distributed.job import RedisRefusedError
    from crawler.runner import check_spider_args, spider_names

    if spider not in spider_names():
        raise click.UsageError(f"no spider {spider!r}; known: {', '.join(spider_names())}")
    try:
        check_spider_args(spider, **spider_args)
    except (ValueError, TypeError, CrawlRefusedError) as exc:
        raise click.UsageError(str(exc)) from None
    server = _connect(redis_url)
    with app.store(create=True) as db:
        try:
            run_id = seed_crawl(db, server, crawl_name, spider, spider_args, overrides)
        except RedisRefusedError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Run {run_id} ({spider}) seeded as distributed crawl {crawl_name!r}.")
    click.echo(f"  start workers: originwatch worker --crawl {crawl_name} --redis URL   (any number, any host)")
    click.echo(f"  store on this host: originwatch --db {app.db_path} ingest --crawl {crawl_name} --redis URL")


@click.command()
@REDIS_OPTION
@CRAWL_OPTION
@click.option("--id", "worker_id", default=None, help="This worker's name (default: host-pid).")
@click.option("--lease", "lease_seconds", type=click.FloatRange(min=1), default=None,
              help="Seconds a request stays leased to this worker without renewal (default 120).")  # fmt: skip
@click.option("--log-file", type=click.Path(dir_okay=False), default=None, help="Scrapy's log (default: terminal).")
def worker(redis_url: str, crawl_name: str, worker_id: str | None, lease_seconds: float | None,
           log_file: str | None) -> None:  # fmt: skip
    """Crawl from a distributed crawl's shared queue and push items to its Redis stream.

    Needs no database. Ends when the queue is empty and no worker holds a request; a request in the
    hands of a worker that died comes back to the queue when its lease expires.
    """
    from pathlib import Path

    from crawler.distributed.job import CrawlJob, RedisRefusedError, default_worker_id
    from crawler.distributed.settings import LEASE_SECONDS
    from crawler.distributed.worker import run_worker

    server = _connect(redis_url)
    try:
        job = CrawlJob.read(server, crawl_name)
    except RedisRefusedError as exc:
        raise click.ClickException(str(exc)) from None
    name = worker_id or default_worker_id()
    stats = run_worker(redis_url, crawl_name, job, name, lease_seconds=lease_seconds or LEASE_SECONDS,
                       log_file=Path(log_file) if log_file else None)  # fmt: skip
    click.echo(f"Worker {name}: {stats.get('pages/parsed', 0)} pages parsed, {stats.get('stream/items', 0)} items "
               f"to the stream, {stats.get('leases/requeued_expired', 0)} expired leases requeued")  # fmt: skip


@click.command()
@REDIS_OPTION
@CRAWL_OPTION
@click.option("--consumer", default=None, help="This ingest's consumer name (default: host-pid); reuse it after a "
              "crash to take its unacknowledged entries back at once.")  # fmt: skip
@click.option("--batch", type=click.IntRange(min=1), default=500, show_default=True, help="Entries per transaction.")
@click.option("--follow/--until-done", default=False,
              help="Keep reading after the crawl ended (default: stop once every worker ended and all is stored).")
@click.option("--keep", is_flag=True, help="Keep the crawl's keys in Redis after it is done (default: remove).")
@pass_app
def ingest(app: AppContext, /, redis_url: str, crawl_name: str, consumer: str | None, batch: int, follow: bool,
           keep: bool) -> None:  # fmt: skip
    """Store a distributed crawl's items: screen, record and keep evidence, then close its run.

    The one SQLite writer of a distributed crawl. Entries are acknowledged only once committed; an
    ingest killed mid-batch loses nothing, and what it stored twice is the same listing (no new version).
    """
    from crawler.app.ingest import StreamIngest, clear_crawl, finish, health_rules_of
    from crawler.app.screening import build_screener
    from crawler.distributed.job import CrawlJob, RedisRefusedError, default_worker_id

    server = _connect(redis_url)
    try:
        job = CrawlJob.read(server, crawl_name)
    except RedisRefusedError as exc:
        raise click.ClickException(str(exc)) from None
    with app.store(create=True) as db:
        setup = build_screener(db, allow_no_list=bool(job.overrides.get("ORIGINWATCH_NO_WATCHLIST")))
        stream = StreamIngest(db, server, crawl_name, setup, consumer=consumer or default_worker_id(),
                              run_id=job.run_id, batch=batch)  # fmt: skip
        hook = _test_kill_hook()
        last = time.monotonic()
        while True:
            taken = stream.step(1000, before_commit=hook)
            if not taken and not follow and stream.crawl_done():
                break
            if time.monotonic() - last > 10:
                last = time.monotonic()
                click.echo(f"  stored {stream.counts.stats.get('ingest/entries', 0)} entries; "
                           f"{stream.backlog()} waiting", err=True)  # fmt: skip
        stats = finish(db, stream, job.spider, health_rules_of(job.spider, job.spider_args))
    if not keep:
        clear_crawl(server, crawl_name)
    g = stats.get
    click.echo(f"Run {job.run_id} ({job.spider}): {g('distributed/workers', 0)} worker(s), "
               f"{g('pages/parsed', 0)} pages parsed")  # fmt: skip
    click.echo(f"  listings: {g('listings/new', 0)} new, {g('listings/changed', 0)} changed, "
               f"{g('listings/unchanged', 0)} unchanged; hits: {g('hits/new', 0)} new")  # fmt: skip


def _test_kill_hook() -> Any:
    """Tests kill the ingest mid-batch: with $ORIGINWATCH_TEST_INGEST_PAUSE, it sleeps before each commit."""
    pause = float(os.environ.get("ORIGINWATCH_TEST_INGEST_PAUSE", "0") or 0)
    if not pause:
        return None

    def hook(entries: int) -> None:
        print(f"batch of {entries} before commit", file=sys.stderr, flush=True)
        time.sleep(pause)

    return hook
