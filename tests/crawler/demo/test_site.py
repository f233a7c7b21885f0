"""The bundled demo market: complete, self-consistent with EXPECTED.yml, and crawlable as documented."""

from __future__ import annotations

import re
import urllib.robotparser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import lxml.html
import pytest
import yaml

from crawler.demo import SITE_ROOT
from crawler.demo.overrides import load_overrides
from tests.sitegen.build import file_for

HTML_FILES = sorted(SITE_ROOT.rglob("*.html"))
SEARCH_PAGE = "search/index.html"


def page_text(path: Path, encoding: str = "utf-8") -> str:
    """Visible text plus meta/JSON-LD content, whitespace collapsed, as a crawler would see it."""
    html = path.read_bytes().decode(encoding)
    tree = lxml.html.fromstring(html)
    text = " ".join(tree.itertext())
    return re.sub(r"\s+", " ", text)


def links(path: Path) -> list[str]:
    tree = lxml.html.fromstring(path.read_bytes())
    found = [str(href) for href in tree.xpath("//a/@href | //link/@href | //img/@src | //script/@src")]
    found += [str(content) for content in tree.xpath("//meta[@property='og:image']/@content")]
    return found


OVERRIDES = load_overrides(SITE_ROOT)


def resolves(url_path: str) -> bool:
    override = OVERRIDES.for_path(url_path)
    if override is not None and override.redirect is not None:
        return resolves(override.redirect)
    target = SITE_ROOT / url_path.lstrip("/")
    return (target / "index.html").is_file() if target.is_dir() else target.is_file()  # as the server does


def listing_encoding(entry: dict[str, Any]) -> str:
    return str(entry.get("encoding", {}).get("actual", "utf-8"))


def test_robots_txt_closes_search_and_account_pages() -> None:
    robots = urllib.robotparser.RobotFileParser()
    robots.parse((SITE_ROOT / "robots.txt").read_text(encoding="utf-8").splitlines())
    assert not robots.can_fetch("originwatch", "/search?q=lace+wig")
    assert not robots.can_fetch("originwatch", "/search/")
    assert not robots.can_fetch("originwatch", "/account/login.html")
    assert robots.can_fetch("originwatch", "/")
    assert robots.can_fetch("originwatch", "/product/Brazilian-Body-Wave-13x4-Lace-Front-Human-Hair-Wig_3100101.html")
    assert robots.can_fetch("originwatch", "/board/")


def test_every_expected_page_exists(expected: dict[str, Any]) -> None:
    paths = [entry["path"] for key in ("listings", "blocked", "broken", "not_crawlable") for entry in expected[key]]
    paths += [entry["seller_path"] for entry in expected["listings"] if entry["seller_path"]]
    assert len(paths) > 40
    missing = [path for path in paths if not (SITE_ROOT / file_for(path)).is_file()]
    assert missing == []


def test_every_internal_link_resolves(expected: dict[str, Any]) -> None:
    broken: list[str] = []
    external: set[str] = set()
    for path in HTML_FILES:
        for href in links(path):
            parts = urlsplit(href)
            if href.startswith("https://schema.org/"):
                continue  # microdata vocabulary (itemprop="availability"), not a link to follow
            if parts.scheme or parts.netloc:
                external.add(href)
            elif not resolves(parts.path):
                broken.append(f"{path.relative_to(SITE_ROOT)} -> {href}")
    assert broken == []
    assert external == set(expected["external_links"])


def test_counts_agree_with_the_listed_pages(expected: dict[str, Any]) -> None:
    counts, listings = expected["counts"], expected["listings"]
    assert counts["listings"] == len(listings) == counts["products"] + counts["adverts"]
    assert counts["flagged"] == sum(entry["expected_flag"] for entry in listings)
    assert counts["flagged"] == counts["flagged_high"] + counts["flagged_low"]
    assert counts["blocked_pages"] == len(expected["blocked"])
    assert counts["broken_pages"] == len(expected["broken"])
    assert counts["seller_pages"] == len(list((SITE_ROOT / "seller").iterdir()))
    assert {entry["category"] for entry in listings} == {"wig", "eyelash", "rattan_bag", "other"}
    # the demo is meant to be mostly clean, as real markets are
    assert counts["flagged"] < counts["listings"] / 2


def test_every_signal_is_in_its_page_text(expected: dict[str, Any]) -> None:
    pages = expected["listings"] + expected["not_crawlable"]
    missing = []
    for entry in pages:
        text = page_text(SITE_ROOT / file_for(entry["path"]), listing_encoding(entry))
        missing += [f"{entry['path']}: {signal['text']}" for signal in entry["signals"] if signal["text"] not in text]
    assert missing == []


def test_clean_pages_carry_no_origin_phrase(expected: dict[str, Any]) -> None:
    """Hard negatives may say Korea or Joseon, but never one of the phrases that flag another page."""
    phrases = {
        signal["text"]
        for entry in expected["listings"]
        for signal in entry["signals"]
        if signal["kind"] in {"phrase", "contact"}
    }
    leaks = []
    for entry in expected["listings"]:
        if entry["expected_flag"]:
            continue
        text = page_text(SITE_ROOT / file_for(entry["path"]), listing_encoding(entry))
        leaks += [f"{entry['path']}: {phrase}" for phrase in phrases if phrase in text]
    assert leaks == []


def test_every_listing_names_and_links_its_seller(expected: dict[str, Any]) -> None:
    for entry in expected["listings"]:
        path = SITE_ROOT / file_for(entry["path"])
        assert entry["seller"] in page_text(path, listing_encoding(entry)), entry["path"]
        if entry["seller_path"]:
            assert entry["seller_path"] in links(path), entry["path"]


def test_page_structures_are_what_expected_says(expected: dict[str, Any]) -> None:
    markers = {
        "json-ld": 'type="application/ld+json"',
        "microdata": 'itemtype="https://schema.org/Product"',
        "og": '<meta property="og:type" content="product">',
    }
    structures = {entry.get("structure") for entry in expected["listings"]}
    assert {"json-ld", "microdata", "og", "dom"} <= structures
    for entry in expected["listings"]:
        html = (SITE_ROOT / file_for(entry["path"])).read_bytes().decode(listing_encoding(entry))
        for structure, marker in markers.items():
            assert (marker in html) == (entry.get("structure") == structure), (entry["path"], structure)


def test_malformed_json_ld_sits_beside_a_good_block(expected: dict[str, Any]) -> None:
    import json

    (entry,) = [entry for entry in expected["listings"] if "malformed_json_ld" in entry]
    tree = lxml.html.fromstring((SITE_ROOT / file_for(entry["path"])).read_bytes())
    blocks = [str(text) for text in tree.xpath("//script[@type='application/ld+json']/text()")]
    parsed = []
    for block in blocks:
        try:
            parsed.append(json.loads(block))
        except json.JSONDecodeError:
            parsed.append(None)
    assert parsed.count(None) == 1
    (good,) = [block for block in parsed if block is not None]
    assert good["@type"] == "Product"
    assert good["offers"]["seller"]["name"] == entry["seller"]


def test_gbk_page_is_really_gbk(expected: dict[str, Any]) -> None:
    (entry,) = [e for e in expected["listings"] if e.get("encoding", {}).get("actual") == "gbk"]
    raw = (SITE_ROOT / file_for(entry["path"])).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert "朝鲜加工".encode("gbk") in raw
    assert b'content="text/html; charset=gbk"' in raw
    override = load_overrides(SITE_ROOT).for_path(entry["path"])
    assert override is not None
    assert override.headers["Content-Type"] == "text/html; charset=gbk"


def test_header_and_meta_disagree_on_one_page(expected: dict[str, Any]) -> None:
    (entry,) = [
        e for e in expected["listings"] if e.get("encoding", {}).get("header") != e.get("encoding", {}).get("meta")
    ]
    raw = (SITE_ROOT / file_for(entry["path"])).read_bytes()
    assert "朝鲜手勒毛" in raw.decode("utf-8")  # strict: the bytes are UTF-8
    assert b"charset=utf-8" in raw
    override = load_overrides(SITE_ROOT).for_path(entry["path"])
    assert override is not None
    assert override.headers["Content-Type"] == "text/html; charset=gbk"


def test_captcha_page_looks_like_a_robot_check_and_is_linked(expected: dict[str, Any]) -> None:
    (blocked,) = expected["blocked"]
    html = (SITE_ROOT / file_for(blocked["path"])).read_text(encoding="utf-8")
    assert "Enter the characters you see below" in html
    assert 'action="/errors/validateCaptcha"' in html
    assert 'id="captchacharacters"' in html
    linking = [path for path in HTML_FILES if blocked["path"] in links(path)]
    assert [str(path.relative_to(SITE_ROOT)) for path in linking] == ["c/wigs/index.html"]
    assert load_overrides(SITE_ROOT).for_path(blocked["path"]) is None  # served with HTTP 200


def test_search_only_page_is_reachable_only_through_search(expected: dict[str, Any]) -> None:
    for entry in expected["not_crawlable"]:
        own_file = file_for(entry["path"])
        linking = {str(path.relative_to(SITE_ROOT)) for path in HTML_FILES if entry["path"] in links(path)}
        assert linking - {own_file} == {SEARCH_PAGE}  # its own canonical link does not count


def test_categories_paginate(expected: dict[str, Any]) -> None:
    for category in ("wigs", "eyelashes", "rattan-bags"):
        first = SITE_ROOT / "c" / category / "index.html"
        assert f"/c/{category}/page-2.html" in links(first)
        assert (SITE_ROOT / "c" / category / "page-2.html").is_file()


def test_expected_file_is_valid_yaml_and_hidden_from_crawlers() -> None:
    assert "EXPECTED.yml" in load_overrides(SITE_ROOT).hidden
    data = yaml.safe_load((SITE_ROOT / "EXPECTED.yml").read_text(encoding="utf-8"))
    assert data["site"] == "Harbor Trade Demo Market"
