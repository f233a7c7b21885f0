"""Start URLs: keywords x pages, filtered by the profile's robots rules, with an explicit override."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.sites import load_profile, plan_entry
from crawler.sites.entry import expand, rebase


def test_templates_expand_per_keyword_and_page() -> None:
    urls = expand("/w/wholesale-{keyword_slug}.html?SearchText={keyword}&page={page}", ["lace wig", "假发"], 2)
    assert urls == [
        "/w/wholesale-lace-wig.html?SearchText=lace+wig&page=1",
        "/w/wholesale-lace-wig.html?SearchText=lace+wig&page=2",
        "/w/wholesale-%E5%81%87%E5%8F%91.html?SearchText=%E5%81%87%E5%8F%91&page=1",
        "/w/wholesale-%E5%81%87%E5%8F%91.html?SearchText=%E5%81%87%E5%8F%91&page=2",
    ]
    assert expand("/products-search/hot-china-products/{keyword_title}.html", ["mink lashes"], 3) == [
        "/products-search/hot-china-products/Mink_Lashes.html"
    ]
    assert expand("/wholesale/handbags/c104001.html", ["a", "b"], 3) == ["/wholesale/handbags/c104001.html"]


def test_alibaba_search_is_disallowed_so_showrooms_are_used() -> None:
    plan = plan_entry(load_profile("alibaba"), keywords=["lace wig"])
    assert plan.allowed == ["https://www.alibaba.com/showroom/lace-wig.html"]
    assert all(urlsplit(url).path.startswith("/trade/") for url in plan.skipped)
    assert len(plan.skipped) == 2  # two search pages per keyword
    assert "disallow 2 entry URL(s)" in plan.notes[0]


def test_dhgate_query_urls_are_disallowed_so_categories_are_used() -> None:
    plan = plan_entry(load_profile("dhgate"), keywords=["wig"], pages=1)
    assert plan.skipped == ["https://www.dhgate.com/wholesale/search.do?act=search&searchkey=wig&page=1"]
    assert all("/wholesale/" in url and "?" not in url for url in plan.allowed)
    assert len(plan.allowed) == 3


def test_allowed_search_needs_no_alternative() -> None:
    plan = plan_entry(load_profile("aliexpress"), keywords=["mink lashes"], pages=3)
    assert [urlsplit(u).query.rsplit("=", 1)[1] for u in plan.allowed] == ["1", "2", "3"]
    assert not plan.skipped
    assert not plan.notes


def test_start_urls_use_the_profile_keywords_and_base_url() -> None:
    profile = load_profile("1688")
    urls = plan_entry(profile, base_url="http://127.0.0.1:8123").allowed
    assert all(url.startswith("http://127.0.0.1:8123/selloffer/offer_search.htm?") for url in urls)
    assert any("%E5%81%87%E5%8F%91" in url for url in urls)  # 假发 from keywords.yml, UTF-8 encoded
    assert len(urls) == len(set(urls))


def test_operator_override_requests_disallowed_entries_and_says_so() -> None:
    plan = plan_entry(load_profile("alibaba"), keywords=["wig"], pages=1, ignore_robots_entry=True)
    assert plan.overridden == ["https://www.alibaba.com/trade/search?SearchText=wig&page=1&IndexArea=product_en"]
    assert any("ignore_robots_entry=1" in note and "explicit operator choice" in note for note in plan.notes)


def test_rebase_points_real_urls_at_the_fixture_host() -> None:
    assert rebase("//www.aliexpress.com/store/912345", "http://127.0.0.1:9") == "http://127.0.0.1:9/store/912345"
    assert rebase("/s?k=wig", "http://127.0.0.1:9") == "http://127.0.0.1:9/s?k=wig"
