"""`schedule tick`, for cron deployments: runs what is due once, then exits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from crawler.app.schedule import SiteRunner, tick
from db.connection import opened
from db.schedule import add_command, scheduled_runs, site_state, update_state

DAILY = """\
sites:
  - site: shop
    cron: "0 3 * * *"
    timeout: 30
    args: {mode: ok}
  - site: night
    cron: "0 3 * * *"
    window: "01:00-05:00"
    timeout: 30
    args: {mode: ok}
"""
NOON = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def _statuses(db_path: Path, site: str) -> list[str]:
    with opened(db_path) as db:
        return [r.status for r in scheduled_runs(db, site=site)]


def test_a_first_tick_only_starts_the_clock(make_runner: Callable[[str], SiteRunner], db_path: Path) -> None:
    report = tick(make_runner(DAILY), now=NOON)
    assert report.ran == []
    with opened(db_path) as db:
        assert site_state(db, "shop").next_run == "2026-12-03T03:00:00+00:00"


def test_missed_fires_run_once_then_nothing_is_due(make_runner: Callable[[str], SiteRunner], db_path: Path) -> None:
    runner = make_runner(DAILY)
    with opened(db_path) as db:
        update_state(db, "shop", last_fire=(NOON - timedelta(days=3)).isoformat())
    report = tick(runner, now=NOON)
    assert [(r.site, r.status, r.trigger) for r in report.ran] == [("shop", "finished", "tick")]
    assert tick(runner, now=NOON + timedelta(minutes=1)).ran == []
    assert _statuses(db_path, "shop") == ["finished"]
    # the next day's fire is due again
    assert [r.site for r in tick(runner, now=NOON + timedelta(days=1)).ran] == ["shop"]


def test_a_fire_past_the_grace_time_is_recorded_missed(make_runner: Callable[[str], SiteRunner], db_path: Path) -> None:
    runner = make_runner("misfire_grace: 1h\n" + DAILY)
    with opened(db_path) as db:
        update_state(db, "shop", last_fire=(NOON - timedelta(days=1)).isoformat())
    report = tick(runner, now=NOON)  # today's 03:00 fire is nine hours old
    assert report.ran == []
    assert report.missed == ["shop"]
    assert _statuses(db_path, "shop") == ["missed"]


def test_a_due_site_waits_for_its_window(make_runner: Callable[[str], SiteRunner], db_path: Path) -> None:
    runner = make_runner(DAILY)
    with opened(db_path) as db:
        update_state(db, "night", last_fire=(NOON - timedelta(days=1)).isoformat())
    assert tick(runner, now=NOON).waiting == ["night"]
    inside = datetime(2026, 12, 3, 1, 30, tzinfo=UTC)
    assert [r.site for r in tick(runner, now=inside).ran] == ["night"]


def test_commands_are_applied_by_tick(make_runner: Callable[[str], SiteRunner], db_path: Path) -> None:
    runner = make_runner(DAILY)
    with opened(db_path) as db:
        update_state(db, "shop", last_fire=(NOON - timedelta(days=1)).isoformat())
        add_command(db, "shop", "pause")
        add_command(db, "night", "run-now")
    report = tick(runner, now=NOON)
    assert report.commands == ["pause shop", "run-now night"]
    assert [(r.site, r.trigger) for r in report.ran] == [("night", "run-now")]  # run-now ignores the window
    with opened(db_path) as db:
        assert site_state(db, "shop").paused
        add_command(db, "shop", "resume")
    tick(runner, now=NOON + timedelta(hours=1))
    with opened(db_path) as db:
        state = site_state(db, "shop")
    assert not state.paused
    assert _statuses(db_path, "shop") == []  # fires while paused are not caught up on resume
