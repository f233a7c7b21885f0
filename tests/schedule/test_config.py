"""The schedule file is checked strictly when loaded: a typo fails at start, not weeks later."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.app.schedule_config import cron_trigger, load_schedule
from tests.schedule.conftest import write_schedule
from watchlists.datafile import DataFileError

GOOD = """\
sites:
  - site: demo
    cron: "0 3 * * *"
    keywords: [wig, 假发]
    page_limit: 50
    jitter: 10m
    window: "22:00-04:00"
    timeout: 2h
"""


def test_a_good_file_loads_with_durations_and_window(tmp_path: Path) -> None:
    config = load_schedule(write_schedule(tmp_path, GOOD))
    site = config.site("demo")
    assert (site.timeout, site.jitter, site.page_limit) == (7200, 600, 50)
    assert site.spider_args() == {"keywords": "wig,假发"}
    assert site.window is not None
    assert site.window.contains(datetime(2026, 1, 1, 23, 30, tzinfo=UTC))
    assert site.window.contains(datetime(2026, 1, 1, 3, 59, tzinfo=UTC))
    assert not site.window.contains(datetime(2026, 1, 1, 12, 0, tzinfo=UTC))
    assert config.misfire_grace == 24 * 3600  # hours, never APScheduler's default of 1 s
    assert config.log_file == tmp_path / "originwatch-schedule.log"


def test_an_unknown_key_names_file_line_and_field(tmp_path: Path) -> None:
    path = write_schedule(tmp_path, GOOD.replace("    page_limit: 50", "    page_limmit: 50"))
    with pytest.raises(DataFileError, match=r"schedule.yml:5: sites.0.page_limmit: Extra inputs"):
        load_schedule(path)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('    cron: "0 3 * *"', "5 fields"),
        ('    cron: "61 3 * * *"', "minute field"),
        ('    window: "25:00-04:00"', "window"),
        ("    timeout: soon", "not a duration"),
        ("    timeout: 0", "greater than 0"),
    ],
)
def test_bad_values_are_refused(tmp_path: Path, line: str, message: str) -> None:
    key = line.split(":")[0]
    body = "\n".join(line if ln.startswith(key + ":") else ln for ln in GOOD.splitlines())
    with pytest.raises(DataFileError, match=message):
        load_schedule(write_schedule(tmp_path, body))


def test_a_site_scheduled_twice_is_refused(tmp_path: Path) -> None:
    body = GOOD + GOOD.split("\n", 1)[1]
    with pytest.raises(DataFileError, match="scheduled twice"):
        load_schedule(write_schedule(tmp_path, body))


def test_a_target_apprise_does_not_accept_is_refused_at_load(tmp_path: Path) -> None:
    body = GOOD + "digest:\n  web_ui_url: http://127.0.0.1:5000\n  targets: ['json://127.0.0.1:9/hook', 'nosuch://x']\n"
    with pytest.raises(DataFileError, match=r"digest.targets: Value error, target 1: apprise does not accept"):
        load_schedule(write_schedule(tmp_path, body))
    good = body.replace("'nosuch://x'", "'mailto://127.0.0.1:2525?from=a@example.org&to=b@example.org'")
    assert load_schedule(write_schedule(tmp_path, good)).digest is not None


def test_weekdays_count_from_sunday_as_in_cron() -> None:
    # APScheduler 3.x counts from Monday = 0; "0" must still mean Sunday here.
    start = datetime(2026, 12, 2, tzinfo=UTC)  # a Wednesday
    sunday = cron_trigger("0 3 * * 0").get_next_fire_time(None, start)
    assert sunday.strftime("%A %H:%M") == "Sunday 03:00"
    weekdays = cron_trigger("0 3 * * 1-5").get_next_fire_time(None, datetime(2026, 12, 5, tzinfo=UTC))
    assert weekdays.strftime("%A") == "Monday"
    every_day = cron_trigger("0 3 * * 0-6").get_next_fire_time(None, datetime(2026, 12, 5, 4, tzinfo=UTC))
    assert every_day.strftime("%A") == "Sunday"


def test_six_fields_have_a_leading_seconds_field() -> None:
    start = datetime(2026, 12, 2, 10, 0, 1, tzinfo=UTC)
    assert cron_trigger("*/5 * * * * *").get_next_fire_time(None, start).second == 5


def test_the_example_file_loads() -> None:
    example = Path(__file__).resolve().parents[2] / "crawler" / "schedule" / "example.yml"
    config = load_schedule(example)
    assert config.site_names() == ["alibaba", "made_in_china", "shop-copy"]
    assert config.digest is not None
    assert len(config.digest.targets) == 2
