"""The generated spiders: one per profile, arguments that point them at a copy, robots entry override."""

from __future__ import annotations

import asyncio

import pytest
import scrapy

from crawler.runner import spider_names
from crawler.sites import list_profiles
from crawler.spiders.sites import SiteSpider, spider_class


def _start_requests(spider: SiteSpider) -> list[scrapy.Request]:
    async def collect() -> list[scrapy.Request]:
        return [request async for request in spider.start()]

    return asyncio.run(collect())


def test_every_profile_is_a_spider_scrapy_can_list() -> None:
    assert set(list_profiles()) <= set(spider_names())


def test_base_url_points_the_spider_at_a_copy() -> None:
    spider = spider_class("dhgate")(base_url="http://127.0.0.1:8123/", keywords="wig", max_pages="1")
    assert spider.allowed_domains == ["127.0.0.1"]
    assert spider.platform == "dhgate.com"  # a copy of the site is still that platform
    urls = [request.url for request in _start_requests(spider)]
    assert urls
    assert all(url.startswith("http://127.0.0.1:8123/wholesale/") and "?" not in url for url in urls)
    assert any("disallow" in note for note in spider.run_notes)


def test_live_spider_keeps_the_profile_domains() -> None:
    spider = spider_class("ebay")(keywords="wicker bag", max_pages="2")
    assert spider.allowed_domains == ["ebay.com"]
    assert [request.url for request in _start_requests(spider)] == [
        "https://www.ebay.com/sch/i.html?_nkw=wicker+bag&_pgn=1&_ipg=60",
        "https://www.ebay.com/sch/i.html?_nkw=wicker+bag&_pgn=2&_ipg=60",
    ]


def test_robots_entry_override_is_flagged_on_the_request_and_noted() -> None:
    spider = spider_class("alibaba")(keywords="wig", max_pages="1", ignore_robots_entry="1")
    overridden = [r for r in _start_requests(spider) if r.meta.get("dont_obey_robotstxt")]
    assert [r.url for r in overridden] == [
        "https://www.alibaba.com/trade/search?SearchText=wig&page=1&IndexArea=product_en"
    ]
    assert any("ignore_robots_entry=1" in note for note in spider.run_notes)


def test_seller_urls_of_the_real_site_follow_a_base_url_override() -> None:
    spider = spider_class("aliexpress")(base_url="http://127.0.0.1:9")
    assert spider.local_url("https://www.aliexpress.com/store/912345") == "http://127.0.0.1:9/store/912345"
    assert spider.local_url("https://other.example/store/1") == "https://other.example/store/1"


def test_bad_arguments_are_clear_errors() -> None:
    with pytest.raises(ValueError, match="max_pages must be a whole number"):
        spider_class("ebay")(max_pages="two")
    with pytest.raises(ValueError, match="max_pages must be a whole number"):
        spider_class("ebay")(max_pages="0")
    with pytest.raises(ValueError, match="ignore_robots_entry must be 1 or 0"):
        spider_class("ebay")(ignore_robots_entry="maybe")
    with pytest.raises(ValueError, match="base_url must be http"):
        spider_class("ebay")(base_url="127.0.0.1:8000")


def test_needs_browser_is_noted_in_the_run_record() -> None:
    assert any("needs a browser" in note for note in spider_class("etsy")().run_notes)
