"""`originwatch status` and its use case: a site that failed, timed out or fell below its history is flagged."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from crawler.app.schedule import SiteRunner
from crawler.app.status import status
from db.connection import opened
from db.schedule import update_state

PROJECT = Path(__file__).resolve().parents[2]

SITES = """\
kill_grace: 0.5
sites:
  - site: steady
    cron: "0 3 * * *"
    timeout: 20
    args: {{mode: ok, listings: "40"}}
  - site: shrinking
    cron: "0 3 * * *"
    timeout: 20
    args: {{mode: ok, listings: "{listings}"}}
  - site: stuck
    cron: "0 3 * * *"
    timeout: 1
    args: {{mode: hang}}
"""


def test_status_flags_failed_timed_out_and_shrunk_sites(
    make_runner: Callable[[str], SiteRunner], db_path: Path
) -> None:
    for listings in ("40", "42", "38", "3"):
        runner = make_runner(SITES.format(listings=listings))
        runner.run("shrinking", "cron")
    runner.run("steady", "cron")
    runner.run("stuck", "cron")
    with opened(db_path) as db:
        update_state(db, "steady", next_run="2026-12-03T03:00:00+00:00")
        update_state(db, "stuck", paused=True)
        report = status(db, sites=["never-run"])
    sites = {s.site: s for s in report.sites}
    assert set(sites) == {"steady", "shrinking", "stuck", "never-run"}
    assert sites["steady"].healthy
    assert sites["steady"].next_run == "2026-12-03T03:00:00+00:00"
    assert sites["shrinking"].flags == ("3 listing(s) against a median of 40 in its last 3 finished run(s)",)
    assert sites["stuck"].flags == ("timed out: killed after the hard timeout of 1 s",)
    assert sites["stuck"].paused
    assert sites["never-run"].last_run is None
    assert [s.site for s in report.flagged] == ["shrinking", "stuck"]
    assert report.queue == {}

    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "status"],
        capture_output=True, text=True, cwd=PROJECT, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 1  # a flagged site: a monitoring check sees it
    assert "!! stuck: last run" in done.stdout
    assert "timed out: killed after the hard timeout of 1 s" in done.stdout
    assert "ok steady: last run" in done.stdout
    assert "queue: empty" in done.stdout
