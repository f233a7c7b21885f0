"""What a crawl says about itself: a 403 bot wall counts as blocked (not broken) for the discovery
spider too, and a start URL robots.txt forbids ends the run broken with that cause, exit 1."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.demo import SITE_ROOT
from crawler.runner import loopback_args
from db.connection import opened
from db.runs import list_runs
from tests.mockserver import MockServer

ROOT = Path(__file__).resolve().parents[3]
PRODUCT = next(p for p in sorted((SITE_ROOT / "product").glob("*.html")))


def crawl_url(db: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "--db", str(db), "crawl-url", url, "-s", "RETRY_ENABLED=False",
         *loopback_args()],
        capture_output=True, text=True, timeout=180, cwd=ROOT, check=False,
    )  # fmt: skip


def small_site(root: Path, *, robots: str, walled: bool) -> Path:
    root.mkdir()
    (root / "robots.txt").write_text(robots, encoding="utf-8")
    shutil.copy(PRODUCT, root / "item.html")
    (root / "wall.html").write_text("<html><title>Access denied</title><body>Forbidden</body></html>")
    (root / "index.html").write_text(
        '<html><title>Shop</title><body><a href="/item.html">wig</a> <a href="/wall.html">more</a></body></html>'
    )
    if walled:
        (root / "_server.yml").write_text("paths:\n  /wall.html:\n    status: 403\n    note: a bot wall\n")
    return root


@pytest.mark.slow
def test_a_403_counts_as_blocked_for_the_discovery_spider(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", robots="User-agent: *\nAllow: /\n", walled=True)
    db = tmp_path / "ow.db"
    with MockServer(site) as server:
        done = crawl_url(db, server.url + "/")
    assert "Traceback" not in done.stderr
    with opened(db) as store:
        (run,) = list_runs(store)
    stats = run["stats"]
    assert stats.get("downloader/response_status_count/403") == 1
    assert stats.get("pages/blocked") == 1, stats
    # Broken are only the product page's links this small copy lacks (404), never the 403.
    assert stats.get("pages/broken", 0) == stats.get("downloader/response_status_count/404", 0)
    assert stats.get("listings/new") == 1


@pytest.mark.slow
def test_a_start_url_robots_forbids_is_a_broken_run_with_that_cause(tmp_path: Path) -> None:
    site = small_site(tmp_path / "site", robots="User-agent: *\nDisallow: /\n", walled=False)
    db = tmp_path / "ow.db"
    with MockServer(site) as server:
        done = crawl_url(db, server.url + "/")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ended broken: robots.txt forbids the start URL" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
