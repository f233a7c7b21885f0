"""The store never loses a listing silently: two real crawls of two fixture sites write to one database
at once while a reviewer and a rescan write too; everything arrives, as it does when the crawls run one
after the other. A crawl killed with kill -9 is marked interrupted by the next command."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crawler.app.screening import rescan
from crawler.runner import loopback_args
from db import open_db
from db.connection import opened
from db.hits import list_hits, review
from db.runs import list_runs, mark_interrupted, start_run
from tests.mockserver import MockServer

ROOT = Path(__file__).resolve().parents[2]
EBAY = ROOT / "tests" / "crawler" / "sites" / "fixtures" / "ebay"
COUNTED = ("listings", "listing_versions", "sellers", "hits", "hit_reasons", "evidence", "watchlist_versions")


def command(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli.main", "--db", str(db), *args]


def crawls(db: Path, demo_url: str, ebay_url: str) -> list[list[str]]:
    return [
        command(db, "crawl-url", demo_url + "/", *loopback_args()),
        command(db, "crawl", "ebay", "-a", f"base_url={ebay_url}", "-a", "keywords=rattan bag", "-a",
                "max_pages=1", *loopback_args()),
    ]  # fmt: skip


def counts(db_path: Path) -> dict[str, int]:
    with opened(db_path) as db:
        return {name: int(next(iter(db.query(f"select count(*) as n from {name}")))["n"]) for name in COUNTED}


def run_all(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
    return [subprocess.run(c, capture_output=True, text=True, timeout=240, check=False, cwd=ROOT) for c in commands]


class BusyReviewer(threading.Thread):
    """Reviews every hit it finds, over and over, and rescans the archive, while the crawls write."""

    def __init__(self, db_path: Path) -> None:
        super().__init__(daemon=True)
        self.db_path = db_path
        self.stop = threading.Event()
        self.reviews = 0
        self.rescans = 0
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.db_path.exists() and not self.stop.is_set():
                time.sleep(0.05)
            with opened(self.db_path, create=True) as db:
                while not self.stop.is_set():
                    for hit in list_hits(db, limit=20):
                        status = "unsure" if hit["status"] == "new" else "new"
                        review(db, int(hit["id"]), status=status, by="concurrency-test", note="during the crawl")
                        self.reviews += 1
                    if self.rescans < 3:
                        rescan(db)
                        self.rescans += 1
                    time.sleep(0.02)
        except BaseException as exc:  # the assertion in the test reports it
            self.error = exc


@pytest.mark.slow
def test_two_crawls_at_once_with_reviews_lose_nothing(tmp_path: Path) -> None:
    with MockServer() as demo, MockServer(EBAY) as ebay:
        sequential = tmp_path / "sequential.db"
        for done in run_all(crawls(sequential, demo.url, ebay.url)):
            assert done.returncode == 0, done.stderr[-3000:]

        together = tmp_path / "together.db"
        reviewer = BusyReviewer(together)
        reviewer.start()
        processes = [
            subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
            for c in crawls(together, demo.url, ebay.url)
        ]
        outputs = [p.communicate(timeout=240) for p in processes]
        reviewer.stop.set()
        reviewer.join(timeout=60)

    for process, (_, stderr) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, stderr[-3000:]
    assert reviewer.error is None, repr(reviewer.error)
    assert reviewer.reviews > 0, "the reviewer never found a hit while the crawls ran"
    expected = counts(sequential)
    assert expected["listings"] > 40
    assert expected["evidence"] == expected["listing_versions"]
    assert counts(together) == expected
    with opened(together) as db:
        runs = list_runs(db)
        events = int(next(iter(db.query("select count(*) as n from review_events")))["n"])
    assert [r["status"] for r in runs] == ["finished", "finished"], [r["cause"] for r in runs]
    assert all("store/write_failed" not in r["stats"] for r in runs)
    assert events == reviewer.reviews  # every review written, none lost to a lock


@pytest.mark.slow
def test_a_crawl_killed_with_kill_9_is_marked_interrupted(tmp_path: Path) -> None:
    db_path = tmp_path / "killed.db"
    with MockServer() as demo:
        # A polite delay keeps the crawl running long enough to be killed in the middle.
        crawl = subprocess.Popen(
            command(db_path, "crawl-url", demo.url + "/", "-s", "DOWNLOAD_DELAY=1", "-s", "AUTOTHROTTLE_ENABLED=False"),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        running: list[dict[str, object]] = []
        while time.monotonic() < deadline and not running:
            time.sleep(0.2)
            if db_path.exists():
                with opened(db_path) as db:
                    running = list_runs(db, statuses=["running"])
        assert running, "the crawl never recorded its run"
        assert running[0]["owner_pid"] == crawl.pid
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait(timeout=30)
    shown = subprocess.run(command(db_path, "runs"), capture_output=True, text=True, timeout=60, cwd=ROOT)
    assert shown.returncode == 0, shown.stderr
    assert "interrupted" in shown.stdout
    assert f"pid {crawl.pid}" in shown.stdout
    with opened(db_path) as db:
        (run,) = list_runs(db)
    assert run["status"] == "interrupted"
    assert run["finished_at"]


def test_a_run_whose_heartbeat_stopped_is_interrupted(tmp_path: Path) -> None:
    db = open_db(tmp_path / "beat.db")
    run_id = start_run(db, "ebay")
    db.execute(
        "update crawl_runs set owner_host = 'elsewhere', heartbeat_at = '2000-01-01T00:00:00+00:00' where id = ?",
        [run_id],
    )
    db.conn.commit()
    assert mark_interrupted(db) == [run_id]
    (run,) = list_runs(db)
    assert run["status"] == "interrupted"
    assert run["cause"] == "interrupted: no heartbeat since 2000-01-01T00:00:00+00:00"
    live = start_run(db, "ebay")  # this process, beating: left alone
    assert mark_interrupted(db) == []
    assert list_runs(db, statuses=["running"])[0]["id"] == live
    db.close()
