from __future__ import annotations

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.statscollectors import StatsCollector
from scrapy.utils.test import get_crawler

from crawler.middlewares.encoding import EncodingFixMiddleware

PAGE = '<html><head><meta charset="gbk"></head><body><p>朝鲜加工 假发</p></body></html>'


def respond(content_type: bytes, body: bytes) -> HtmlResponse:
    middleware = EncodingFixMiddleware(get_crawler())
    response = HtmlResponse("http://127.0.0.1/p.html", body=body, headers={"Content-Type": content_type})
    fixed = middleware.process_response(Request(response.url), response)
    assert isinstance(fixed, HtmlResponse)
    return fixed


def test_capitalised_charset_header_is_read() -> None:
    assert "朝鲜加工" in respond(b"text/html; Charset=GBK", PAGE.encode("gbk")).text


def test_header_that_contradicts_the_page_loses_to_what_decodes() -> None:
    # The server says UTF-8; the bytes (and the <meta>) are GBK.
    assert "朝鲜加工" in respond(b"text/html; charset=utf-8", PAGE.encode("gbk")).text


def test_host_family_learnt_from_a_declared_page_decides_an_undeclared_one() -> None:
    crawler = get_crawler()
    crawler.stats = StatsCollector(crawler)
    middleware = EncodingFixMiddleware(crawler)

    def fetch(url: str, body: bytes) -> HtmlResponse:
        response = HtmlResponse(url, body=body, headers={"Content-Type": b"text/html; charset=utf-8"})
        fixed = middleware.process_response(Request(url), response)
        assert isinstance(fixed, HtmlResponse)
        return fixed

    fetch("http://127.0.0.1/index.html", PAGE.encode("gbk"))  # declares gbk in its <meta>
    short = "<p>朝鲜加工</p>".encode("gbk")  # no meta, no lang, wrong header: too short to detect alone
    assert "朝鲜加工" in fetch("http://127.0.0.1/offer/1.html", short).text
    assert crawler.stats.get_value("pages/encoding_guessed") == 1
