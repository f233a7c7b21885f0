"""Price parsing: total on any text; what it reads is a plain decimal number, a range in order."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from hypothesis import given
from hypothesis import strategies as st

from crawler.extract.price import PriceContext, parse_amount, parse_price

PRICE_BITS = st.sampled_from(
    ["US$", "$", "¥", "￥", "元", "€", "RMB", "1", "12", "1,234", "1.234,56", "0.45", "-", "~", "–", " / Piece",
     "Min. Order: 100 Pieces", "起批", "件", " ", ".", ",", "e5", "NaN", "Infinity", "1e309", "٣", "１２"]
)  # fmt: skip
PRICE_TEXT = st.lists(st.one_of(PRICE_BITS, st.text(max_size=6)), max_size=14).map("".join)
CONTEXT = st.builds(PriceContext) | st.just(PriceContext())


def _number(value: str) -> Decimal | None:
    if not value:
        return None
    try:
        number = Decimal(value)
    except InvalidOperation as exc:
        raise AssertionError(f"not a decimal number: {value!r}") from exc
    assert number.is_finite(), value
    return number


@given(PRICE_TEXT, CONTEXT, st.booleans())
def test_a_parsed_price_is_a_finite_decimal_and_a_range_is_in_order(
    text: str, context: PriceContext, structured: bool
) -> None:
    parsed = parse_price(text, context, structured=structured)
    low, high = _number(parsed.price), _number(parsed.price_max)
    if low is not None and high is not None:
        assert low <= high, (text, parsed)


@given(st.one_of(PRICE_TEXT, st.integers(), st.floats(), st.none(), st.lists(st.integers(), max_size=3)))
def test_parse_amount_is_total(value: object) -> None:
    _number(parse_amount(value))
