from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement

from crawler.extract.embedded_json import extract_embedded_json
from crawler.extract.hints import JsonVar
from crawler.extract.price import PriceContext

RUN_PARAMS = """<script>window.runParams = {data: {"titleModule": {"subject": "Lace front wig"},
 "storeModule": {"storeName": "Rason Hair Store", "storeNum": 912, "countryCompleteName": "China"},
 "specsModule": {"props": [{"attrName": "Origin", "attrValue": "North Korea"}]}}, csrfToken: 'x'};</script>"""


def test_runparams_store_module(parse: Callable[[str], HtmlElement]) -> None:
    result = extract_embedded_json(parse(RUN_PARAMS), "https://www.aliexpress.com/item/1.html", PriceContext())
    assert result.fields["title"] == "Lace front wig"
    assert result.fields["seller_name"] == "Rason Hair Store"
    assert result.fields["seller_url"] == "https://www.aliexpress.com/store/912"
    assert result.fields["seller_location"] == "China"
    assert result.attributes["Origin"] == "North Korea"


def test_next_data_and_loose_js_object(parse: Callable[[str], HtmlElement]) -> None:
    html = """<script id="__NEXT_DATA__" type="application/json">{"props": {"offerTitle": "假睫毛"}}</script>
    <script>var g_config = { startTime : +new Date, shopName : '\\u6021\\u79D1', itemId : '5622' };</script>"""
    result = extract_embedded_json(parse(html), "https://item.taobao.com/item.htm", PriceContext())
    assert result.fields["title"] == "假睫毛"
    assert result.fields["seller_name"] == "怡科"
    assert result.fields["listing_id"] == "5622"


def test_hint_paths_win(parse: Callable[[str], HtmlElement]) -> None:
    html = '<script>window.pageState = {"shop": {"label": "Hint Shop"}, "storeName": "Generic"};</script>'
    hint = JsonVar("pageState", {"seller_name": ["shop.label"]})
    result = extract_embedded_json(parse(html), "https://x.com/", PriceContext(), [hint])
    assert result.fields["seller_name"] == "Hint Shop"
