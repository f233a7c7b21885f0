"""The extraction layer: total on any page a seller or a broken server can send."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from crawler.extract import extract_page
from tests.property.test_text import TEXT

TAGS = st.sampled_from(
    ["<html>", "<head>", "<meta charset=gbk>", '<meta charset="x-unknown">', "<title>", "</title>", "<body>",
     '<script type="application/ld+json">', "</script>", "<script>window.runParams = ", '{"@type":"Product",',
     '"name":', '"offers":{"price":"1,2.3"', "}", "]", "[", "{", '"',
     "<div itemscope itemtype=https://schema.org/Product>",
     '<span itemprop="price" content="', '<meta property="og:title" content="', '">', "</div>", "<!--", "-->",
     "<![CDATA[", "&#0;", "&#xD800;", "\x00", "<svg><script>", "<table><tr><td>", "<a href='javascript:alert(1)'>",
     '<link rel=canonical href="', "http://[::1", "%%", "<p>", "Sold by:", "Min. Order:", "US$"]
)  # fmt: skip
HTML = st.lists(st.one_of(TAGS, TEXT), max_size=40).map("".join)
URLS = st.sampled_from(
    ["http://127.0.0.1/p/1.html", "https://detail.1688.com/offer/1.html", "http://[::1]/x", "data:,"]
)


@given(HTML, URLS, st.sampled_from([None, "utf-8", "gbk", "latin-1", "bogus"]))
def test_extract_page_is_total(html: str, url: str, charset: str | None) -> None:
    result = extract_page(html.encode("utf-8", "surrogatepass"), url, header_charset=charset)
    assert result.kind


@given(st.binary(max_size=2000))
def test_extract_page_survives_raw_bytes(body: bytes) -> None:
    assert extract_page(body, "http://127.0.0.1/p.html").kind
