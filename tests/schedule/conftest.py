"""Schedules with a fake crawl command: a test about scheduling need not wait for Scrapy."""

from __future__ import annotations

import sys
import textwrap
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from crawler.app.schedule import SiteRunner
from crawler.app.schedule_config import ScheduleConfig, SiteSchedule, load_schedule
from db.connection import opened

FAKE_CRAWL = Path(__file__).resolve().parent / "fake_crawl.py"


def fake_command(site: SiteSchedule, db_path: Path) -> list[str]:
    """The fake crawl, its behaviour taken from the site's spider arguments (mode, seconds, listings)."""
    command = [sys.executable, str(FAKE_CRAWL), "--db", str(db_path), "--site", site.site]
    for name, value in site.args.items():
        command += [f"--{name}", value]
    return command


def write_schedule(folder: Path, body: str) -> Path:
    path = folder / "schedule.yml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "store.db"
    with opened(path, create=True):
        pass
    return path


@pytest.fixture
def make_runner(tmp_path: Path, db_path: Path) -> Callable[[str], SiteRunner]:
    def make(body: str) -> SiteRunner:
        config: ScheduleConfig = load_schedule(write_schedule(tmp_path, body))
        return SiteRunner(config, db_path, command=fake_command)

    return make


def trace_intervals(db_path: Path, site: str) -> list[tuple[float, float]]:
    """(start, end) of every finished fake crawl of ``site``, from its trace file."""
    path = Path(f"{db_path}.{site}.trace")
    if not path.exists():
        return []
    starts: list[float] = []
    intervals = []
    for line in path.read_text().splitlines():
        what, at = line.split()
        if what == "start":
            starts.append(float(at))
        else:
            intervals.append((starts.pop(0), float(at)))
    return intervals


def wait_for(condition: Callable[[], bool], timeout: float = 20.0, step: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(step)
    return condition()


@pytest.fixture
def no_leaked_threads() -> Iterator[None]:
    before = set(threading.enumerate())
    yield
    assert wait_for(lambda: not [t for t in threading.enumerate() if t not in before and not t.daemon], 10)
