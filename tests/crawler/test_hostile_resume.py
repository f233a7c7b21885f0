"""kill -9 in the middle of a crawl of the hostile marketplace, then ``crawl-url --resume``: every
good page is stored once, nothing twice, and the file is sound."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from crawler.runner import loopback_args
from db import open_db
from db.frontier import integrity_problems, pending_count
from db.listings import iter_listings
from db.runs import recent_runs
from db.util import table
from tests.mockserver.hostile import GOOD_PRODUCTS, RECOVERABLE, HostileServer, product_name

pytestmark = pytest.mark.slow

KILL_AFTER_LISTINGS = 20
# Slow enough to be killed half-way, on a loopback server.
SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=3", "-s", "DOWNLOAD_DELAY=0.05"]


def command(db_path: Path, url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "crawl-url", url,
            *loopback_args(), *SETTINGS, *extra]  # fmt: skip


def listings_stored(db_path: Path) -> int:
    if not db_path.exists():
        return 0
    db = open_db(db_path)
    try:
        return table(db, "listings").count if "listings" in db.table_names() else 0
    finally:
        db.close()


def kill_mid_crawl(db_path: Path, url: str) -> None:
    process = subprocess.Popen(command(db_path, url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    try:
        while listings_stored(db_path) < KILL_AFTER_LISTINGS:
            assert process.poll() is None, "the crawl ended before it could be killed"
            assert time.monotonic() < deadline, "the crawl stored too little in 120 s"
            time.sleep(0.2)
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def test_kill_9_then_resume_loses_nothing_and_stores_nothing_twice(tmp_path: Path) -> None:
    db_path = tmp_path / "resume.db"
    expected = {product_name(str(n)) for n in range(1, GOOD_PRODUCTS + 1)} | {product_name(k) for k in RECOVERABLE}
    with HostileServer() as site:
        kill_mid_crawl(db_path, site.url + "/")
        db = open_db(db_path)  # opening marks the killed run interrupted
        (killed,) = recent_runs(db, "discover")
        before = {row["title"] for row in iter_listings(db)}
        left = pending_count(db, int(killed["id"]))
        db.close()
        assert killed["status"] == "interrupted"
        assert KILL_AFTER_LISTINGS <= len(before) < len(expected)
        assert left > 0
        resumed = subprocess.run(
            command(db_path, site.url + "/", "--resume"), capture_output=True, text=True, timeout=300, check=False
        )
    assert resumed.returncode == 0, resumed.stdout[-2000:] + resumed.stderr[-2000:]
    assert f"resumes run {killed['id']}: {left} pending request(s) taken over" in resumed.stdout
    db = open_db(db_path)
    try:
        rows = list(iter_listings(db))
        (run, _) = recent_runs(db, "discover")
        assert {row["title"] for row in rows} == expected  # nothing lost
        assert len(rows) == len({row["listing_key"] for row in rows}) == len(expected)  # nothing twice
        assert table(db, "listing_versions").count == len(expected)
        assert table(db, "evidence").count == len(expected)
        assert run["stats"].get("listings/new", 0) == len(expected) - len(before)
        assert integrity_problems(db) == []
        assert pending_count(db, int(run["id"])) == 0  # a finished run clears its frontier
    finally:
        db.close()


def test_resume_without_an_interrupted_run_is_refused(tmp_path: Path) -> None:
    db_path = tmp_path / "none.db"
    open_db(db_path).close()
    result = subprocess.run(
        command(db_path, "http://127.0.0.1:9/", "--resume"), capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 2
    assert "no earlier run of discover from http://127.0.0.1:9/ to resume" in result.stderr
    assert "Traceback" not in result.stderr
