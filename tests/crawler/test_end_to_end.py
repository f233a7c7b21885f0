"""The whole path through the real Scrapy engine: demo marketplace served by a subprocess on
127.0.0.1 → generic discovery spider → extraction → matchers → store → review queue."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml
from sqlite_utils import Database
from warcio.archiveiterator import ArchiveIterator

from crawler.app.watchlists import import_lists
from crawler.demo import SITE_ROOT
from crawler.identity import canonical_path
from crawler.runner import loopback_args
from db import open_db
from db.hits import list_hits
from db.listings import iter_listings
from db.runs import get_run, recent_runs
from tests.mockserver import MockServer
from watchlists.bundled import bundled_paths

EXPECTED = yaml.safe_load((SITE_ROOT / "EXPECTED.yml").read_text(encoding="utf-8"))
LOCAL_FAST = loopback_args()


def originwatch(*args: str) -> subprocess.CompletedProcess[str]:
    """One crawl per process: a Twisted reactor cannot be restarted."""
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", *args], capture_output=True, text=True, timeout=240, check=False
    )


@pytest.fixture(scope="module")
def server() -> Iterator[MockServer]:
    with MockServer(SITE_ROOT) as mock:
        yield mock


@pytest.fixture(scope="module")
def crawled(server: MockServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db_path = tmp_path_factory.mktemp("e2e") / "e2e.db"
    db = open_db(db_path)
    import_lists(db, bundled_paths(), "yaml")
    db.close()
    result = originwatch("--db", str(db_path), "crawl-url", server.url + "/", *LOCAL_FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    db = open_db(db_path)
    (run,) = recent_runs(db, "discover")
    listings = {canonical_path(row["url"]): row for row in iter_listings(db)}
    hits = {canonical_path(h["url"]): h for h in list_hits(db)}
    db.close()
    return {"db_path": db_path, "run": run, "listings": listings, "hits": hits, "output": result.stdout}


def test_every_expected_listing_is_stored_with_its_seller(crawled: dict[str, Any]) -> None:
    listings = crawled["listings"]
    reachable = [e for e in EXPECTED["listings"] if not e.get("reason")]
    for expected in reachable:
        stored = listings.get(expected["path"])
        assert stored is not None, f"missing {expected['path']}"
        assert stored["title"] == expected["title"]
        assert stored["seller_name"] == expected["seller"], expected["path"]
        assert stored["kind"] == expected["kind"]
    assert len(listings) == len(reachable)


def test_categories_come_from_the_matchers(crawled: dict[str, Any]) -> None:
    for expected in EXPECTED["listings"]:
        stored = crawled["listings"].get(expected["path"])
        if stored is not None:
            assert stored["category"] == expected["category"], expected["path"]


def test_hits_are_exactly_the_expected_leads(crawled: dict[str, Any]) -> None:
    expected_flagged = {e["path"] for e in EXPECTED["listings"] if e["expected_flag"] and not e.get("reason")}
    assert set(crawled["hits"]) == expected_flagged
    for path, hit in crawled["hits"].items():
        assert hit["status"] == "new", path
        assert hit["reasons"], path
        for reason in hit["reasons"]:
            assert reason["matched_text"]
            assert reason["detail"]
            assert reason["rule"]


def test_blocked_broken_and_disallowed_pages(crawled: dict[str, Any]) -> None:
    stats = crawled["run"]["stats"]
    assert stats["pages/blocked"] == EXPECTED["counts"]["blocked_pages"]
    assert stats["pages/broken"] == EXPECTED["counts"]["broken_pages"]
    assert not any(p.startswith(tuple(EXPECTED["robots_disallow"])) for p in crawled["listings"])
    assert stats.get("robotstxt/forbidden", 0) >= 1
    assert not any(urlsplit(row["url"]).hostname != "127.0.0.1" for row in crawled["listings"].values())


def test_run_record(crawled: dict[str, Any]) -> None:
    run = crawled["run"]
    assert run["status"] == "finished", run["notes"]
    assert run["stats"]["listings/new"] == len(crawled["listings"])
    assert any("setting override: DOWNLOAD_DELAY=" in note for note in run["notes"])


def test_recrawl_adds_no_listing_and_no_hit(crawled: dict[str, Any], server: MockServer) -> None:
    result = originwatch("--db", str(crawled["db_path"]), "crawl-url", server.url + "/", *LOCAL_FAST)
    assert result.returncode == 0, result.stderr[-3000:]
    db: Database = open_db(crawled["db_path"])
    run = get_run(db, recent_runs(db, "discover", limit=1)[0]["id"])
    assert sum(1 for _ in iter_listings(db)) == len(crawled["listings"])
    assert len(list_hits(db)) == len(crawled["hits"])
    db.close()
    assert run["stats"].get("listings/new", 0) == 0
    assert run["stats"].get("hits/new", 0) == 0
    assert run["stats"]["listings/unchanged"] == len(crawled["listings"])


def test_demo_command_twice(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    first = originwatch("--db", db, "demo")
    assert first.returncode == 0, first.stderr[-3000:]
    assert "hits by reason" in first.stdout
    assert "hits --status new" in first.stdout
    second = originwatch("--db", db, "demo")
    assert second.returncode == 0, second.stderr[-3000:]
    assert "listings: 0 new, 0 changed" in second.stdout
    assert "hits: 0 new" in second.stdout


def test_hit_evidence_exports_the_captured_page(crawled: dict[str, Any], tmp_path: Path) -> None:
    hit = next(iter(crawled["hits"].values()))
    out = tmp_path / "evidence.warc.gz"
    result = originwatch("--db", str(crawled["db_path"]), "evidence", str(hit["id"]), "--output", str(out))
    assert result.returncode == 0, result.stderr[-2000:]
    with out.open("rb") as stream:
        records = [(r.rec_type, r.rec_headers, r.content_stream().read()) for r in ArchiveIterator(stream)]
    kinds = [kind for kind, _, _ in records]
    assert kinds[0] == "warcinfo"
    assert kinds.count("request") == kinds.count("response") >= 1  # each response beside its request
    _, headers, body = next(r for r in records if r[0] == "response")
    assert headers.get_header("WARC-Target-URI") == hit["url"]
    assert headers.get_header("WARC-Payload-Digest-SHA256") == hashlib.sha256(body).hexdigest()
    assert b"<html" in body.lower()


def test_extract_command_reads_a_saved_page(tmp_path: Path) -> None:
    expected = next(e for e in EXPECTED["listings"] if e["structure"] == "json-ld")
    page = SITE_ROOT / expected["path"].lstrip("/")
    zipped = tmp_path / "page.html.gz"
    zipped.write_bytes(gzip.compress(page.read_bytes()))
    outputs = []
    for source in (page, zipped):
        result = originwatch("extract", str(source), "--url", "http://127.0.0.1" + expected["path"])
        assert result.returncode == 0, result.stderr[-2000:]
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]
    fields = outputs[0]
    assert set(fields) == {
        "title", "price", "currency", "sku", "availability", "seller_name", "seller_location", "origin", "contacts",
        "seller_source", "seller_is_site", "kind", "kind_signals", "skip_reason", "canonical_url", "encoding",
    }  # fmt: skip
    assert fields["seller_source"] == "json-ld offers.seller"
    assert fields["kind"] == "product"
    assert fields["title"] == expected["title"]
    assert fields["seller_name"] == expected["seller"]
