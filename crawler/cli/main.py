"""originwatch: find goods made by forced labour in North Korean prison camps as they are sold online.

Every hit is a lead for a person to judge, never a verdict; every score says why.
"""

from __future__ import annotations

import click

from crawler.cli import crawl, distributed, evidence, queue, runs, schedule, screen, search, status, tools, watchlist
from crawler.cli import export as export_cli
from crawler.cli import serve as serve_cli
from crawler.cli import users as users_cli
from crawler.cli.context import AppContext
from db import resolve_db_path


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite database (default: $ORIGINWATCH_DB, else originwatch.db in the working directory).",
)
@click.version_option(package_name="originwatch")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None) -> None:
    """Crawl marketplaces, screen listings against watchlists and origin rules, review the hits."""
    ctx.obj = AppContext(resolve_db_path(db_path))


for command in (
    crawl.demo,
    crawl.crawl,
    crawl.crawl_url,
    crawl.list_spiders,
    watchlist.watchlist,
    queue.hits,
    queue.review,
    queue.assign,
    search.search,
    search.listing,
    runs.runs,
    screen.match,
    screen.eval_command,
    screen.rescan,
    tools.extract,
    evidence.evidence,
    serve_cli.serve,
    users_cli.users,
    export_cli.export,
    schedule.schedule,
    status.status_command,
    distributed.worker,
    distributed.ingest,
):
    cli.add_command(command)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
