"""Every site's fixture tree crawled by its generated spider through the real Scrapy engine, the
pipelines and the store; results read back through db/ only. Expectations: fixtures/<site>/_expected.yml."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from db import open_db
from db.hits import list_hits
from db.listings import iter_listings
from db.runs import get_run

SITES = [
    "1688",
    "alibaba",
    "aliexpress",
    "amazon",
    "dhgate",
    "ebay",
    "ec21",
    "ecplaza",
    "etsy",
    "go4worldbusiness",
    "made_in_china",
    "tradeindia",
    "tradekey",
]


@pytest.fixture
def crawl(request: pytest.FixtureRequest, site_crawls: dict[str, Any]) -> Any:
    site = request.param
    if site not in site_crawls:
        pytest.fail(f"no fixture tree with _expected.yml for {site}")
    return site_crawls[site]


@pytest.fixture
def db(crawl: Any) -> Iterator[Database]:
    database = open_db(crawl.db_path)
    yield database
    database.close()


def _by_path(db: Database) -> dict[str, dict[str, Any]]:
    return {_path(row["url"]): row for row in iter_listings(db)}


def _path(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.mark.parametrize("crawl", SITES, indirect=True)
def test_listings_have_title_seller_and_origin(crawl: Any, db: Database) -> None:
    stored = _by_path(db)
    expected: dict[str, dict[str, Any]] = crawl.expected["listings"]
    assert sorted(stored) == sorted(expected)
    for path, fields in expected.items():
        for name, value in fields.items():
            if name == "attributes":
                assert value.items() <= stored[path][name].items(), f"{crawl.site} {path}: attributes"
            elif name != "hit":
                assert stored[path][name] == value, f"{crawl.site} {path}: {name}"


@pytest.mark.parametrize("crawl", SITES, indirect=True)
def test_listing_is_merged_with_its_followed_seller_profile(crawl: Any, db: Database) -> None:
    run = get_run(db, crawl.run_id)
    assert run["stats"].get("sellers/profiles", 0) == crawl.expected["seller_profiles"]
    for path, fields in crawl.expected.get("seller_merged", {}).items():
        row = _by_path(db)[path]
        for name, value in fields.items():
            assert row[name] == value, f"{crawl.site} {path}: {name} from the seller profile"


@pytest.mark.parametrize("crawl", SITES, indirect=True)
def test_block_pages_are_counted_never_stored(crawl: Any, db: Database) -> None:
    stats = get_run(db, crawl.run_id)["stats"]
    assert stats.get("pages/blocked", 0) == crawl.expected["blocked"]
    stored = _by_path(db)
    for path in crawl.expected.get("never_stored", []):
        assert path not in stored


@pytest.mark.parametrize("crawl", SITES, indirect=True)
def test_run_record_is_finished_with_notes(crawl: Any, db: Database) -> None:
    run = get_run(db, crawl.run_id)
    assert run["spider"] == crawl.site
    assert run["status"] == "finished", run["notes"]
    assert run["stats"]["listings/seen"] == len(crawl.expected["listings"])
    note = crawl.expected.get("run_note")
    if note:
        assert any(note in line for line in run["notes"]), run["notes"]


@pytest.mark.parametrize("crawl", SITES, indirect=True)
def test_north_korean_signals_reach_the_review_queue(crawl: Any, db: Database) -> None:
    flagged = {_path(hit["url"]) for hit in list_hits(db)}
    wanted = {path for path, fields in crawl.expected["listings"].items() if fields.get("hit")}
    assert wanted <= flagged


def test_operator_robots_override_is_explicit_and_recorded(site_crawls: dict[str, Any]) -> None:
    crawl = site_crawls["alibaba+ignore_robots_entry"]
    database = open_db(crawl.db_path)
    try:
        run = get_run(database, crawl.run_id)
        stored = _by_path(database)
    finally:
        database.close()
    assert run["args"].get("site") == "alibaba"
    assert any("ignore_robots_entry=1" in note for note in run["notes"]), run["notes"]
    # Only the overridden entry page ignores robots.txt; the product it links to is allowed (/product-detail/).
    assert "/product-detail/Robots-Disallowed-Search-Result_1600555555555.html" in stored
