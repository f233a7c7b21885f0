from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from crawler.extract.microdata import extract_microdata
from crawler.extract.opengraph import extract_opengraph
from crawler.extract.price import PriceContext

HTML = """<div itemscope itemtype="http://schema.org/Product">
  <h1 itemprop="name">Mink false eyelashes</h1>
  <meta itemprop="sku" content="EL-9">
  <div itemprop="offers" itemscope itemtype="http://schema.org/Offer">
    <span itemprop="price" content="3.20">$3.20</span><meta itemprop="priceCurrency" content="USD">
    <link itemprop="availability" href="http://schema.org/InStock">
    <span itemprop="availableAtOrFrom">Dandong, Liaoning</span>
    <div itemprop="seller" itemscope itemtype="http://schema.org/Organization">
      <span itemprop="name">Dandong Lashes</span></div>
  </div>
  <div itemscope itemtype="http://schema.org/Product"><span itemprop="name">Related item</span></div>
</div>"""


def test_nested_offer_and_seller(parse: Callable[[str], HtmlElement]) -> None:
    result = extract_microdata(parse(HTML), "https://b2b.example.com/p/1", PriceContext())
    assert result.fields["title"] == "Mink false eyelashes"
    assert result.fields["sku"] == "EL-9"
    assert (result.fields["price"], result.fields["currency"]) == ("3.20", "USD")
    assert result.fields["availability"] == "InStock"
    assert result.fields["seller_name"] == "Dandong Lashes"
    assert result.fields["seller_location"] == "Dandong, Liaoning"


def test_rdfa_lite(parse: Callable[[str], HtmlElement]) -> None:
    html = (
        '<div vocab="https://schema.org/" typeof="Product"><span property="name">Wig</span>'
        '<span property="offers" typeof="Offer"><span property="price">9.90</span>'
        '<span property="priceCurrency">GBP</span></span></div>'
    )
    result = extract_microdata(parse(html), "https://x.co.uk/", PriceContext())
    assert result.source == "rdfa"
    assert (result.fields["title"], result.fields["price"], result.fields["currency"]) == ("Wig", "9.90", "GBP")


def test_opengraph_product_meta(parse: Callable[[str], HtmlElement]) -> None:
    html = """<head><meta property="og:type" content="product"><meta property="og:title" content="Rattan handbag">
    <meta property="product:price:amount" content="1.234,50"><meta property="og:price:currency" content="EUR">
    <meta property="product:availability" content="out of stock"></head>"""
    result = extract_opengraph(parse(html), "https://x.de/", PriceContext(language="de", tld="de"))
    assert result.declares_product
    assert result.fields == {
        "title": "Rattan handbag",
        "price": "1234.50",
        "currency": "EUR",
        "availability": "OutOfStock",
    }
