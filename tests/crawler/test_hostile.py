"""A crawl of the hostile marketplace (tests/mockserver/hostile.py) through the real engine: it ends
within its limits, stores every good page behind the traps, and puts every fault in its own stat,
note and summary line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.runner import loopback_args
from db import open_db
from db.listings import iter_listings
from db.runs import recent_runs
from db.util import table
from tests.mockserver.hostile import GOOD_PRODUCTS, RECOVERABLE, HostileServer, product_name

pytestmark = pytest.mark.slow

# A hang must end within the test's patience; every other limit is the polite default.
FAST_TIMEOUT = ["-s", "DOWNLOAD_TIMEOUT=3"]


def crawl(db_path: Path, url: str, *extra: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "crawl-url", url,
               *loopback_args(), *FAST_TIMEOUT, *extra]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)


def stored(db_path: Path) -> tuple[dict[str, Any], set[str]]:
    db = open_db(db_path)
    try:
        (run,) = recent_runs(db, "discover")
        titles = {row["title"] for row in iter_listings(db)}
    finally:
        db.close()
    return run, titles


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db_path = tmp_path_factory.mktemp("hostile") / "hostile.db"
    with HostileServer() as site:
        result = crawl(db_path, site.url + "/")
        hits = site.hits()
    run, titles = stored(db_path)
    return {"result": result, "run": run, "stats": run["stats"], "titles": titles, "hits": hits, "db_path": db_path}


def test_every_good_page_is_stored(hostile_crawl: dict[str, Any]) -> None:
    assert hostile_crawl["result"].returncode == 0, hostile_crawl["result"].stderr[-2000:]
    expected = {product_name(str(n)) for n in range(1, GOOD_PRODUCTS + 1)} | {product_name(k) for k in RECOVERABLE}
    assert hostile_crawl["titles"] == expected


def test_the_traps_stay_within_their_budget(hostile_crawl: dict[str, Any]) -> None:
    hits, stats = hostile_crawl["hits"], hostile_crawl["stats"]
    assert hits["farm"] <= 100 + 1  # the prefix budget, plus the farm's own entry page
    assert hits.get("shop", 0) <= 2  # /shop/ and /shop/shop/; /shop/shop/shop/ repeats a segment
    assert stats["limits/segment_repeats"] >= 1
    assert stats["limits/outlinks/pages"] == 1
    assert sum(hits.values()) < 400  # requests made, for 60 products, 6 sellers and every trap


def test_every_failure_has_its_own_stat(hostile_crawl: dict[str, Any]) -> None:
    stats = hostile_crawl["stats"]
    failures = {k.removeprefix("failures/"): v for k, v in stats.items() if k.startswith("failures/")}
    assert failures == {
        "timeout": 1, "refused": 1, "dropped": 1, "truncated": 1, "too_large": 2, "decompression_bomb": 1,
        "redirect_loop": 1, "redirect_chain": 1, "not_html": 1, "robots": 2,
    }  # fmt: skip
    assert stats["retry/after_header"] == 2


def test_limits_and_failures_reach_the_run_record_and_the_summary(hostile_crawl: dict[str, Any]) -> None:
    run, output = hostile_crawl["run"], hostile_crawl["result"].stdout
    assert run["status"] == "finished"
    limit_notes = [n for n in run["notes"] if n.startswith("crawl limit:")]
    assert any("/farm/" in n for n in limit_notes)
    assert any("repeated more than 2 times" in n for n in limit_notes)
    assert any("more than 300 links" in n for n in limit_notes)
    for note in limit_notes:
        assert f"note: {note}" in output
    for line in ("1 timed out", "1 connection refused", "1 redirect loop", "1 decompression bomb",
                 "2 too large", "1 truncated", "1 not HTML", "2 refused by robots.txt"):  # fmt: skip
        assert any(row.startswith("  failed: " + line) for row in output.splitlines()), line


def test_retry_after_is_waited_for(hostile_crawl: dict[str, Any]) -> None:
    log = Path(str(hostile_crawl["result"].stdout).split("log: ")[1].split()[0]).read_text(encoding="utf-8")
    assert "429, Retry-After" in log
    assert "paused 2.0 s" in log


@pytest.mark.parametrize("status", [503, 500])
def test_unreachable_robots_txt_disallows_the_whole_site(tmp_path: Path, status: int) -> None:
    db_path = tmp_path / "robots.db"
    with HostileServer(robots_status=status) as site:
        result = crawl(db_path, site.url + "/")
        hits = site.hits()
    run, titles = stored(db_path)
    assert result.returncode == 1  # nothing could be crawled: the run is broken, and says why
    assert titles == set()
    assert set(hits) <= {"robots.txt", "_stats"}
    assert any(f"answered HTTP {status}" in n and "RFC 9309" in n for n in run["notes"])
    assert "robots.txt" in run["cause"]


def test_robots_txt_answering_404_means_no_rules(tmp_path: Path) -> None:
    db_path = tmp_path / "robots404.db"
    with HostileServer(robots_status=404) as site:
        crawl(db_path, site.url + "/", "--max-pages", "40")
        hits = site.hits()
        netloc = site.url.removeprefix("http://")
    assert hits.get("private", 0) == 1  # /private/ is disallowed only in a robots.txt that answers 200
    run, _ = stored(db_path)
    assert not any(netloc in note and "RFC 9309" in note for note in run["notes"])


def test_evidence_verify_passes_then_names_a_damaged_record(hostile_crawl: dict[str, Any]) -> None:
    db_path = hostile_crawl["db_path"]
    verify = [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "evidence", "verify"]
    good = subprocess.run(verify, capture_output=True, text=True, timeout=120, check=False)
    assert good.returncode == 0, good.stdout + good.stderr
    assert f"{len(hostile_crawl['titles'])} record(s) checked, 0 problem(s)" in good.stdout
    db = open_db(db_path)
    try:
        evidence = table(db, "evidence")
        first = next(evidence.rows_where(order_by="id", limit=1))
        assert first["warc"].count(b"\x1f\x8b\x08") >= 2  # the response and its request (and the seller page)
        evidence.update(first["id"], {"warc": first["warc"][:-40]})  # a truncated record, as a bad disk leaves it
    finally:
        db.close()
    bad = subprocess.run(verify, capture_output=True, text=True, timeout=120, check=False)
    assert bad.returncode == 1
    assert f"evidence {first['id']} " in bad.stdout
    assert "truncated" in bad.stdout
