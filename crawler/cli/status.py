"""`originwatch status`: scheduled sites with their health and next run, the queue, the lists in force."""

from __future__ import annotations

import click

from crawler.cli.context import AppContext, pass_app


@click.command("status")
@click.option("--config", "config_path", default=None, metavar="FILE",
              help="Also list the sites of this schedule file that have not run yet.")  # fmt: skip
@pass_app
def status_command(app: AppContext, config_path: str | None) -> None:
    """Last run per site with its health (failed, timed out, broken, or far fewer listings than its
    history are flagged), next run per site, queue counts by status, watchlist versions in force.

    Exits with status 1 when a site is flagged, so a monitoring check can call it.
    """
    from crawler.app.status import status

    names: list[str] = []
    if config_path:
        from pathlib import Path

        from crawler.app.schedule_config import DataFileError, load_schedule

        try:
            names = load_schedule(Path(config_path)).site_names()
        except DataFileError as exc:
            raise click.ClickException(f"schedule file:\n{exc}") from None
    with app.store() as db:
        report = status(db, sites=names)
    click.echo(f"status at {report.generated_at}")
    click.echo("sites:" if report.sites else "sites: none scheduled yet (see `originwatch schedule --help`)")
    for site in report.sites:
        run = site.last_run
        mark = "!!" if site.flags else "ok"
        last = (
            f"last run {run.id} {run.status.replace('_', ' ')} {run.started_at[:16].replace('T', ' ')}, "
            f"{run.listings} listing(s)"
            if run
            else "never run"
        )
        typical = f" (usually {site.typical_listings:g})" if site.typical_listings is not None else ""
        when = "paused" if site.paused else f"next {site.next_run[:19].replace('T', ' ') if site.next_run else '-'}"
        click.echo(f"  {mark} {site.site}: {last}{typical}; {when}")
        for flag in site.flags:
            click.echo(f"       {flag}")
    queue = ", ".join(f"{status} {n}" for status, n in sorted(report.queue.items())) or "empty"
    click.echo(f"queue: {queue}")
    click.echo("lists in force:" if report.lists else "lists in force: none (crawls load the bundled list)")
    for item in report.lists:
        click.echo(
            f"  {item.source} version {item.version_id}, {item.entity_count} entities, imported {item.imported_at}"
        )
    if report.digest_next:
        click.echo(f"next digest: {report.digest_next[:19].replace('T', ' ')}")
    if report.flagged:
        raise SystemExit(1)
