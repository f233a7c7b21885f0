from __future__ import annotations

from collections.abc import Callable

import pytest

from crawler.extract import extract_page
from crawler.extract.encoding import decode_html, decode_html_detailed, family_of, normalize_charset

WIG = "朝鲜加工 真人发假发"


def page(charset: str, text: str = WIG) -> bytes:
    return f'<html><head><meta charset="{charset}"></head><body>{text}</body></html>'.encode(
        normalize_charset(charset) or charset
    )


def test_gbk_is_read_as_gb18030() -> None:
    assert normalize_charset("GBK") == "gb18030"
    assert normalize_charset("gb2312") == "gb18030"
    text, encoding = decode_html(page("gbk"))
    assert encoding == "gb18030"
    assert WIG in text


@pytest.mark.parametrize(
    ("charset", "text"),
    [("euc-jp", "日本製のかつら"), ("euc-kr", "원산지 북한"), ("shift_jis", "原産国 中国"), ("big5", "原產地 朝鮮")],
)
def test_east_asian_charsets_from_meta(charset: str, text: str) -> None:
    decoded, _ = decode_html(page(charset, text))
    assert text in decoded


def test_bom_wins_over_meta() -> None:
    body = "\ufeff".encode() + '<meta charset="gbk"><p>원산지</p>'.encode()
    text, encoding = decode_html(body)
    assert encoding == "utf-8"
    assert "원산지" in text


def test_header_and_meta_disagree_clean_one_chosen() -> None:
    body = page("utf-8").replace(b"utf-8", b"gbk")  # UTF-8 bytes, meta claims gbk
    decoded = decode_html_detailed(body, header_charset="utf-8")
    assert decoded.encoding == "utf-8"
    assert WIG in decoded.text
    assert any("disagree" in problem for problem in decoded.problems)


def test_header_charset_used_when_meta_absent() -> None:
    body = f"<p>{WIG}</p>".encode("gb18030")
    assert decode_html(body, ["text/html; charset", "gbk"][1])[0].endswith(f"{WIG}</p>")


def test_undeclared_bytes_are_detected_not_mojibake() -> None:
    body = ("<html><body>" + "北朝鲜 手工 假睫毛 出口 丹东 " * 40 + "</body></html>").encode("gb18030")
    text, _ = decode_html(body)
    assert "假睫毛" in text


def test_garbage_never_raises() -> None:
    text, encoding = decode_html(b"\xff\xfe\x00\x00\x81\x82", header_charset="no-such-charset")
    assert isinstance(text, str)
    assert encoding


@pytest.mark.realdata
def test_rakuten_euc_jp(marketplace_page: Callable[[str], bytes]) -> None:
    text, encoding = decode_html(marketplace_page("rakuten.html"))
    assert encoding == "euc_jp"
    assert "楽天市場" in text
    assert "\ufffd" not in text


@pytest.mark.realdata
def test_tmall_meta_after_150_kb_and_taobao_mislabelled(marketplace_page: Callable[[str], bytes]) -> None:
    assert "苹果" in decode_html(marketplace_page("tmall.html"))[0]
    assert "淘宝网" in decode_html(marketplace_page("taobao.html"))[0]


# Short pages, as B2B boards serve them: a wrong "charset=utf-8" header and no <meta>.
SHORT_PAGES = {
    "gb18030": ("zh-CN", "cn", "<h1>真人发头套 朝鲜加工</h1><p>供应商: 丹东发制品有限公司</p>"),
    "gbk": ("zh", "cn", "<p>朝鲜加工 假发</p>"),
    "big5": ("zh-TW", "tw", "<h1>真人髮頭套 朝鮮加工</h1><p>供應商: 丹東髮製品</p>"),
    "euc_kr": ("ko", "kr", "<h1>인모 가발 북한산</h1><p>판매자: 단동 상사</p>"),
    "shift_jis": ("ja", "jp", "<h1>人毛ウィッグ 北朝鮮製</h1><p>販売者: 丹東ヘア</p>"),
    "euc_jp": ("ja", "jp", "<h1>人毛ウィッグ 北朝鮮製</h1><p>販売者: 丹東ヘア</p>"),
}


@pytest.mark.parametrize("codec", sorted(SHORT_PAGES))
def test_short_cjk_page_with_wrong_utf8_header_and_lang(codec: str) -> None:
    lang, _tld, body = SHORT_PAGES[codec]
    page = f'<html lang="{lang}"><body>{body}</body></html>'
    decoded = decode_html_detailed(page.encode(codec), "utf-8", url="http://127.0.0.1:8000/offer/1.html")
    assert body in decoded.text
    assert decoded.guessed


@pytest.mark.parametrize("codec", sorted(SHORT_PAGES))
def test_short_cjk_page_from_a_cjk_domain(codec: str) -> None:
    _lang, tld, body = SHORT_PAGES[codec]
    page = f"<html><body>{body}</body></html>"
    decoded = decode_html_detailed(page.encode(codec), "utf-8", url=f"https://b2b.example.{tld}/offer/1.html")
    assert body in decoded.text


@pytest.mark.parametrize("codec", sorted(SHORT_PAGES))
def test_short_cjk_page_on_a_host_known_to_use_the_family(codec: str) -> None:
    """No lang, no domain hint: what the crawl learnt about the host's other pages decides."""
    _lang, _tld, body = SHORT_PAGES[codec]
    family = family_of(codec if codec not in {"big5"} else "zh-TW")
    decoded = decode_html_detailed(f"<p>{body}</p>".encode(codec), "utf-8", url="http://127.0.0.1/", family=family)
    assert body in decoded.text


def test_western_charset_declared_on_a_chinese_page_loses() -> None:
    page = '<html lang="zh-CN"><body><p>朝鲜加工 假发 38元</p></body></html>'
    decoded = decode_html_detailed(page.encode("gbk"), "iso-8859-1")
    assert "朝鲜加工" in decoded.text
    assert decoded.encoding == "gb18030"


def test_extracted_page_says_its_encoding_was_guessed() -> None:
    page = '<html lang="zh"><body><h1>朝鲜加工 假发</h1></body></html>'
    ex = extract_page(page.encode("gbk"), "http://127.0.0.1/p/1", header_charset="utf-8")
    assert (ex.title, ex.encoding, ex.encoding_guessed) == ("朝鲜加工 假发", "gb18030", True)
