"""One scheduled run: its record holds the crawl's counts; a crash or a hang is killed and recorded,
and the next run goes on; two runs of one site never overlap, even from two processes."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

from crawler.app.schedule import SiteRunner
from crawler.app.schedule_process import owner_alive, process_owner
from db.connection import opened
from db.schedule import claim_run, scheduled_runs
from tests.schedule.conftest import trace_intervals

SITE = """\
kill_grace: 1
sites:
  - site: shop
    cron: "0 3 * * *"
    timeout: {timeout}
    args: {args}
"""


def _config(args: str, timeout: float = 20) -> str:
    return SITE.format(args=args, timeout=timeout)


def _zombie_children() -> list[str]:
    me = str(os.getpid())
    zombies = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] == "Z" and fields[1] == me:
            zombies.append(stat.parent.name)
    return zombies


def test_a_finished_run_records_the_crawls_counts(make_runner: Callable[[str], SiteRunner]) -> None:
    runner = make_runner(_config("{mode: ok, listings: '7'}"))
    run = runner.run("shop", "run-now")
    assert run.status == "finished", run.cause
    assert (run.pages, run.listings, run.listings_new, run.hits_new, run.errors, run.blocks) == (10, 7, 7, 1, 1, 1)
    assert run.crawl_run_id
    assert run.exit_code == 0
    assert run.finished_at


def test_a_crashing_crawl_is_recorded_failed_with_its_cause(make_runner: Callable[[str], SiteRunner]) -> None:
    runner = make_runner(_config("{mode: crash}"))
    run = runner.run("shop", "cron")
    assert run.status == "failed"
    assert run.exit_code == 1
    assert "RuntimeError: the spider blew up" in run.cause
    assert not _zombie_children()


def test_a_hanging_crawl_is_killed_at_its_timeout_and_the_next_run_goes_on(
    make_runner: Callable[[str], SiteRunner], db_path: Path
) -> None:
    runner = make_runner(_config("{mode: hang}", timeout=1.5))
    started = time.monotonic()
    run = runner.run("shop", "cron")
    took = time.monotonic() - started
    assert run.status == "timed_out"
    assert run.cause == "killed after the hard timeout of 1.5 s"
    assert 1.5 <= took < 8  # SIGTERM is ignored by the hung crawl; SIGKILL follows after kill_grace
    assert run.worker_pid
    assert not Path(f"/proc/{run.worker_pid}").exists()  # killed and reaped: no zombie
    assert not _zombie_children()
    with opened(db_path) as db:
        # the crawl's own record does not stay "running" for ever either
        assert db.execute("select status from crawl_runs where id = ?", [run.crawl_run_id]).fetchone()[0] != "running"
    healthy = make_runner(_config("{mode: ok}"))
    assert healthy.run("shop", "cron").status == "finished"
    with opened(db_path) as db:
        assert [r.status for r in scheduled_runs(db, site="shop")] == ["finished", "timed_out"]


def test_two_runs_of_one_site_never_overlap(make_runner: Callable[[str], SiteRunner], db_path: Path) -> None:
    runner = make_runner(_config("{mode: slow, seconds: '1.5'}"))
    other = SiteRunner(runner.config, db_path, command=runner.command, owner=process_owner())
    results = []
    threads = [threading.Thread(target=lambda r=r: results.append(r.run("shop", "cron"))) for r in (runner, other)]
    for thread in threads:
        thread.start()
        time.sleep(0.3)
    for thread in threads:
        thread.join()
    assert sorted(r.status for r in results) == ["finished", "skipped"]
    skipped = next(r for r in results if r.status == "skipped")
    assert "still going" in skipped.cause
    assert len(trace_intervals(db_path, "shop")) == 1


def test_a_run_left_by_a_dead_process_does_not_block_the_site(db_path: Path) -> None:
    with opened(db_path) as db:
        first = claim_run(db, "shop", "cron", "999999:1@" + os.uname().nodename, alive=owner_alive)
        assert first.run_id
        second = claim_run(db, "shop", "cron", process_owner(), alive=owner_alive)
        assert second.run_id
        assert second.run_id != first.run_id
        assert [r.status for r in scheduled_runs(db, site="shop")] == ["running", "interrupted"]
