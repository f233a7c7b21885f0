"""Scheduled crawls: run one site now, handle command rows, and `tick` (run what is due, then exit).

The APScheduler daemon (``crawler/schedule/daemon.py``) and the cron-driven ``schedule tick`` both
call these. A run is claimed in the store first (one transaction), so one site's runs never overlap,
whichever process starts them; the crawl itself is ``originwatch crawl`` in a child process under the
site's hard timeout; its outcome is read back from the crawl's own run record; and when the lists
changed since the archive was last re-screened, the archive is re-screened (also in a child process).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from crawler.app.schedule_config import ScheduleConfig, SiteSchedule
from crawler.app.schedule_process import Child, owner_alive, process_owner
from crawler.health import stored_listings
from db.connection import opened
from db.schedule import (
    DIGEST_STATE,
    RunOutcome,
    ScheduledRun,
    add_command,
    claim_run,
    crawl_run_after,
    finish_scheduled_run,
    get_scheduled_run,
    last_rescan_versions,
    mark_command,
    newest_crawl_run_id,
    pending_commands,
    record_not_run,
    set_run_rescan,
    set_worker,
    site_state,
    update_state,
)
from db.watchlists import latest_versions

log = logging.getLogger(__name__)

CommandBuilder = Callable[[SiteSchedule, Path], list[str]]
RESCAN_TIMEOUT_SECONDS = 4 * 3600.0
MAX_FIRES_SCANNED = 100_000  # a tick after a long outage walks at most this many missed fire times
_rescan_lock = threading.Lock()


def crawl_command(site: SiteSchedule, db_path: Path) -> list[str]:
    """The crawl a scheduled run starts: exactly what an operator would type."""
    command = [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "crawl", site.spider_name]
    for name, value in site.spider_args().items():
        command += ["-a", f"{name}={value}"]
    for name, setting in site.settings.items():
        command += ["-s", f"{name}={setting}"]
    if site.page_limit:
        command += ["--max-pages", str(site.page_limit)]
    return command


def rescan_command(db_path: Path) -> list[str]:
    return [sys.executable, "-m", "crawler.app.schedule_rescan", "--db", str(db_path)]


def check_sites(config: ScheduleConfig) -> None:
    """Refuse unknown spiders and bad spider arguments at start, not at the first fire (imports Scrapy)."""
    from crawler.runner import check_spider_args, spider_names

    known = spider_names()
    for site in config.sites:
        if site.spider_name not in known:
            raise ValueError(f"site {site.site}: no spider {site.spider_name!r}; known: {', '.join(known)}")
        try:
            check_spider_args(site.spider_name, **site.spider_args())
        except (TypeError, ValueError) as exc:
            raise ValueError(f"site {site.site}: {exc}") from None


@dataclass
class SiteRunner:
    """Runs scheduled crawls of the sites in ``config`` against the store at ``db_path``."""

    config: ScheduleConfig
    db_path: Path
    command: CommandBuilder = crawl_command
    owner: str = field(default_factory=process_owner)
    _children: dict[int, Child] = field(default_factory=dict, init=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def run(self, site_name: str, trigger: str) -> ScheduledRun:
        """Run one site now and wait for the end; returns the history row (``skipped`` when busy)."""
        site = self.config.site(site_name)
        with opened(self.db_path, create=True) as db:
            claim = claim_run(db, site.site, trigger, self.owner, alive=owner_alive)
            if claim.run_id is None:
                skipped = record_not_run(db, site.site, trigger, "skipped", f"run {claim.held_by} is still going")
                log.warning("%s: %s fire skipped: run %s is still going", site.site, trigger, claim.held_by)
                return get_scheduled_run(db, skipped)
            run_id = claim.run_id
            before = newest_crawl_run_id(db)
        log.info("%s: run %s (%s) starts", site.site, run_id, trigger)
        try:
            child = Child(self.command(site, self.db_path), self._log_dir() / f"{site.site}.log", env=_child_env())
        except OSError as exc:
            return self._finish(run_id, RunOutcome("failed", cause=f"could not start the crawl: {exc}"))
        with self._lock:
            self._children[run_id] = child
        try:
            with opened(self.db_path) as db:
                set_worker(db, run_id, child.pid)
            result = child.wait(site.timeout, self.config.kill_grace)
        finally:
            with self._lock:
                self._children.pop(run_id, None)
        with opened(self.db_path) as db:
            crawl = crawl_run_after(db, site.spider_name, before, pid=child.pid)
        outcome = _outcome(result.exit_code, result.timed_out, result.interrupted, result.cause(site.timeout), crawl)
        finished = self._finish(run_id, outcome)
        log.log(
            logging.INFO if outcome.status == "finished" else logging.ERROR,
            "%s: run %s %s in %.1f s%s", site.site, run_id, outcome.status, result.seconds,
            f": {outcome.cause}" if outcome.cause else "",
        )  # fmt: skip
        if not result.interrupted:
            rescan_id = self.rescan_if_lists_changed()
            if rescan_id is not None:
                with opened(self.db_path) as db:
                    set_run_rescan(db, run_id, rescan_id)
                    finished = get_scheduled_run(db, run_id)
        return finished

    def _finish(self, run_id: int, outcome: RunOutcome) -> ScheduledRun:
        with opened(self.db_path) as db:
            finish_scheduled_run(db, run_id, outcome)
            return get_scheduled_run(db, run_id)

    def rescan_if_lists_changed(self) -> int | None:
        """Re-screen the archive when the lists in force differ from those of the last rescan; returns
        the rescan's id, or None when nothing changed (or another rescan is under way here)."""
        if not _rescan_lock.acquire(blocking=False):
            return None
        try:
            with opened(self.db_path) as db:
                in_force = latest_versions(db)
                if not in_force or last_rescan_versions(db) == in_force:
                    return None  # no list yet (a crawl loads the bundled one), or none changed
                before = _newest_rescan(db)
            log.info("lists changed since the last rescan: re-screening the archive")
            child = Child(rescan_command(self.db_path), self._log_dir() / "rescan.log", env=_child_env())
            result = child.wait(RESCAN_TIMEOUT_SECONDS, self.config.kill_grace)
            with opened(self.db_path) as db:
                after = _newest_rescan(db)
            if after == before:
                log.error("rescan did not finish: %s", result.cause(RESCAN_TIMEOUT_SECONDS) or result.tail)
                return None
            return after
        finally:
            _rescan_lock.release()

    def stop_all(self) -> None:
        """End every running crawl child (the scheduler is stopping); their runs end ``interrupted``."""
        with self._lock:
            children = list(self._children.values())
        for child in children:
            child.stop()

    def running(self) -> int:
        with self._lock:
            return len(self._children)

    def _log_dir(self) -> Path:
        assert self.config.log_dir is not None, "load the config with load_schedule()"
        return self.config.log_dir


def _newest_rescan(db: Any) -> int | None:
    rows = list(db.query("select max(id) as id from schedule_rescans"))
    return int(rows[0]["id"]) if rows and rows[0]["id"] is not None else None


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    project = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [project, env.get("PYTHONPATH")]))
    return env


def _outcome(
    exit_code: int | None, timed_out: bool, interrupted: bool, cause: str, crawl: dict[str, Any] | None
) -> RunOutcome:
    """What the history says of a run: the crawl's own record, unless the process died under it."""
    counts: dict[str, Any] = {}
    crawl_status = ""
    if crawl is not None:
        stats = crawl["stats"]
        g = stats.get
        counts = {
            "crawl_run_id": int(crawl["id"]),
            "pages": int(g("pages/parsed", 0)) + int(g("pages/broken", 0)),
            "listings": stored_listings(stats),
            "listings_new": int(g("listings/new", 0)),
            "listings_changed": int(g("listings/changed", 0)),
            "hits_new": int(g("hits/new", 0)),
            "hits_changed": int(g("hits/updated", 0)),
            "errors": int(g("pages/broken", 0)),
            "blocks": int(g("pages/blocked", 0)),
            "health": tuple(str(n)[len("health: ") :] for n in crawl["notes"] if str(n).startswith("health: ")),
        }
        crawl_status = str(crawl["status"])
        cause = cause or str(crawl.get("cause") or "")
    if timed_out:
        status = "timed_out"
    elif interrupted:
        status = "interrupted"
    elif crawl_status in ("finished", "broken") and exit_code in (0, 1):
        status = crawl_status  # `crawl` exits non-zero for a broken run; that is the run's health, not a crash
    elif crawl is None:
        status, cause = "failed", cause or "the crawl ended without a run record"
    else:
        status = "failed"
        cause = cause or f"the crawl ended {crawl_status}"
    if status == "broken" and not cause:
        cause = "; ".join(counts.get("health", ())) or "health checks failed"
    return RunOutcome(status, exit_code=exit_code, cause=cause, **counts)


# --- commands and tick --------------------------------------------------------------------------------


def request(db_path: Path, config: ScheduleConfig, site: str, command: str, *, by: str = "") -> int:
    """Leave a command row for the daemon (or the next tick); never touches a job store."""
    if site not in config.site_names():
        raise KeyError(site)
    with opened(db_path, create=True) as db:
        return add_command(db, site, command, by=by)


def apply_pause(db_path: Path, site: str, paused: bool, at: datetime) -> None:
    """Record a pause or resume. Resuming starts the schedule afresh: fires while paused are not run."""
    with opened(db_path) as db:
        if paused:
            update_state(db, site, paused=True, next_run=None)
        else:
            update_state(db, site, paused=False, last_fire=at.isoformat())


def first_fire(plain: Any, trigger: Any, last_fire: str | None, now: datetime) -> datetime | None:
    """The fire the daemon starts from: the first one after the last handled fire if that is already
    past (APScheduler then coalesces every missed fire into one run, within the grace time), else the
    next one. A site with no history starts from now: there is nothing to catch up on. ``plain`` is
    the trigger without jitter (fire times as written), ``trigger`` the one the job runs on."""
    if last_fire:
        missed = plain.get_next_fire_time(datetime.fromisoformat(last_fire), now)
        if missed is not None and missed <= now:
            return missed  # type: ignore[no-any-return]
    return trigger.get_next_fire_time(None, now)  # type: ignore[no-any-return]


def latest_due(trigger: Any, last_fire: datetime, now: datetime) -> datetime | None:
    """The newest fire time in (last_fire, now], or None: every missed fire counts once, as one."""
    due = None
    fire = trigger.get_next_fire_time(last_fire, now)
    for _ in range(MAX_FIRES_SCANNED):
        if fire is None or fire > now:
            break
        due = fire
        fire = trigger.get_next_fire_time(fire, now)
    return due


@dataclass
class TickReport:
    ran: list[ScheduledRun] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    waiting: list[str] = field(default_factory=list)  # due, but outside their window
    commands: list[str] = field(default_factory=list)
    digest_due: bool = False


def tick(runner: SiteRunner, *, now: datetime | None = None) -> TickReport:
    """Run once: apply command rows, run every site whose schedule fired since the last tick (once,
    however many fires were missed, within the grace time), and say whether the digest is due."""
    config = runner.config
    now = now or datetime.now(UTC)
    report = TickReport()
    run_now: list[str] = []
    with opened(runner.db_path, create=True) as db:
        for command in pending_commands(db):
            if command.site not in config.site_names():
                mark_command(db, command.id, f"unknown site {command.site!r} in this schedule")
                continue
            if command.command == "run-now":
                run_now.append(command.site)
                mark_command(db, command.id, "run now by tick")
            else:
                apply_pause(runner.db_path, command.site, command.command == "pause", now)
                mark_command(db, command.id, "paused" if command.command == "pause" else "resumed")
            report.commands.append(f"{command.command} {command.site}")
        due: list[str] = []
        for site in config.sites:
            state = site_state(db, site.site)
            trigger = site.trigger(jitter=False)
            if state.paused:
                continue
            if state.last_fire is None:
                update_state(db, site.site, last_fire=now.isoformat(), next_run=_iso(trigger, now))
                continue
            fire = latest_due(trigger, datetime.fromisoformat(state.last_fire), now)
            if fire is None:
                continue
            if now - fire > timedelta(seconds=config.misfire_grace):
                grace = config.misfire_grace / 3600
                record_not_run(
                    db, site.site, "tick", "missed", f"fire of {fire:%Y-%m-%d %H:%M} UTC is past the {grace:g} h grace"
                )
                report.missed.append(site.site)
            elif site.window and not site.window.contains(now):
                report.waiting.append(site.site)  # stays due: the first tick inside the window runs it
                continue
            else:
                due.append(site.site)
            update_state(db, site.site, last_fire=fire.isoformat(), next_run=_iso(trigger, now))
        if config.digest:
            report.digest_due = _digest_due(db, config, now)
    jobs = [(name, "run-now") for name in run_now] + [(name, "tick") for name in due if name not in run_now]
    with ThreadPoolExecutor(max_workers=config.max_parallel) as pool:
        report.ran = list(pool.map(lambda job: runner.run(*job), jobs))
    return report


def _digest_due(db: Any, config: ScheduleConfig, now: datetime) -> bool:
    assert config.digest is not None
    state = site_state(db, DIGEST_STATE)
    trigger = config.digest.trigger()
    if state.last_fire is None:
        update_state(db, DIGEST_STATE, last_fire=now.isoformat(), next_run=_iso(trigger, now))
        return False
    fire = latest_due(trigger, datetime.fromisoformat(state.last_fire), now)
    if fire is None:
        return False
    update_state(db, DIGEST_STATE, last_fire=fire.isoformat(), next_run=_iso(trigger, now))
    return now - fire <= timedelta(seconds=config.misfire_grace)


def _iso(trigger: Any, now: datetime) -> str | None:
    fire = trigger.get_next_fire_time(None, now)
    return fire.isoformat() if fire else None
