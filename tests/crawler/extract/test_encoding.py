from __future__ import annotations

from collections.abc import Callable

import pytest

from crawler.extract.encoding import decode_html, decode_html_detailed, normalize_charset

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
