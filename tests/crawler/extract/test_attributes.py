from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from crawler.extract.attributes import fields_from_attributes, table_pairs
from crawler.extract.dom import extract_dom
from crawler.extract.price import PriceContext

SPECS = """<table><tr><th>Place of Origin</th><td>Liaoning, China</td></tr></table>
<dl><dt>原产地</dt><dd>朝鲜</dd></dl>
<ul><li>Material: Human hair</li><li>원산지 : 북한</li></ul>
<div class="a-fixed-left-grid"><div class="a-col-left">Country of origin</div>
<div class="a-col-right">Korea, North</div></div>"""


def test_label_value_rows(parse: Callable[[str], HtmlElement]) -> None:
    pairs = table_pairs(parse(SPECS))
    assert pairs["Place of Origin"] == "Liaoning, China"
    assert pairs["原产地"] == "朝鲜"
    assert pairs["Material"] == "Human hair"
    assert pairs["원산지"] == "북한"
    assert pairs["Country of origin"] == "Korea, North"
    assert fields_from_attributes(pairs)["origin"] == "Liaoning, China"


def test_dom_seller_location_and_price(parse: Callable[[str], HtmlElement]) -> None:
    html = """<h1>Hand-tied wig, North Korea processing</h1>
    <div class="product-price"><span class="old-price">US$9.00</span>
      <span class="sale-price">US$1.50 - 3.00</span></div>
    <div><div><span>Sold by</span></div><div><span>Hunchun Trading</span><span class="badge">Top</span></div></div>
    <div><span>Item location:</span> Dandong, China</div>"""
    result = extract_dom(parse(html), PriceContext())
    assert result.fields["title"] == "Hand-tied wig, North Korea processing"
    assert (result.fields["price"], result.fields["price_max"], result.fields["currency"]) == ("1.50", "3.00", "USD")
    assert result.fields["seller_name"] == "Hunchun Trading"
    assert result.fields["seller_location"] == "Dandong, China"


def test_sold_by_sentence(parse: Callable[[str], HtmlElement]) -> None:
    html = '<div id="merchant-info">Ships from and sold by Lash World Ltd. Gift-wrap available.</div>'
    assert extract_dom(parse(html), PriceContext()).fields["seller_name"] == "Lash World Ltd."
