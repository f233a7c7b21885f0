from __future__ import annotations

from collections.abc import Callable

import pytest

from crawler.extract import ExtractHints, extract_page


def test_structured_product_with_sources_and_errors() -> None:
    html = """<html lang="zh-CN"><head><script type="application/ld+json">{"@type": "Product", "name": "真人发假发",
      "offers": {"@type": "Offer", "price": "38", "priceCurrency": "CNY"}}</script>
      <script type="application/ld+json">{broken</script></head>
      <body><table><tr><td>产地</td><td>朝鲜</td></tr></table><button>加入购物车</button></body></html>"""
    ex = extract_page(html.encode("gb18030"), "https://shop.example.cn/item/9", header_charset="gbk")
    assert ex.kind == "product"
    assert (ex.title, ex.price, ex.currency, ex.origin) == ("真人发假发", "38", "CNY", "朝鲜")
    assert ex.sources["price"] == "json-ld"
    assert ex.sources["origin"] == "dom"
    assert any(error.startswith("json-ld block 2") for error in ex.errors)


def test_dom_only_product_with_yuan_sign() -> None:
    html = """<html lang="zh"><body><h1>手工假睫毛</h1><span class="price">¥12.80</span>
      <div>起订量: 100 对</div><a>立即购买</a></body></html>"""
    ex = extract_page(html, "https://www.example.cn/p/1")
    assert (ex.kind, ex.price, ex.currency) == ("product", "12.80", "CNY")


@pytest.mark.parametrize(
    ("html", "kind"),
    [
        (
            "<title>Buy Offer: human hair wigs</title><h1>Buy Offer: human hair wigs</h1>"
            "<p>Company Name: Rason Trade</p>",
            "advert",
        ),
        (
            "<h1>Dandong Hair Co.</h1><h2>Company Profile</h2><p>Year Established: 2009</p>"
            "<p>Business Type: Manufacturer</p>",
            "seller",
        ),
        ("".join(f'<a href="/item/{n}.html">wig {n}</a>' for n in range(20)), "listing"),
        ("<p>About us</p>", "other"),
    ],
)
def test_page_kinds(html: str, kind: str) -> None:
    assert extract_page(html, "https://b2b.example.com/x").kind == kind


def test_hints_selectors_and_url_kind() -> None:
    hints = ExtractHints(
        selectors={"seller_name": [".vendor b"], "origin": ["#made"]}, seller_url_patterns=[r"/company_profile"]
    )
    ex = extract_page(
        '<div class="vendor"><b>Chongjin Export</b></div><p id="made">DPRK</p>',
        "https://a.cn/company_profile.html",
        hints=hints,
    )
    assert (ex.seller_name, ex.origin, ex.kind) == ("Chongjin Export", "DPRK", "seller")
    assert ex.sources["seller_name"] == "hints"


def test_unknown_hint_field_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        ExtractHints(selectors={"colour": ["b"]})


@pytest.mark.parametrize("body", [b"", b"\x00\x01\x02", "<<<>>>", b"<html><body>" + b"\xff" * 50])
def test_never_raises(body: bytes | str) -> None:
    ex = extract_page(body, "https://x.example/")
    assert ex.kind in {"other", "blocked"}


@pytest.mark.realdata
def test_aliexpress_store_module(marketplace_page: Callable[[str], bytes]) -> None:
    ex = extract_page(marketplace_page("aliexpress.html"), "https://he.aliexpress.com/item/32993251330.html")
    assert ex.kind == "product"
    assert ex.seller_name == "Summer Technology Co.,Ltd."
    assert ex.seller_url == "https://he.aliexpress.com/store/1392990"
    assert ex.seller_location == "China"
    assert (ex.price, ex.price_max, ex.currency) == ("97.39", "128.72", "EUR")


@pytest.mark.realdata
def test_ebay_seller_and_item_location(marketplace_page: Callable[[str], bytes]) -> None:
    ex = extract_page(marketplace_page("ebay.html"), "https://www.ebay.com/itm/381228738769")
    assert ex.kind == "product"
    assert ex.seller_name == "bestchoiceproducts"
    assert ex.seller_location == "Rancho Cucamonga, California, United States"
    assert (ex.price, ex.currency) == ("349.99", "USD")


@pytest.mark.realdata
def test_amazon_es_origin_and_merchant(marketplace_page: Callable[[str], bytes]) -> None:
    ex = extract_page(marketplace_page("amazon_es_*.html"), "https://www.amazon.es/dp/B07JH148DF")
    # "Vendido por Amazon" in the buy box: the site itself sells it, so there is no third-party seller.
    assert (ex.origin, ex.seller_name, ex.seller_is_site, ex.sku) == ("China", "", True, "B07JH148DF")
    assert ex.seller_source.startswith("main offer block")
    assert ex.title.startswith("Hercules DJMonitor 32")


@pytest.mark.realdata
def test_amazon_com_origin_and_merchant(marketplace_page: Callable[[str], bytes]) -> None:
    ex = extract_page(marketplace_page("amazon_com_*.html"), "https://www.amazon.com/dp/B07FNW9FGJ")
    # The 2025 US page has no "Country of origin" row; its origin row reads "Imported".
    assert (ex.origin, ex.seller_name, ex.seller_is_site, ex.sku) == ("Imported", "", True, "B07FNW9FGJ")
    assert ex.title == "Got Data Funny Business Data Analyst T-Shirt"


@pytest.mark.realdata
def test_smile_title_and_seller(marketplace_page: Callable[[str], bytes]) -> None:
    ex = extract_page(marketplace_page("smile.html"), "https://smile.amazon.com/dp/1937785734")
    assert ex.title == "Node.js the Right Way: Practical, Server-Side JavaScript That Scales"
    assert (ex.seller_name, ex.seller_is_site) == ("", True)
    assert "sold by" in ex.seller_source
    assert "(the site itself)" in ex.seller_source


@pytest.mark.realdata
def test_taobao_and_tmall_chinese(marketplace_page: Callable[[str], bytes]) -> None:
    taobao = extract_page(marketplace_page("taobao.html"), "https://item.taobao.com/item.htm?id=562283240178")
    assert taobao.title.startswith("乳白亚克力外壳")
    assert taobao.seller_name == "怡科外设KBDfans"
    tmall = extract_page(marketplace_page("tmall.html"), "https://detail.tmall.com/item.htm?id=605258110430")
    assert "苹果" in tmall.title
    assert tmall.seller_name == "苏宁易购官方旗舰店"


@pytest.mark.realdata
def test_alibaba_supplier_and_origin(alibaba_benchmark_page: tuple[str, bytes]) -> None:
    url, body = alibaba_benchmark_page
    ex = extract_page(body, url)
    assert ex.kind == "product"
    assert ex.seller_name == "Huizhou Yongli Industrial Co., Ltd."
    assert ex.origin == "Guangdong, China"
    assert ex.min_order


@pytest.mark.realdata
def test_no_real_page_is_called_blocked(marketplace_page: Callable[[str], bytes]) -> None:
    for name in ("aliexpress.html", "ebay.html", "smile.html", "taobao.html", "tmall.html", "rakuten.html"):
        assert extract_page(marketplace_page(name), "https://example.com/").kind != "blocked", name


def test_price_the_page_shows_beats_markup_that_it_does_not() -> None:
    html = """<html><head><meta property="product:price:amount" content="200">
      <script type="application/ld+json">{"@type": "Product", "name": "Pillows",
      "offers": {"@type": "Offer", "price": 150, "priceCurrency": "USD"}}</script></head>
      <body><h1>Pillows</h1><span class="bid">Current bid: $200</span></body></html>"""
    ex = extract_page(html, "https://auction.example/item/1")
    assert (ex.price, ex.sources["price"]) == ("200", "og")


def test_seller_named_inside_the_sold_by_element() -> None:
    html = """<body><h1>Headband wig</h1><p class="vendor">Sold by <a href="/s/1">Xuchang Hair Co.</a></p>
      <p>Ships from: Xuchang, China</p></body>"""
    assert extract_page(html, "https://shop.example/p/1").seller_name == "Xuchang Hair Co."


def test_menu_link_to_trade_leads_does_not_make_a_product_an_advert() -> None:
    html = """<body><nav><a href="/board/">Trade Leads</a></nav><h1>Rattan bag</h1>
      <table><tr><th>Price:</th><td><span class="price">US$6.50 / Piece</span></td></tr>
      <tr><th>Min. Order:</th><td>50 Pieces</td></tr>
      <tr><th>Supplier:</th><td>Linyi Weave Co.</td></tr></table></body>"""
    ex = extract_page(html, "https://b2b.example/product/bag_123456.html")
    assert (ex.kind, ex.seller_name, ex.price) == ("product", "Linyi Weave Co.", "6.50")


def test_contains_selector_keeps_working_when_reused() -> None:
    from lxml import html

    from crawler.extract.select import select

    doc = html.fromstring("<div><span>Sold by: X</span><b>Y</b></div>")
    for _ in range(20):
        assert [e.text for e in select(doc, 'span:contains("Sold")')] == ["Sold by: X"]
