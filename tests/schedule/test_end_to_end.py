"""The real thing: `originwatch schedule run` as its own process, a real crawl of the demo site,
run-now from the command line, the rescan after the bundled list arrived, and a clean stop."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo import SITE_ROOT, serve_in_thread
from db.connection import opened
from db.schedule import scheduled_runs
from tests.schedule.conftest import wait_for, write_schedule

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_the_daemon_runs_a_real_crawl_on_demand_and_stops_cleanly(tmp_path: Path) -> None:
    db_path = tmp_path / "store.db"
    with serve_in_thread(SITE_ROOT) as server:
        config = write_schedule(
            tmp_path,
            f"""\
            poll_interval: 0.5
            sites:
              - site: demo
                spider: discover
                args: {{start_url: "{server.url}/"}}
                settings: {{DOWNLOAD_DELAY: 0, AUTOTHROTTLE_START_DELAY: 0, ORIGINWATCH_BLOCK_BACKOFF: 0}}
                page_limit: 15
                cron: "0 3 1 1 *"
                timeout: 120
            """,
        )
        base = [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "schedule", "--config", str(config)]
        daemon = subprocess.Popen([*base, "run"], cwd=PROJECT, stderr=subprocess.PIPE, text=True)
        try:
            assert wait_for(db_path.exists, 30)
            asked = subprocess.run([*base, "run-now", "demo"], cwd=PROJECT, capture_output=True, text=True, timeout=60)
            assert asked.stdout.strip() == "run-now demo: started", asked.stderr

            def ended() -> bool:
                with opened(db_path) as db:
                    return any(r.status != "running" for r in scheduled_runs(db, site="demo"))

            assert wait_for(ended, 150, step=0.5)
        finally:
            daemon.send_signal(signal.SIGTERM)
            _, stderr = daemon.communicate(timeout=60)
    assert daemon.returncode == 0, stderr
    with opened(db_path) as db:
        (run,) = scheduled_runs(db, site="demo")
    assert run.status == "finished", run.cause
    assert run.trigger == "run-now"
    assert run.listings_new > 0
    assert run.pages > 0
    assert run.crawl_run_id
    assert run.rescan_id  # the crawl loaded the bundled list: the archive was re-screened against it
    shown = subprocess.run([*base, "history", "demo"], cwd=PROJECT, capture_output=True, text=True, timeout=60)
    assert f"demo  run-now  finished  pages {run.pages}, listings {run.listings_new} new" in shown.stdout
