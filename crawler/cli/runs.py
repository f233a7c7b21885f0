"""The crawl history: did last night's crawl break?"""

from __future__ import annotations

import click

from crawler.cli.context import AppContext, pass_app
from crawler.cli.render import as_json, table
from db.statuses import RUN_STATUSES


@click.command()
@click.option("--site", "spider", default=None, help="Only runs of this spider (site profile name, or discover).")
@click.option("--status", "statuses", multiple=True, type=click.Choice(RUN_STATUSES), help="Only runs in this status.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True, help="At most this many runs.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def runs(app: AppContext, spider: str | None, statuses: tuple[str, ...], limit: int, fmt: str) -> None:
    """List crawl runs, newest first, with their health: status, pages, listings, hits and the cause
    of a run that ended broken, failed or interrupted."""
    from db.runs import list_runs, spider_names_with_runs

    with app.store() as db:
        if spider and spider not in spider_names_with_runs(db):
            known = ", ".join(spider_names_with_runs(db)) or "none yet"
            raise click.ClickException(f"no runs of {spider!r}; sites with runs: {known}")
        rows = list_runs(db, spider=spider, statuses=statuses, limit=limit)
    if fmt == "json":
        click.echo(as_json(rows))
        return
    if not rows:
        click.echo("No runs match.")
        return
    shown = []
    for r in rows:
        g = r["stats"].get
        health = [n for n in r["notes"] if n.startswith("health")]
        shown.append({
            "id": r["id"], "site": r["spider"], "started": r["started_at"], "status": r["status"],
            "pages": g("pages/parsed", 0), "blocked": g("pages/blocked", 0), "broken": g("pages/broken", 0),
            "listings": int(g("listings/new", 0)) + int(g("listings/changed", 0)) + int(g("listings/unchanged", 0)),
            "hits_new": g("hits/new", 0), "cause": r["cause"] or (health[0] if health else ""),
        })  # fmt: skip
    columns = ("id", "site", "started", "status", "pages", "blocked", "broken", "listings", "hits_new", "cause")
    click.echo(table(shown, columns))
