"""Commands that crawl: the bundled demo, named spiders and the generic discovery spider."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from crawler.cli.context import AppContext, pass_app, program_hint
from crawler.limits import failure_lines

if TYPE_CHECKING:
    from crawler.app.crawl import CrawlOptions, CrawlReport

F = TypeVar("F", bound=Callable[..., Any])
RESUME_OPTION = click.option(
    "--resume", is_flag=True,
    help="Continue the last interrupted run of this spider (and start URL): fetch what it left pending, "
    "not what it finished. Nothing is stored twice.",
)  # fmt: skip


def run_options(command: F) -> F:
    """The options every crawling command shares: a page cap, setting overrides, the robots override,
    screening with no list, and where the log goes."""
    for option in reversed(
        (
            click.option(
                "--max-pages", type=click.IntRange(min=1), default=None,
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
            click.option(
                "--no-watchlist", is_flag=True,
                help="On a store with no watchlist, screen with the origin rules alone instead of loading the "
                "bundled list. Written to the run record.",
            ),
            click.option(
                "--verbose", is_flag=True,
                help="Show Scrapy's log (stats, settings) on the terminal instead of writing it to DB.crawl.log.",
            ),
        )
    ):  # fmt: skip
        command = option(command)
    return command


def _options(max_pages: int | None, settings: tuple[str, ...], ignore_robots: bool, no_watchlist: bool,
             verbose: bool) -> CrawlOptions:  # fmt: skip
    from crawler.app.crawl import CrawlOptions

    return CrawlOptions(
        max_pages=max_pages, ignore_robots=ignore_robots, settings=dict(_pairs(settings, "-s")),
        no_watchlist=no_watchlist, verbose=verbose,
    )  # fmt: skip


@click.command()
@click.option("--quiet", is_flag=True, help="Print only the summary.")
@run_options
@pass_app
def demo(app: AppContext, /, quiet: bool, **options: Any) -> None:
    """Crawl the bundled demo marketplace and fill the review queue.

    Starts the demo site on a free port on 127.0.0.1 (no network needed), loads the bundled watchlist
    if this database has no list, crawls the site with the real spider, engine, matchers and store,
    and prints pages, listings and hits by reason. Running it again adds no listing and no hit.
    """
    from crawler.app.crawl import crawl_demo

    def started(url: str) -> None:
        if not quiet:
            click.echo(f"Demo marketplace at {url}/ ; crawling it ...")

    _finish(app, _guard(lambda: crawl_demo(app.db_path, _options(**options), on_start=started)))


@click.command()
@click.argument("spider")
@click.option("-a", "spider_args", multiple=True, metavar="NAME=VALUE", help="Spider argument (repeatable).")
@RESUME_OPTION
@click.option("--distributed", is_flag=True,
              help="Seed a distributed crawl in Redis instead (see `originwatch worker`, `originwatch ingest`).")
@click.option("--redis", "redis_url", envvar="ORIGINWATCH_REDIS", default=None, metavar="URL",
              help="With --distributed: redis://[user]:PASSWORD@host:port/0 (default: $ORIGINWATCH_REDIS).")
@click.option("--crawl", "crawl_name", default="default", metavar="NAME", help="With --distributed: the crawl's name.")
@run_options
@pass_app
def crawl(app: AppContext, /, spider: str, spider_args: tuple[str, ...], resume: bool, distributed: bool,
          redis_url: str | None, crawl_name: str, **options: Any) -> None:  # fmt: skip
    """Run the named spider (see `originwatch spiders`) and store what it finds.

    Exits 0 when the run finished; 1 when it ended broken, failed or interrupted, with the cause.
    """
    from crawler.app.crawl import crawl_site
    from crawler.app.resume import resume_crawl

    args = dict(_pairs(spider_args, "-a"))
    if distributed:
        from crawler.cli.distributed import seed

        if not redis_url:
            raise click.UsageError("--distributed needs --redis URL (or $ORIGINWATCH_REDIS)")
        return seed(app, redis_url, crawl_name, spider, args, _options(**options).overrides())
    run = resume_crawl if resume else crawl_site
    _finish(app, _guard(lambda: run(app.db_path, spider, args, _options(**options))))


@click.command("crawl-url")
@click.argument("url")
@RESUME_OPTION
@run_options
@pass_app
def crawl_url(app: AppContext, /, url: str, resume: bool, **options: Any) -> None:
    """Discover listings from one start URL: stay on its host, follow links and pagination.

    Exits 0 when the run finished; 1 when it ended broken, failed or interrupted, with the cause.
    """
    from crawler.app.crawl import DISCOVER
    from crawler.app.crawl import crawl_url as crawl_from
    from crawler.app.resume import resume_crawl

    if resume:
        _finish(app, _guard(lambda: resume_crawl(app.db_path, DISCOVER, {"start_url": url}, _options(**options))))
    else:
        _finish(app, _guard(lambda: crawl_from(app.db_path, url, _options(**options))))


@click.command("spiders")
def list_spiders() -> None:
    """List the spiders `originwatch crawl` can run."""
    from crawler.runner import spider_names

    for name in spider_names():
        click.echo(name)


def _guard(action: Callable[[], CrawlReport]) -> CrawlReport:
    from crawler.app.crawl import CrawlRefusedError
    from db.connection import StoreError

    try:
        return action()
    except CrawlRefusedError as exc:
        raise click.UsageError(str(exc)) from None
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None


def _pairs(pairs: tuple[str, ...], option: str) -> list[tuple[str, str]]:
    out = []
    for pair in pairs:
        if "=" not in pair:
            raise click.BadParameter(f"{pair!r} is not NAME=VALUE", param_hint=option)
        name, value = pair.split("=", 1)
        out.append((name.strip(), value))
    return out


def _finish(app: AppContext, report: CrawlReport) -> None:
    run, stats = report.run, report.run["stats"]
    g = stats.get
    if report.created_db:
        click.echo(f"Created the database {app.db_path.resolve()}")
    click.echo(f"Run {run['id']} ({run['spider']}): {run['status']}" + (f" — {run['cause']}" if run["cause"] else ""))
    click.echo(
        f"  pages: {g('pages/parsed', 0)} parsed, {g('pages/blocked', 0)} blocked, {g('pages/broken', 0)} broken"
    )
    for line in failure_lines(stats):  # each failure class on its own line (crawler/limits.py)
        click.echo(f"  failed: {line}")
    click.echo(
        f"  listings: {g('listings/new', 0)} new, {g('listings/changed', 0)} changed, "
        f"{g('listings/unchanged', 0)} unchanged"
    )
    click.echo(f"  hits: {g('hits/new', 0)} new, {g('hits/updated', 0)} updated")
    if report.by_priority:
        seen = ", ".join(f"{v} {k} priority" for k, v in sorted(report.by_priority.items()))
        click.echo(f"  in the queue for listings seen in this run: {seen}")
        click.echo("  hits by reason: " + ", ".join(f"{k} {v}" for k, v in report.by_reason.items()))
    for note in run["notes"]:
        click.echo(f"  note: {note}")
    if report.log_file is not None:
        click.echo(f"  log: {report.log_file}")
    click.echo(f"Review them: {program_hint(app)} hits --status new")
    if not report.ok:
        click.echo(f"error: run {run['id']} ended {run['status']}: {run['cause'] or 'see the notes above'}", err=True)
        sys.exit(1)
