from __future__ import annotations

import pytest

from crawler.extract.price import ParsedPrice, PriceContext, normalize_number, parse_amount, parse_price

CHINA = PriceContext(language="zh", tld="cn")
JAPAN = PriceContext(language="ja", tld="jp")
GERMANY = PriceContext(language="de", tld="de")


@pytest.mark.parametrize(
    ("text", "context", "expected"),
    [
        ("US$1.50-3.00 / Piece", CHINA, ParsedPrice("1.50", "3.00", "USD", "")),
        ("38元", CHINA, ParsedPrice("38", "", "CNY", "")),
        ("Min. order: 100 pieces US$0.35", CHINA, ParsedPrice("0.35", "", "USD", "100 pieces")),
        ("100 Pieces (Min. Order) US$0.35-0.50", CHINA, ParsedPrice("0.35", "0.50", "USD", "100 Pieces")),
        ("¥ 1,234.00", CHINA, ParsedPrice("1234.00", "", "CNY", "")),
        ("¥1,200", JAPAN, ParsedPrice("1200", "", "JPY", "")),
        ("1.234,56 €", GERMANY, ParsedPrice("1234.56", "", "EUR", "")),
        ("€ 97,39 - 128,72", PriceContext(), ParsedPrice("97.39", "128.72", "EUR", "")),
        ("£12.99", PriceContext(), ParsedPrice("12.99", "", "GBP", "")),
        ("₩12,000", PriceContext(), ParsedPrice("12000", "", "KRW", "")),
        ("1 299 руб.", PriceContext(), ParsedPrice("1299", "", "RUB", "")),
        ("RMB 25 起订量: 50件", CHINA, ParsedPrice("25", "", "CNY", "50件")),
    ],
)
def test_parse_price(text: str, context: PriceContext, expected: ParsedPrice) -> None:
    assert parse_price(text, context) == expected


def test_minimum_order_is_never_the_price() -> None:
    parsed = parse_price("MOQ: 500 pcs, price US$2.10", CHINA)
    assert parsed.price == "2.10"
    assert parsed.min_order == "500 pcs"


def test_lone_dot_thousands_depends_on_locale() -> None:
    assert normalize_number("34.000", decimal_comma=True) == "34000"
    assert normalize_number("34.000", decimal_comma=False) == "34.000"
    assert normalize_number("34.000", decimal_comma=True, structured=True) == "34.000"


def test_structured_amounts() -> None:
    assert parse_amount(12.5) == "12.5"
    assert parse_amount("1,299.00") == "1299.00"
    assert parse_amount(None) == ""
    assert parse_amount(True) == ""
