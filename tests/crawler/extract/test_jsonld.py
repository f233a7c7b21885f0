from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from crawler.extract.jsonld import extract_jsonld, parse_block
from crawler.extract.price import PriceContext

GOOD = """{"@context": "https://schema.org", "@graph": [{"@type": "Product", "name": "Human hair wig",
  "sku": "W-100", "countryOfOrigin": {"@type": "Country", "name": "China"},
  "offers": {"@type": "AggregateOffer", "lowPrice": "12.50", "highPrice": "30", "priceCurrency": "USD",
    "availability": "https://schema.org/PreOrder",
    "seller": {"@type": "Organization", "name": "Hunchun Hair Co.", "url": "/store/55"},
    "shippingDetails": {"shippingOrigin": {"addressCountry": "CN"}}}}]}"""


def test_one_bad_block_keeps_the_others(parse: Callable[[str], HtmlElement]) -> None:
    html = (
        '<script type="application/ld+json">{"@type": "Product", "name": oops}</script>'
        f'<script type="application/ld+json">{GOOD}</script>'
    )
    result = extract_jsonld(parse(html), "https://shop.example.cn/item/1", PriceContext())
    assert result.errors
    assert result.errors[0].startswith("json-ld block 1:")
    assert result.fields["title"] == "Human hair wig"
    assert result.fields["price"] == "12.50"
    assert result.fields["price_max"] == "30"
    assert result.fields["currency"] == "USD"
    assert result.fields["availability"] == "InStock"
    assert result.fields["seller_name"] == "Hunchun Hair Co."
    assert result.fields["seller_url"] == "https://shop.example.cn/store/55"
    assert result.fields["seller_location"] == "CN"
    assert result.fields["origin"] == "China"
    assert result.fields["sku"] == "W-100"
    assert result.declares_product


def test_cheap_repairs() -> None:
    assert parse_block('<!-- {"@type": "Offer", "price": "1",} -->') == {"@type": "Offer", "price": "1"}
    assert parse_block('//<![CDATA[\n{"name": "a\tb"}\n//]]>') == {"name": "a\tb"}


def test_list_of_offers_and_out_of_stock(parse: Callable[[str], HtmlElement]) -> None:
    block = """[{"@type": "Product", "name": "Rattan bag", "offers": [
        {"@type": "Offer", "price": 45, "priceCurrency": "EUR", "availability": "http://schema.org/OutOfStock"}]}]"""
    result = extract_jsonld(
        parse(f'<script type="application/ld+json">{block}</script>'), "https://x.de/", PriceContext()
    )
    assert (result.fields["price"], result.fields["currency"], result.fields["availability"]) == (
        "45",
        "EUR",
        "OutOfStock",
    )


def test_marketplace_organization_is_not_the_seller(parse: Callable[[str], HtmlElement]) -> None:
    block = '{"@type": "Organization", "name": "Alibaba.com", "url": "https://www.alibaba.com/"}'
    html = f'<script type="application/ld+json">{block}</script>'
    assert "seller_name" not in extract_jsonld(parse(html), "https://www.alibaba.com/p/1", PriceContext()).fields
    other = extract_jsonld(parse(html), "https://www.example.org/", PriceContext())
    assert other.fields["seller_name"] == "Alibaba.com"
