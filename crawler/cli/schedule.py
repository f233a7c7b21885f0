"""`originwatch schedule ...`: the scheduled-crawl daemon, its cron-friendly `tick`, and its controls."""

from __future__ import annotations

import getpass
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING

import click

from crawler.cli.context import AppContext, pass_app

if TYPE_CHECKING:
    from crawler.app.schedule_config import ScheduleConfig
    from db.schedule import ScheduledRun

DEFAULT_SCHEDULE = Path("schedule.yml")
WAIT_SECONDS = 15.0


def _config_path(path: str | None) -> Path:
    return Path(path or os.environ.get("ORIGINWATCH_SCHEDULE") or DEFAULT_SCHEDULE)


CONFIG_KEY = "originwatch.schedule_file"


def _config_file(ctx: click.Context) -> Path:
    return Path(ctx.meta[CONFIG_KEY])


def _config(ctx: click.Context) -> ScheduleConfig:
    from crawler.app.schedule_config import DataFileError, load_schedule

    try:
        return load_schedule(_config_file(ctx))
    except DataFileError as exc:
        raise click.ClickException(f"schedule file:\n{exc}") from None


@click.group()
@click.option(
    "--config", "config_path", default=None, metavar="FILE",
    help="The schedule file (default: $ORIGINWATCH_SCHEDULE, else schedule.yml here); "
    "see crawler/schedule/example.yml.",
)  # fmt: skip
@click.pass_context
def schedule(ctx: click.Context, config_path: str | None) -> None:
    """Scheduled crawls: the daemon (`run`), a run-once `tick` for cron, and run-now / pause / resume."""
    ctx.meta[CONFIG_KEY] = str(_config_path(config_path))  # meta is shared with the subcommands


def _runner(ctx: click.Context, app: AppContext) -> object:
    from crawler.app.schedule import SiteRunner, check_sites

    config = _config(ctx)
    try:
        check_sites(config)
    except ValueError as exc:
        raise click.ClickException(f"{_config_file(ctx)}: {exc}") from None
    return SiteRunner(config, app.db_path)


@schedule.command("run")
@click.option("-v", "--verbose", is_flag=True, help="Log every run to standard error too, not only to the log file.")
@pass_app
@click.pass_context
def run_daemon(ctx: click.Context, app: AppContext, verbose: bool) -> None:
    """Run the scheduler until SIGTERM or Ctrl-C (a systemd service, or a terminal).

    Jobs are rebuilt from the schedule file at every start; a run missed while the daemon was down
    runs once on start (within the misfire grace time, 24 h by default). Each crawl is a child process
    killed at its site's hard timeout. Logs go to the schedule's rotating log file.
    """
    from crawler.cli.progress import configure_logging
    from crawler.schedule.daemon import Daemon

    runner = _runner(ctx, app)
    config = _config(ctx)
    assert config.log_file is not None
    configure_logging(config.log_file, verbose=verbose)
    click.echo(f"scheduler: {len(config.sites)} site(s), store {app.db_path}, log {config.log_file}", err=True)
    Daemon(runner).serve()  # type: ignore[arg-type]


@schedule.command("tick")
@click.option("-v", "--verbose", is_flag=True, help="Log to standard error too.")
@pass_app
@click.pass_context
def tick_command(ctx: click.Context, app: AppContext, verbose: bool) -> None:
    """Run what is due and exit: for cron (`* * * * * originwatch schedule tick`) instead of the daemon.

    Applies pending run-now / pause / resume rows, runs each site whose schedule fired since the last
    tick (once, however many fires were missed within the grace time), and sends the digest when due.
    """
    from crawler.app.digest import send_digest
    from crawler.app.schedule import tick
    from crawler.cli.progress import configure_logging

    runner = _runner(ctx, app)
    config = _config(ctx)
    assert config.log_file is not None
    configure_logging(config.log_file, verbose=verbose)
    report = tick(runner)  # type: ignore[arg-type]
    for line in report.commands:
        click.echo(f"command: {line}")
    for run in report.ran:
        click.echo(_run_line(run))
    for site in report.missed:
        click.echo(f"{site}: missed (past the grace time)")
    for site in report.waiting:
        click.echo(f"{site}: due, waiting for its window")
    if report.digest_due:
        result = send_digest(config, app.db_path)
        click.echo(f"digest {result.digest_id}: {result.status}")
    if not (report.ran or report.commands or report.digest_due):
        click.echo("nothing due")


@schedule.command("list")
@pass_app
@click.pass_context
def list_command(ctx: click.Context, app: AppContext) -> None:
    """The scheduled sites: cron, window, timeout, keywords, paused or next run, last run."""
    from db.schedule import last_runs, pending_commands, site_states

    config = _config(ctx)
    with app.store(create=True) as db:
        states, runs, pending = site_states(db), last_runs(db), pending_commands(db)
    for site in config.sites:
        state = states.get(site.site)
        when = "paused" if state and state.paused else f"next {_short(state.next_run) if state else '-'}"
        run = runs.get(site.site)
        last = f"last {run.status} {_short(run.started_at)}" if run else "never run"
        waiting = [c.command for c in pending if c.site == site.site]
        extra = f" (pending: {', '.join(waiting)})" if waiting else ""
        click.echo(f"{site.site}  [{site.cron}]  {when}  {last}{extra}")
        details = [f"spider {site.spider_name}", f"timeout {site.timeout:g} s"]
        if site.window:
            details.append(f"window {site.window}")
        if site.jitter:
            details.append(f"jitter {site.jitter:g} s")
        if site.page_limit:
            details.append(f"page limit {site.page_limit}")
        if site.keywords:
            details.append("keywords " + ", ".join(site.keywords))
        click.echo("    " + "; ".join(details))


def _command(ctx: click.Context, app: AppContext, site: str, command: str, wait: float) -> None:
    from crawler.app.schedule import request
    from db.schedule import get_command

    config = _config(ctx)
    try:
        command_id = request(app.db_path, config, site, command, by=_who())
    except KeyError:
        raise click.BadParameter(f"no site {site!r} in {_config_file(ctx)}; known: {', '.join(config.site_names())}",
                                 param_hint="SITE") from None  # fmt: skip
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        with app.store() as db:
            row = get_command(db, command_id)
        if row.handled_at:
            click.echo(f"{command} {site}: {row.outcome}")
            return
        time.sleep(0.2)
    click.echo(
        f"{command} {site}: queued as command {command_id}; no scheduler picked it up within {wait:g} s "
        "(the daemon or the next `schedule tick` will)"
    )


def _who() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""


_wait = click.option(
    "--wait", type=float, default=WAIT_SECONDS, show_default=True,
    help="Seconds to wait for the scheduler to confirm (0: just leave the command).",
)  # fmt: skip


@schedule.command("run-now")
@click.argument("site")
@_wait
@pass_app
@click.pass_context
def run_now(ctx: click.Context, app: AppContext, site: str, wait: float) -> None:
    """Ask the scheduler to crawl SITE now (outside its window too; a running crawl of it is not doubled)."""
    _command(ctx, app, site, "run-now", wait)


@schedule.command("pause")
@click.argument("site")
@_wait
@pass_app
@click.pass_context
def pause(ctx: click.Context, app: AppContext, site: str, wait: float) -> None:
    """Stop scheduling SITE until `resume` (kept across restarts; a running crawl finishes)."""
    _command(ctx, app, site, "pause", wait)


@schedule.command("resume")
@click.argument("site")
@_wait
@pass_app
@click.pass_context
def resume(ctx: click.Context, app: AppContext, site: str, wait: float) -> None:
    """Schedule SITE again from now on (fires missed while paused are not run)."""
    _command(ctx, app, site, "resume", wait)


@schedule.command("history")
@click.argument("site", required=False)
@click.option("--limit", type=int, default=20, show_default=True, help="How many runs, newest first.")
@pass_app
def history(app: AppContext, site: str | None, limit: int) -> None:
    """Scheduled runs, newest first: status, pages, listings and hits new/changed, errors, blocks, health."""
    from db.schedule import scheduled_runs

    with app.store() as db:
        runs = scheduled_runs(db, site=site, limit=limit)
    if not runs:
        click.echo("no scheduled runs yet" + (f" of {site}" if site else ""))
    for run in runs:
        click.echo(_run_line(run))
        if run.cause:
            click.echo(f"    {run.cause}")
        for note in run.health:
            click.echo(f"    health: {note}")


@schedule.command("digest")
@click.option("--print", "print_only", is_flag=True, help="Print the text digest instead of sending it.")
@pass_app
@click.pass_context
def digest_command(ctx: click.Context, app: AppContext, print_only: bool) -> None:
    """Send the digest of hits new or changed since the last one now (or --print it)."""
    from crawler.app.digest import build_digest, render, send_digest

    config = _config(ctx)
    if config.digest is None:
        raise click.ClickException(f"{_config_file(ctx)} has no digest section")
    with app.store():
        pass  # refuse a missing store before building anything
    if print_only:
        click.echo(render(build_digest(config.digest, app.db_path), config.digest.templates).text)
        return
    result = send_digest(config, app.db_path)
    click.echo(f"digest {result.digest_id}: {result.status} ({result.attempts} attempt(s)): {result.subject}")
    if result.status in ("failed", "partial"):
        raise SystemExit(1)


def _short(stamp: str | None) -> str:
    return stamp[:19].replace("T", " ") if stamp else "-"


def _run_line(run: ScheduledRun) -> str:
    status = run.status.replace("_", " ")
    head = f"{run.id:>5}  {_short(run.started_at)}  {run.site}  {run.trigger}  {status}"
    if run.status in ("skipped", "missed"):
        return f"{head}: {run.cause}"
    return (
        f"{head}  pages {run.pages}, listings {run.listings_new} new / {run.listings_changed} changed, "
        f"hits {run.hits_new} new / {run.hits_changed} changed, errors {run.errors}, blocks {run.blocks}"
        + (f", crawl run {run.crawl_run_id}" if run.crawl_run_id else "")
    )
