"""A site changes its markup: the crawl must say so loudly, not store empty listings quietly."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from crawler.runner import loopback_args
from db import open_db
from db.listings import iter_listings
from db.runs import recent_runs
from tests.mockserver import MockServer

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "ebay"
FAST = [*loopback_args(), "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "RETRY_ENABLED=False"]
# What a redesign does to eBay's item pages: structured data gone, seller card and item-location classes
# renamed to hashed names, so the profile's selectors and the generic layer no longer find the seller.
REDESIGN = (
    (re.compile(r'<script type="application/ld\+json">.*?</script>', re.S), ""),
    (re.compile(r"x-sellercard-atf__info__about-seller"), "c7f2a9"),
    (re.compile(r"ux-labels-values--itemLocation"), "c9a1b4"),
    (re.compile(r'itemprop="[^"]*"'), ""),
)


def redesigned_copy(target: Path) -> Path:
    shutil.copytree(FIXTURE, target)
    for page in target.rglob("*.html"):
        if "/itm/" in page.as_posix():
            html = page.read_text(encoding="utf-8")
            for pattern, replacement in REDESIGN:
                html = pattern.sub(replacement, html)
            page.write_text(html, encoding="utf-8")
    return target


def crawl_ebay(db: Path, root: Path, *settings: str, healthy: bool = True) -> None:
    """One crawl of an eBay fixture tree through the CLI, in its own process; a run that ends broken
    exits 1 with its cause."""
    with MockServer(root) as server:
        args = ["-a", f"base_url={server.url}", "-a", "keywords=rattan bag", "-a", "max_pages=1"]
        done = subprocess.run(
            [sys.executable, "-m", "crawler.cli.main", "--db", str(db), "crawl", "ebay", *args, *FAST, *settings],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert done.returncode == (0 if healthy else 1), done.stderr[-3000:]
    if not healthy:
        assert "ended broken: " in done.stderr


def test_broken_selectors_mark_the_run_broken(tmp_path: Path) -> None:
    db_path = tmp_path / "ow.db"
    crawl_ebay(db_path, FIXTURE)
    crawl_ebay(db_path, redesigned_copy(tmp_path / "ebay-redesigned"), healthy=False)
    db = open_db(db_path)
    newest, before = recent_runs(db, "ebay", limit=2)
    stored = list(iter_listings(db))
    db.close()
    assert before["status"] == "finished", before["notes"]
    assert newest["status"] == "broken"
    health = [note for note in newest["notes"] if note.startswith("health:")]
    assert any("seller_name present on" in note and "at least 90% expected" in note for note in health), health
    assert newest["stats"]["listings/dropped_incomplete"] >= 1
    # Listings are kept as the last good crawl stored them, never overwritten by emptied ones.
    assert stored
    assert all(row["seller_name"] for row in stored)


def test_listings_waiting_for_an_unreachable_seller_page_are_still_stored(tmp_path: Path) -> None:
    """At the depth limit the seller-profile request is dropped without an answer; the listings that
    waited for it are released when the crawl goes idle, not lost."""
    db_path = tmp_path / "ow.db"
    crawl_ebay(db_path, FIXTURE, "-s", "DEPTH_LIMIT=1", healthy=False)  # half the sellers unknown: broken
    db = open_db(db_path)
    (run,) = recent_runs(db, "ebay", limit=1)
    stored = list(iter_listings(db))
    db.close()
    assert len(stored) == 2
    assert run["stats"]["listings/released_without_seller_page"] >= 1
    assert "listings/lost_at_close" not in run["stats"]


def test_a_block_page_slows_the_crawl_of_that_site(tmp_path: Path) -> None:
    db_path = tmp_path / "ow.db"
    crawl_ebay(db_path, FIXTURE, "-s", "ORIGINWATCH_BLOCK_BACKOFF=0.5")
    db = open_db(db_path)
    (run,) = recent_runs(db, "ebay", limit=1)
    db.close()
    assert run["stats"]["pages/blocked"] == 1
    assert run["stats"]["pages/backoff"] == 1
    assert "setting override: ORIGINWATCH_BLOCK_BACKOFF='0.5'" in run["notes"]
