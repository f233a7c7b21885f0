"""`originwatch schedule run`: one APScheduler 3.x process, in UTC, thin over ``crawler.app.schedule``.

Design around APScheduler 3.x's pitfalls:

- Jobs are rebuilt from the schedule file at every start (explicit ids, ``replace_existing``) in a
  memory job store that no other process can open. What must outlive the process is in our store:
  history, pause state, and each site's last handled fire.
- ``misfire_grace_time`` is hours (default 24 h) with ``coalesce`` on: at start a site whose last
  handled fire is older than its latest scheduled fire gets that first missed fire as its next run
  time, so APScheduler runs every missed fire once, as one run, never N times and never zero.
- ``max_instances=1`` per site, and every run is claimed in the store, so one site's runs never
  overlap, even with a `schedule tick` or a second daemon on the same store.
- A crawl is a child process under the site's hard timeout (``crawler/app/schedule_process.py``):
  a hung or crashed crawl is killed and recorded, and the scheduler goes on.
- `schedule run-now | pause | resume` leave command rows in the store; the daemon polls them.
"""

from __future__ import annotations

import contextlib
import logging
import signal
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType
from typing import Any

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from crawler.app.digest import send_digest
from crawler.app.schedule import SiteRunner, apply_pause, first_fire
from crawler.app.schedule_config import ScheduleConfig
from db.connection import opened
from db.schedule import DIGEST_STATE, mark_command, pending_commands, record_not_run, site_states, update_state

log = logging.getLogger(__name__)

COMMANDS_JOB = "commands"
DIGEST_JOB = "digest"


class Daemon:
    """The scheduler process. ``start()`` returns at once (a background thread runs the jobs);
    ``serve()`` blocks until SIGTERM or SIGINT; ``stop()`` ends running crawls and the scheduler."""

    def __init__(self, runner: SiteRunner, *, digest: Callable[[], Any] | None = None) -> None:
        self.runner = runner
        self.config: ScheduleConfig = runner.config
        self.db_path: Path = runner.db_path
        self._digest = digest or (lambda: send_digest(self.config, self.db_path))
        self._paused: set[str] = set()
        self._stopped = threading.Event()
        self._busy = 0  # job functions under way; stop() waits for them outside APScheduler's locks
        self._idle = threading.Condition()
        self.scheduler = BackgroundScheduler(
            timezone=UTC,
            jobstores={"default": MemoryJobStore()},
            executors={"default": ThreadPoolExecutor(self.config.max_parallel + 2)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": int(self.config.misfire_grace),
            },
        )
        self.scheduler.add_listener(
            self._on_event, EVENT_JOB_SUBMITTED | EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_ERROR
        )

    # --- lifecycle ---------------------------------------------------------------------------------

    def start(self) -> None:
        now = datetime.now(UTC)
        self.scheduler.start(paused=True)  # jobs are added first, then it runs
        self._poll_commands(run_now=False)  # a pause asked for while the daemon was down holds from the start
        with opened(self.db_path, create=True) as db:
            states = site_states(db)
        for site in self.config.sites:
            state = states.get(site.site)
            paused = bool(state and state.paused)
            if paused:
                self._paused.add(site.site)
            elif state is None or state.last_fire is None:
                with opened(self.db_path) as db:
                    update_state(db, site.site, last_fire=now.isoformat())
            self.scheduler.add_job(
                self._run_scheduled, trigger=site.trigger(), args=[site.site], id=site.job_id,
                name=f"crawl {site.site}", replace_existing=True,
                next_run_time=None if paused else first_fire(
                    site.trigger(jitter=False), site.trigger(), state.last_fire if state else None, now
                ),
            )  # fmt: skip
        if self.config.digest:
            state = states.get(DIGEST_STATE)
            if state is None or state.last_fire is None:
                with opened(self.db_path) as db:
                    update_state(db, DIGEST_STATE, last_fire=now.isoformat())
            trigger = self.config.digest.trigger()
            self.scheduler.add_job(
                self._run_digest, trigger=trigger, id=DIGEST_JOB, name="daily digest", replace_existing=True,
                next_run_time=first_fire(trigger, trigger, state.last_fire if state else None, now),
            )  # fmt: skip
        self.scheduler.add_job(
            self._poll_commands, "interval", seconds=self.config.poll_interval, id=COMMANDS_JOB,
            name="command rows", replace_existing=True, next_run_time=now,
        )  # fmt: skip
        self._publish_next_runs()
        self.scheduler.resume()
        log.info("scheduler started: %d site(s), UTC, misfire grace %g h", len(self.config.sites),
                 self.config.misfire_grace / 3600)  # fmt: skip

    def serve(self) -> None:
        def _stop(signum: int, frame: FrameType | None) -> None:
            log.info("signal %s: stopping", signal.Signals(signum).name)
            self._stopped.set()

        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
        self.start()
        self._stopped.wait()
        self.stop()

    def stop(self) -> None:
        """End running crawls (their runs are recorded ``interrupted``), then the scheduler.

        APScheduler's ``shutdown(wait=True)`` holds its job-store lock while it waits for running
        jobs, and a job that reads the scheduler then deadlocks it; so jobs are waited for here."""
        self._stopped.set()
        self.runner.stop_all()
        self.scheduler.shutdown(wait=False)
        with self._idle:
            self._idle.wait_for(lambda: self._busy == 0, timeout=self.config.kill_grace + 60)
        log.info("scheduler stopped")

    @contextlib.contextmanager
    def _job(self) -> Iterator[bool]:
        """Count a job function as under way; yields False when the daemon is stopping."""
        with self._idle:
            self._busy += 1
        try:
            yield not self._stopped.is_set()
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    # --- jobs ----------------------------------------------------------------------------------------

    def _run_scheduled(self, site_name: str) -> None:
        with self._job() as going:
            if going:
                self._run_scheduled_now(site_name)

    def _run_scheduled_now(self, site_name: str) -> None:
        site = self.config.site(site_name)
        now = datetime.now(UTC)
        if site.window and not site.window.contains(now):
            opening = site.window.next_opening(now)
            with opened(self.db_path) as db:
                record_not_run(
                    db,
                    site.site,
                    "cron",
                    "skipped",
                    f"outside its window {site.window}; deferred to {opening:%H:%M} UTC",
                )
            self.scheduler.add_job(
                self._run_site, "date", run_date=opening, args=[site.site, "cron"], id=f"{site.job_id}:deferred",
                name=f"crawl {site.site} (deferred to its window)", replace_existing=True,
            )  # fmt: skip
            return
        self._run_site_now(site.site, "cron")

    def _run_site(self, site_name: str, trigger: str) -> None:
        with self._job() as going:
            if going:
                self._run_site_now(site_name, trigger)

    def _run_site_now(self, site_name: str, trigger: str) -> None:
        if trigger != "run-now" and site_name in self._paused:
            return
        self.runner.run(site_name, trigger)
        if not self._stopped.is_set():
            self._publish_next_runs(site_name)

    def _run_digest(self) -> None:
        with self._job() as going:
            if going:
                self._digest()

    def _poll_commands(self, run_now: bool = True) -> None:
        with self._job() as going:
            if going:
                self._apply_commands(run_now)

    def _apply_commands(self, run_now: bool) -> None:
        with opened(self.db_path, create=True) as db:
            commands = pending_commands(db)
        for command in commands:
            outcome = self._apply(command.site, command.command, run_now=run_now)
            if outcome is None:
                continue  # a run-now before the jobs exist: the next poll takes it
            with opened(self.db_path) as db:
                mark_command(db, command.id, outcome)
            log.info("command %s %s: %s", command.command, command.site, outcome)

    def _apply(self, site_name: str, command: str, *, run_now: bool) -> str | None:
        if site_name not in self.config.site_names():
            return f"unknown site {site_name!r} in this schedule"
        site = self.config.site(site_name)
        now = datetime.now(UTC)
        if command == "pause":
            apply_pause(self.db_path, site_name, True, now)
            self._paused.add(site_name)
            self._pause_job(site.job_id)
            self._remove_job(f"{site.job_id}:deferred")
            return "paused"
        if command == "resume":
            apply_pause(self.db_path, site_name, False, now)
            self._paused.discard(site_name)
            try:
                self.scheduler.resume_job(site.job_id)
            except JobLookupError:
                return "resumed"  # at start, before the jobs exist: start() schedules it
            self._publish_next_runs(site_name)
            job = self.scheduler.get_job(site.job_id)
            return f"resumed; next run {job.next_run_time:%Y-%m-%d %H:%M:%S} UTC" if job else "resumed"
        if not run_now:
            return None
        self.scheduler.add_job(
            self._run_site, "date", run_date=now, args=[site_name, "run-now"], id=f"{site.job_id}:now",
            name=f"crawl {site_name} now", replace_existing=True, misfire_grace_time=None,
        )  # fmt: skip
        return "started"

    def _pause_job(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):
            self.scheduler.pause_job(job_id)

    def _remove_job(self, job_id: str) -> None:
        with contextlib.suppress(JobLookupError):
            self.scheduler.remove_job(job_id)

    # --- events and published state ------------------------------------------------------------------

    def _on_event(self, event: JobEvent) -> None:
        job_id = event.job_id
        if job_id == DIGEST_JOB:
            self._record_fire(DIGEST_STATE, event)
            return
        if not job_id.startswith("site:") or job_id.count(":") != 1:
            if event.code == EVENT_JOB_ERROR:
                log.error("job %s failed: %s", job_id, getattr(event, "exception", ""))
            return
        site = job_id.split(":", 1)[1]
        times = list(getattr(event, "scheduled_run_times", None) or [getattr(event, "scheduled_run_time", None)])
        fire = max(t for t in times if t is not None) if any(times) else None
        if event.code == EVENT_JOB_MAX_INSTANCES:
            with opened(self.db_path) as db:
                record_not_run(db, site, "cron", "skipped", "the previous run of this site was still going")
        elif event.code == EVENT_JOB_MISSED:
            grace = self.config.misfire_grace / 3600
            when = f"{fire:%Y-%m-%d %H:%M} UTC" if fire else "a fire"
            with opened(self.db_path) as db:
                record_not_run(db, site, "cron", "missed", f"{when} is past the {grace:g} h misfire grace")
        elif event.code == EVENT_JOB_ERROR:
            log.error("crawl job of %s raised: %s", site, getattr(event, "exception", ""))
        if fire is not None and event.code != EVENT_JOB_ERROR:
            with opened(self.db_path) as db:
                update_state(db, site, last_fire=fire.isoformat())
        self._publish_next_runs(site)

    def _record_fire(self, key: str, event: JobEvent) -> None:
        times = getattr(event, "scheduled_run_times", None) or [getattr(event, "scheduled_run_time", None)]
        times = [t for t in times if t is not None]
        if times and event.code in (EVENT_JOB_SUBMITTED, EVENT_JOB_MISSED):
            with opened(self.db_path) as db:
                update_state(db, key, last_fire=max(times).isoformat())

    def _publish_next_runs(self, only: str | None = None) -> None:
        """Write each site's next run to the store, where `originwatch status` and the web UI read it."""
        with opened(self.db_path) as db:
            for site in self.config.sites:
                if only and site.site != only:
                    continue
                job = self.scheduler.get_job(site.job_id)
                deferred = self.scheduler.get_job(f"{site.job_id}:deferred")
                times = [j.next_run_time for j in (job, deferred) if j is not None and j.next_run_time]
                update_state(db, site.site, next_run=min(times).isoformat() if times else None)
            if not only and self.config.digest:
                job = self.scheduler.get_job(DIGEST_JOB)
                if job and job.next_run_time:
                    update_state(db, DIGEST_STATE, next_run=job.next_run_time.isoformat())
