"""Reliability on a hostile web: one crawl of the hostile marketplace (tests/mockserver/hostile.py),
then one crawl killed with SIGKILL and resumed. Prints requests made, faults injected by kind, pages
stored, whether anything was lost or stored twice, the crawl's peak RSS, and the fuzzing budget.

    python benchmarks/reliability.py

Everything runs on 127.0.0.1; the crawls use the polite defaults except the loopback overrides
(no delay against our own server) and a 3 s download timeout (so the hang costs 3 s, not 30 s).
"""

from __future__ import annotations

import os
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
# This folder holds benchmarks/queue.py, which would shadow the standard library's queue.
sys.path[:] = [str(ROOT), *(p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent)]

from crawler.runner import loopback_args  # noqa: E402
from db import open_db  # noqa: E402
from db.frontier import integrity_problems, pending_count  # noqa: E402
from db.listings import iter_listings  # noqa: E402
from db.runs import recent_runs  # noqa: E402
from db.util import table  # noqa: E402
from tests.mockserver.hostile import FAULT_KINDS, GOOD_PRODUCTS, RECOVERABLE, HostileServer, product_name  # noqa: E402
from tests.property import conftest as fuzz  # noqa: E402

SETTINGS = ["-s", "DOWNLOAD_TIMEOUT=3"]
KILL_AFTER_LISTINGS = 20
EXPECTED = {product_name(str(n)) for n in range(1, GOOD_PRODUCTS + 1)} | {product_name(k) for k in RECOVERABLE}


def command(db_path: Path, url: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "crawl-url", url,
            *loopback_args(), *SETTINGS, *extra]  # fmt: skip


def stored(db_path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    db = open_db(db_path)
    try:
        return list(iter_listings(db)), recent_runs(db, "discover")[0]
    finally:
        db.close()


def hostile_crawl(workdir: Path) -> None:
    db_path = workdir / "hostile.db"
    with HostileServer() as site:
        start = time.monotonic()
        result = subprocess.run(command(db_path, site.url + "/"), capture_output=True, text=True, check=False)
        seconds = time.monotonic() - start
        hits = site.hits()
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    rows, run = stored(db_path)
    titles = [row["title"] for row in rows]
    stats = run["stats"]
    print(f"hostile crawl: run {run['status']} in {seconds:.0f} s (exit {result.returncode})")
    print(f"  requests made: {stats.get('downloader/request_count', 0)} by the crawler, "
          f"{sum(v for k, v in hits.items() if k != '_stats' and not k.startswith('answered/'))} served")  # fmt: skip
    print("  faults injected, requests served by kind:")
    for key, kind in FAULT_KINDS.items():
        served = hits.get(f"fault/{key.split('/')[0]}", hits.get(key, 0))
        if served:
            print(f"    {kind}: {served}")
    print("  failures counted: " + ", ".join(f"{k.removeprefix('failures/')} {v}" for k, v in sorted(stats.items())
                                             if k.startswith("failures/")))  # fmt: skip
    print(f"  retry/after_header: {stats.get('retry/after_header', 0)}")
    for note in run["notes"]:
        if note.startswith(("crawl limit:", "robots.txt of")):
            print(f"  note: {note}")
    lost = EXPECTED - set(titles)
    print(f"  pages stored: {len(titles)} of {len(EXPECTED)} good pages; lost: {len(lost)}; "
          f"stored twice: {len(titles) - len(set(titles))}")  # fmt: skip
    print(f"  peak RSS of the crawl process: {peak_mb:.0f} MB")


def kill_and_resume(workdir: Path) -> None:
    db_path = workdir / "resume.db"
    slow = ["-s", "DOWNLOAD_DELAY=0.05"]
    with HostileServer() as site:
        process = subprocess.Popen(command(db_path, site.url + "/", *slow),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        while True:
            time.sleep(0.2)
            try:
                with sqlite3.connect(db_path) as conn:
                    count = conn.execute("select count(*) from listings").fetchone()[0]
            except sqlite3.Error:
                count = 0
            if count >= KILL_AFTER_LISTINGS or process.poll() is not None:
                break
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        before, killed = stored(db_path)
        db = open_db(db_path)
        left = pending_count(db, int(killed["id"]))
        db.close()
        start = time.monotonic()
        resumed = subprocess.run(command(db_path, site.url + "/", *slow, "--resume"),
                                 capture_output=True, text=True, check=False)  # fmt: skip
        seconds = time.monotonic() - start
    rows, run = stored(db_path)
    titles = [row["title"] for row in rows]
    db = open_db(db_path)
    versions, evidence, problems = (
        table(db, "listing_versions").count,
        table(db, "evidence").count,
        integrity_problems(db),
    )
    db.close()
    print(f"kill -9 after {len(before)} listings ({left} requests pending in the frontier), "
          f"--resume {run['status']} in {seconds:.0f} s (exit {resumed.returncode}):")  # fmt: skip
    print(f"  listings {len(titles)} of {len(EXPECTED)}; lost {len(EXPECTED - set(titles))}; "
          f"stored twice {len(titles) - len(set(titles))}; versions {versions}; evidence records {evidence}; "
          f"integrity_check {problems or 'ok'}")  # fmt: skip


def fuzzing_budget() -> None:
    tests = sum(
        path.read_text(encoding="utf-8").count("@given(") for path in (ROOT / "tests" / "property").glob("test_*.py")
    )
    print(f"fuzzing budget: {tests} hypothesis properties x {fuzz.MAX_EXAMPLES} examples (derandomized), "
          f"deadline {fuzz.DEADLINE_MS} ms per example; linearity checked on {len(fuzz.ADVERSARIAL)} adversarial "
          f"shapes at 1 KB-1 MB (tenfold steps, at most {fuzz.LINEAR_SLACK:g}x over linear)")  # fmt: skip


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        hostile_crawl(Path(tmp))
        kill_and_resume(Path(tmp))
    fuzzing_budget()
    return 0


if __name__ == "__main__":
    sys.exit(main())
