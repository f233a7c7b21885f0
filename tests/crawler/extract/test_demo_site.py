"""The generic layer reads the demo marketplace exactly as EXPECTED.yml says, page file by page file.

Every HTML file of crawler/demo/site is read from disk (no server) and decoded with the charset the demo
server would send for it, so the GBK pages meet the layer as a crawl delivers them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.demo.overrides import load_overrides
from crawler.extract import Extracted, extract_page

SITE = Path(__file__).resolve().parents[3] / "crawler" / "demo" / "site"
EXPECTED: dict[str, Any] = yaml.safe_load((SITE / "EXPECTED.yml").read_text(encoding="utf-8"))
OVERRIDES = load_overrides(SITE)
BASE_URL = "http://127.0.0.1:8000"


def url_path(file: Path) -> str:
    """The URL path the demo server serves a file under (directories serve their index.html)."""
    path = "/" + file.relative_to(SITE).as_posix()
    return path.removesuffix("index.html")


def header_charset(path: str) -> str | None:
    override = OVERRIDES.for_path(path)
    content_type = override.headers.get("Content-Type", "") if override else ""
    _, _, charset = content_type.partition("charset=")
    return charset or None


def extract(path: str) -> Extracted:
    file = SITE / (path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
    return extract_page(file.read_bytes(), BASE_URL + path, header_charset=header_charset(path))


ALL_PAGES = sorted(url_path(file) for file in SITE.rglob("*.html"))
# Listings reachable or not (the robots-hidden one is still a product page when fetched).
LISTINGS = {entry["path"]: entry for entry in EXPECTED["listings"] + EXPECTED["not_crawlable"]}
# Product pages the server breaks (HTTP 500, cut-off body): judging those is the transport's job.
BROKEN = {entry["path"] for entry in EXPECTED["broken"]}
BLOCKED = {entry["path"] for entry in EXPECTED["blocked"]}
OTHER_PAGES = [path for path in ALL_PAGES if path not in LISTINGS and path not in BROKEN]


def test_every_listing_has_a_page_file() -> None:
    assert set(LISTINGS) <= set(ALL_PAGES)
    assert len(EXPECTED["listings"]) == EXPECTED["counts"]["listings"]


@pytest.mark.parametrize("path", sorted(LISTINGS))
def test_listing_kind_title_and_seller(path: str) -> None:
    expected = LISTINGS[path]
    ex = extract(path)
    assert (ex.kind, ex.title, ex.seller_name) == (expected["kind"], expected["title"], expected["seller"])


@pytest.mark.parametrize("path", OTHER_PAGES)
def test_other_pages_are_not_listings(path: str) -> None:
    ex = extract(path)
    assert ex.kind not in {"product", "advert"}, (ex.title, ex.price, ex.seller_name)
    if path.startswith("/seller/"):
        assert ex.kind == "seller"
    if path in BLOCKED:
        assert ex.kind == "blocked"


def test_page_counts_by_kind() -> None:
    """The crawl stores products and adverts: exactly the expected 34 + 8, and one seller per profile."""
    kinds = [extract(path).kind for path in ALL_PAGES if path not in BROKEN]
    reachable = [e for e in EXPECTED["listings"] if not e.get("reason")]
    counts = EXPECTED["counts"]
    not_crawlable_products = sum(entry["kind"] == "product" for entry in EXPECTED["not_crawlable"])
    assert kinds.count("product") == counts["products"] + not_crawlable_products
    assert kinds.count("advert") == counts["adverts"]
    assert kinds.count("seller") == counts["seller_pages"]
    assert kinds.count("product") + kinds.count("advert") == len(reachable) + not_crawlable_products
