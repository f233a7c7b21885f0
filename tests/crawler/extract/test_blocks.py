from __future__ import annotations

import pytest

from crawler.extract import ExtractHints, extract_page


@pytest.mark.parametrize(
    ("html", "url"),
    [
        (
            '<form action="/errors/validateCaptcha"><input id="captchacharacters"></form>',
            "https://www.amazon.com/dp/B0",
        ),
        ("<title>Robot Check</title><p>Enter the characters you see below</p>", "https://www.amazon.de/dp/B0"),
        (
            '<div class="nc_wrapper"><span class="nc_iconfont btn_slide"></span></div>',
            "https://www.aliexpress.com/item/1.html",
        ),
        ("<p>请完成滑块验证</p><div id='nocaptcha'></div>", "https://detail.1688.com/offer/1.html"),
        ("<p>x</p>", "https://s.1688.com/punish?x5secdata=1"),
        ('<script src="https://ct.captcha-delivery.com/c.js"></script>', "https://www.etsy.com/listing/1"),
        ("<title>Just a moment...</title>", "https://www.dhgate.com/product/x/1.html"),
        ("<title>Captcha Interception</title>", "https://www.alibaba.com/product-detail/x_1.html"),
        ("<p>Sorry, we have detected unusual traffic from your network.</p>", "https://www.alibaba.com/trade/search"),
    ],
)
def test_block_pages(html: str, url: str) -> None:
    ex = extract_page(html, url)
    assert ex.kind == "blocked"
    assert ex.block_reason


def test_blocked_page_with_product_markup_is_still_blocked() -> None:
    html = (
        "<title>Robot Check</title>"
        '<script type="application/ld+json">{"@type":"Product","name":"Wig","offers":{"price":"1"}}</script>'
    )
    assert extract_page(html, "https://www.amazon.com/dp/B0").kind == "blocked"


def test_hint_markers() -> None:
    hints = ExtractHints(block_markers=["css:#verify-box", "url:/sec/check"])
    assert extract_page('<div id="verify-box"></div>', "https://x.cn/p", hints=hints).block_reason
    assert extract_page("<p>hello</p>", "https://x.cn/sec/check", hints=hints).kind == "blocked"


def _offer_page(extra: str) -> str:
    rows = "".join(f"<tr><td>属性{n}</td><td>规格说明文字{n} 真人发 全手钩 蕾丝头套</td></tr>" for n in range(80))
    return f"""<html lang="zh-CN"><head><title>真人发头套 全手钩 - 阿里巴巴</title></head><body>
      <h1>真人发头套 全手钩 女士长直发</h1><div class="price"><span>¥</span><span>380.00</span></div>
      <table><tr><td>产地</td><td>朝鲜</td></tr><tr><td>供应商</td><td>许昌瑞丝发制品有限公司</td></tr>{rows}</table>
      <p>{"手工钩织，真人发，可烫染。" * 40}</p>{extra}</body></html>"""


SLIDER = (
    '<div id="nocaptcha" class="nc-container"><iframe src="https://g.alicdn.com/sd/ncpc/nc.html?captcha=1"></iframe>'
    '<span data-nc-lang="SLIDE">请完成滑块验证</span></div>'
)


def test_complete_product_page_under_a_slider_captcha_is_no_block() -> None:
    ex = extract_page(_offer_page(SLIDER), "https://detail.1688.com/offer/612345678901.html")
    assert ex.block_reason == ""
    assert (ex.kind, ex.price, ex.seller_name, ex.origin) == ("product", "380.00", "许昌瑞丝发制品有限公司", "朝鲜")
    assert any("not a block" in error for error in ex.errors)


def test_slider_captcha_without_the_product_is_a_block() -> None:
    page = f"<html><head><title>验证</title></head><body>{SLIDER}</body></html>"
    assert extract_page(page, "https://detail.1688.com/offer/612345678901.html").kind == "blocked"


def test_punish_url_is_a_block_whatever_the_page_holds() -> None:
    ex = extract_page(_offer_page(""), "https://detail.1688.com/_____tmd_____/punish?x5secdata=abc")
    assert ex.kind == "blocked"
