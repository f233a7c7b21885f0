"""Commands that crawl: the bundled demo, named spiders and the generic discovery spider."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from crawler.cli.context import AppContext, pass_app
from crawler.demo import SITE_ROOT
from crawler.demo.server import serve_in_thread
from crawler.runner import check_spider_args, run_crawl, spider_names
from crawler.spiders.discover import DiscoverSpider
from db import open_db
from db.hits import priority_counts, reason_counts
from db.runs import get_run
from watchlists.service import ensure_bundled

F = TypeVar("F", bound=Callable[..., Any])

# Against our own server on 127.0.0.1 only: no delay is needed to be polite to ourselves.
DEMO_OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_START_DELAY": 0,
    "DOWNLOAD_DELAY_JITTER": 0,
    "ORIGINWATCH_BLOCK_BACKOFF": 0,
    "LOG_LEVEL": "WARNING",
}


@click.command()
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@pass_app
def demo(app: AppContext, quiet: bool) -> None:
    """Crawl the bundled demo marketplace and fill the review queue.

    Starts the demo site on a free port on 127.0.0.1 (no network needed), loads the bundled watchlist
    if this database lacks it, crawls the site with the real spider, engine, matchers and store,
    and prints pages, listings and hits by reason. Running it again adds no listing and no hit.
    """
    db = open_db(app.db_path)
    version = ensure_bundled(db)
    if version and not quiet:
        click.echo(f"Loaded the bundled watchlist as version {version}.")
    db.close()
    with serve_in_thread(SITE_ROOT) as server:
        if not quiet:
            click.echo(f"Demo marketplace at {server.url}/ ; crawling it ...")
        run_id, _ = run_crawl(DiscoverSpider, app.db_path, overrides=DEMO_OVERRIDES, start_url=server.url + "/")
    _summary(app, run_id)


def run_options(command: F) -> F:
    """The options every crawling command shares: a page cap, setting overrides, the robots override."""
    for option in reversed(
        (
            click.option(
                "--max-pages", type=int, default=None,
                help="Stop the crawl after this many pages fetched in all (a hard stop; see also the spider's "
                "own -a max_pages).",
            ),
            click.option(
                "-s", "--set", "settings", multiple=True, metavar="NAME=VALUE",
                help="Override a Scrapy setting for this run (repeatable); every override is written to the run "
                "record.",
            ),
            click.option(
                "--ignore-robots", is_flag=True,
                help="Do not obey robots.txt for this run. An explicit operator override, logged in the run record.",
            ),
        )
    ):  # fmt: skip
        command = option(command)
    return command


@click.command()
@click.argument("spider")
@click.option("-a", "spider_args", multiple=True, metavar="NAME=VALUE", help="Spider argument (repeatable).")
@run_options
@pass_app
def crawl(
    app: AppContext,
    spider: str,
    spider_args: tuple[str, ...],
    max_pages: int | None,
    settings: tuple[str, ...],
    ignore_robots: bool,
) -> None:
    """Run the named spider (see `originwatch spiders`) and store what it finds."""
    if spider not in spider_names():
        raise click.BadParameter(f"no spider {spider!r}; known: {', '.join(spider_names())}", param_hint="SPIDER")
    kwargs = dict(_parse_args(spider_args))
    try:
        check_spider_args(spider, **kwargs)
    except (ValueError, TypeError) as exc:
        raise click.BadParameter(str(exc), param_hint="-a") from None
    overrides = _overrides(max_pages, ignore_robots, settings)
    run_id, _ = run_crawl(spider, app.db_path, overrides=overrides, **kwargs)
    _summary(app, run_id)


@click.command("crawl-url")
@click.argument("url")
@run_options
@pass_app
def crawl_url(app: AppContext, url: str, max_pages: int | None, settings: tuple[str, ...], ignore_robots: bool) -> None:
    """Discover listings from one start URL: stay on its host, follow links and pagination."""
    try:
        check_spider_args(DiscoverSpider, start_url=url)
    except ValueError as exc:
        raise click.BadParameter(str(exc), param_hint="URL") from exc
    overrides = _overrides(max_pages, ignore_robots, settings)
    run_id, _ = run_crawl(DiscoverSpider, app.db_path, overrides=overrides, start_url=url)
    _summary(app, run_id)


@click.command("spiders")
def list_spiders() -> None:
    """List the spiders `originwatch crawl` can run."""
    for name in spider_names():
        click.echo(name)


def _overrides(max_pages: int | None, ignore_robots: bool, settings: tuple[str, ...] = ()) -> dict[str, Any]:
    overrides: dict[str, Any] = dict(_parse_args(settings, "-s"))
    if max_pages:
        overrides["CLOSESPIDER_PAGECOUNT"] = max_pages
    if ignore_robots:
        overrides["ROBOTSTXT_OBEY"] = False
    return overrides


def _parse_args(pairs: tuple[str, ...], option: str = "-a") -> list[tuple[str, str]]:
    out = []
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint=option)
        name, value = pair.split("=", 1)
        out.append((name.strip(), value))
    return out


def _summary(app: AppContext, run_id: int) -> None:
    db = open_db(app.db_path)
    run = get_run(db, run_id)
    stats = run["stats"]
    by_reason = {k: v for k, v in reason_counts(db, run_id=run_id).items() if k != "category"}
    by_priority = priority_counts(db, run_id=run_id)
    db.close()
    g = stats.get
    click.echo(f"Run {run_id} ({run['spider']}): {run['status']}")
    click.echo(
        f"  pages: {g('pages/parsed', 0)} parsed, {g('pages/blocked', 0)} blocked, {g('pages/broken', 0)} broken"
    )
    click.echo(
        f"  listings: {g('listings/new', 0)} new, {g('listings/changed', 0)} changed, "
        f"{g('listings/unchanged', 0)} unchanged"
    )
    click.echo(f"  hits: {g('hits/new', 0)} new, {g('hits/updated', 0)} updated")
    if by_priority:
        seen = ", ".join(f"{v} {k} priority" for k, v in sorted(by_priority.items()))
        click.echo(f"  in the queue for listings seen in this run: {seen}")
        click.echo("  hits by reason: " + ", ".join(f"{k} {v}" for k, v in by_reason.items()))
    for note in run["notes"]:
        click.echo(f"  note: {note}")
    program = sys.argv[0] if sys.argv[0].endswith("originwatch") else "originwatch"
    db_opt = f" --db {app.db_path}" if str(app.db_path) != "originwatch.db" else ""
    click.echo(f"Review them: {program}{db_opt} hits --status new")
