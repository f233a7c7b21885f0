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
