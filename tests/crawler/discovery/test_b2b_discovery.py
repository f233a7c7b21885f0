"""Generic discovery (`crawl-url`) through the real engine on a small B2B board served on 127.0.0.1:
plain-HTML product pages, selling and buying leads, Chinese supply/demand pages in GBK (one declaring its
charset, two not, all served with the server's wrong `charset=utf-8` header), no structured data at all.
Every listing is stored, under its canonical URL, and every one that carries a signal is flagged."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from crawler.runner import loopback_args
from db import open_db
from db.hits import list_hits
from db.listings import iter_listings
from db.runs import recent_runs
from tests.mockserver import MockServer

SITE = Path(__file__).with_name("b2b_site")
ROOT = Path(__file__).resolve().parents[3]

# path -> (kind, seller, price, flagged): what a reader of each page would write down.
EXPECTED: dict[str, tuple[str, str, str, bool]] = {
    "/products/Hand-Tied-Human-Hair-Lace-Wig_20031.html": ("product", "Dandong Sinbo Hair Products Co., Ltd.", "45.00", True),  # noqa: E501
    "/products/3D-Mink-Eyelashes-Handmade_20032.html": ("product", "Qingdao Starlash Cosmetics Co., Ltd.", "1.20", True),  # noqa: E501
    "/products/Natural-Rattan-Storage-Basket_20033.html": ("product", "Hanoi Bamboo Craft Co.", "6.80", False),
    "/sell/offer-5001.html": ("advert", "Rason Handicraft Trading Co.", "", True),
    "/buy/lead-7001.html": ("advert", "Lagos Beauty Imports Ltd.", "", False),
    "/cn/gongying/1001.html": ("product", "珲春金达莱发制品有限公司", "380", True),
    "/cn/gongying/1002.html": ("product", "丹东宏远工艺品有限公司", "12", True),
    "/cn/qiugou/2001.html": ("advert", "罗先贸易会社", "", True),
}  # fmt: skip


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    db_path = tmp_path_factory.mktemp("b2b") / "b2b.db"
    with MockServer(SITE) as server:
        result = subprocess.run(
            [sys.executable, "-m", "crawler.cli.main", "--db", str(db_path), "crawl-url", server.url + "/",
             *loopback_args()],
            capture_output=True, text=True, timeout=240, cwd=ROOT, check=False,
        )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    db = open_db(db_path)
    try:
        (run,) = recent_runs(db, "discover")
        listings = {urlsplit(row["url"]).path: row for row in iter_listings(db)}
        urls = {row["url"] for row in iter_listings(db)}
        flagged = {urlsplit(hit["url"]).path for hit in list_hits(db) if hit["priority"] == "high"}
        yield {"run": run, "listings": listings, "urls": urls, "flagged": flagged}
    finally:
        db.close()


@pytest.mark.slow
def test_every_listing_is_stored_with_its_seller(crawled: dict[str, Any]) -> None:
    listings = crawled["listings"]
    assert set(listings) == set(EXPECTED)
    for path, (kind, seller, price, _flag) in EXPECTED.items():
        row = listings[path]
        assert (row["kind"], row["seller_name"]) == (kind, seller), path
        assert row["price"].rstrip("0").rstrip(".") == price.rstrip("0").rstrip(".") if price else not row["price"]
        assert row["seller_source"].startswith("labelled row"), (path, row["seller_source"])


@pytest.mark.slow
def test_every_listing_with_a_signal_is_flagged(crawled: dict[str, Any]) -> None:
    assert crawled["flagged"] == {path for path, expected in EXPECTED.items() if expected[3]}


@pytest.mark.slow
def test_chinese_pages_decode_and_tracking_links_collapse(crawled: dict[str, Any]) -> None:
    listings = crawled["listings"]
    assert listings["/cn/gongying/1002.html"]["title"] == "供应 手工假睫毛 朝鲜手勒毛"
    assert listings["/cn/gongying/1001.html"]["origin"] == "朝鲜"
    # The home page links the wig with ?utm_source=…&spm=…: one listing, stored without them.
    assert not any("utm_" in url or "spm=" in url or "from=" in url for url in crawled["urls"])
    stats = crawled["run"]["stats"]
    assert stats.get("pages/encoding_guessed") == 2, stats
    assert stats.get("pages/skipped/listing-page", 0) >= 2, stats
