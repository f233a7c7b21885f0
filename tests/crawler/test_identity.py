from __future__ import annotations

from crawler.identity import canonical_path, canonical_url, listing_key, platform_of, seller_key, without_tracking


def test_suppliers_on_different_subdomains_are_different_sellers() -> None:
    a = seller_key("https://dandong-a.en.alibaba.com/company_profile.html", "")
    b = seller_key("https://hunchun-b.en.alibaba.com/company_profile.html", "")
    assert a != b


def test_tracking_parameters_do_not_split_a_seller_or_listing() -> None:
    assert seller_key("https://www.ebay.com/str/shop?_trksid=p2047675", "") == seller_key(
        "https://www.ebay.com/str/shop?_trksid=p4429486", ""
    )
    assert listing_key("https://www.ebay.com/itm/256123456789?hash=item3b9c") == listing_key(
        "https://www.ebay.com/itm/256123456789"
    )


def test_identifying_parameters_are_kept() -> None:
    assert canonical_path("https://www.amazon.com/sp?seller=A1B2&ref_=x") == "/sp?seller=A1B2"
    assert seller_key("https://www.amazon.com/sp?seller=A1", "") != seller_key(
        "https://www.amazon.com/sp?seller=B2", ""
    )


def test_port_and_scheme_do_not_change_keys() -> None:
    assert listing_key("http://127.0.0.1:8001/p/1.html") == listing_key("https://127.0.0.1:9002/p/1.html")
    assert platform_of("https://www.Example.com:8443/x") == "example.com"


def test_site_listing_id_wins_and_names_key_sellers_without_pages() -> None:
    assert listing_key("https://x.example/p?id=9", "9") == "id:9"
    assert seller_key("", "  Dandong  Kumsang Trade ") == "name:dandong kumsang trade"


def test_seller_page_reached_from_a_product_is_the_same_seller() -> None:
    assert seller_key("https://www.amazon.com/sp?ie=UTF8&seller=A2&asin=B0C1", "") == seller_key(
        "https://www.amazon.com/sp?seller=A2", ""
    )


def test_same_site_canonical_is_the_identity_without_tracking() -> None:
    page = "https://www.example.com/item/123.html?utm_source=mail&spm=a2g0o&color=red"
    assert canonical_url(page, "/item/123.html?spm=x") == "https://www.example.com/item/123.html"
    assert canonical_url(page, "https://m.example.com/item/123.html") == "https://m.example.com/item/123.html"


def test_foreign_or_home_page_canonical_is_ignored() -> None:
    page = "https://shop.example.com/p/9?fbclid=abc&size=2"
    assert canonical_url(page, "https://other.example.org/p/9") == "https://shop.example.com/p/9?size=2"
    assert canonical_url(page, "/") == "https://shop.example.com/p/9?size=2"
    assert canonical_url(page, None) == "https://shop.example.com/p/9?size=2"


def test_tracking_list_is_data() -> None:
    assert without_tracking("https://x.example/a?utm_campaign=z&pf_rd_p=1&id=7&gclid=9") == "https://x.example/a?id=7"
