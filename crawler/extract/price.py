"""Read prices as shops print them: ranges, minimum orders, 元/¥/US$/€/руб., decimal commas."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache

from crawler.extract import config

_NUMBER = re.compile(r"\d+(?:(?:[.,'’]|[ \u00a0\u202f](?=\d{3}(?!\d)))\d+)*")
_RANGE_GAP = re.compile(r"^\s*(?:-|–|—|~|～|to|至|bis|à|a)\s*\D{0,6}$", re.IGNORECASE)
_UNIT = r"(?:pieces?|pcs?|sets?|pairs?|units?|bags?|boxes?|packs?|lots?|meters?|kg|tons?|件|个|只|条|套|双|顶|片|包|箱)"
_MOQ_PATTERNS = (
    re.compile(
        r"(?:min(?:imum)?\.?\s*order(?:\s*quantity)?|moq|最小起订量|起订量|起批量?)\s*[:：]?\s*"
        r"(?:≥\s*)?(\d[\d,]*\s*" + _UNIT + r"?\.?)",
        re.IGNORECASE,
    ),
    re.compile(r"(\d[\d,]*\s*" + _UNIT + r"\.?)\s*\(?\s*min(?:imum)?\.?\s*order\s*\)?", re.IGNORECASE),
    re.compile(r"(≥\s*\d[\d,]*\s*" + _UNIT + r"\.?)", re.IGNORECASE),
    re.compile(r"(\d[\d,]*\s*" + _UNIT + r")\s*起(?:批|订)", re.IGNORECASE),
)


@dataclass(frozen=True)
class PriceContext:
    """What the page says about its locale: decides "¥" (CNY/JPY), "$" and decimal commas."""

    language: str = ""  # primary subtag of <html lang>, lower case ("zh", "ja")
    tld: str = ""  # last label of the host ("cn", "jp", "com")


@dataclass(frozen=True)
class ParsedPrice:
    price: str = ""
    price_max: str = ""
    currency: str = ""
    min_order: str = ""


@cache
def _marks() -> list[tuple[re.Pattern[str], str]]:
    """(pattern, ISO code or "" for the ambiguous yen sign), longest mark first."""
    table = dict(config.currencies().marks)
    for sign in config.currencies().yen_sign:
        table[sign] = ""
    compiled = []
    for mark in sorted(table, key=len, reverse=True):
        escaped = re.escape(mark)
        # Letter codes ("RM", "kr", "USD") only count as whole words; symbols anywhere.
        pattern = rf"(?<![A-Za-z]){escaped}(?![A-Za-z])" if mark[-1].isalpha() else escaped
        compiled.append((re.compile(pattern, re.IGNORECASE if mark.isupper() else 0), table[mark]))
    return compiled


def uses_decimal_comma(context: PriceContext) -> bool:
    rules = config.currencies()
    return context.language in rules.decimal_comma_languages or context.tld in rules.decimal_comma_tlds


def currency_code(mark: str, context: PriceContext = PriceContext()) -> str:
    """ISO 4217 code for a printed mark or code ("US$", "€", "元", "¥", "usd"); "" if unknown."""
    mark = mark.strip()
    if re.fullmatch(r"[A-Za-z]{3}", mark):
        return mark.upper()
    return find_currency(mark, context)


def find_currency(text: str, context: PriceContext = PriceContext()) -> str:
    """The currency printed in a price text, resolving "¥" and "$" by the page's language and domain."""
    rules = config.currencies()
    for pattern, code in _marks():
        if not pattern.search(text):
            continue
        if code == "":
            jpy = context.language in rules.yen_sign_jpy_languages or context.tld in rules.yen_sign_jpy_tlds
            return "JPY" if jpy else "CNY"
        if code == "USD" and pattern.pattern == re.escape("$"):
            return rules.dollar_by_tld.get(context.tld, "USD")
        return code
    return ""


def normalize_number(raw: str, *, decimal_comma: bool = False, structured: bool = False) -> str:
    """'1.234,56' -> '1234.56'; '1,299' -> '1299'; '34.000' -> '34000' on decimal-comma pages.
    structured=True reads values from JSON/markup, where a lone dot is always the decimal point."""
    text = re.sub(r"[\s'’\u00a0\u202f]", "", raw)
    if not text or not re.fullmatch(r"[\d.,]+", text) or not re.search(r"\d", text):
        return ""
    dot, comma = text.rfind("."), text.rfind(",")
    if dot >= 0 and comma >= 0:
        decimal_mark = "." if dot > comma else ","
        thousands = "," if decimal_mark == "." else "."
        text = text.replace(thousands, "").replace(decimal_mark, ".")
    elif comma >= 0:
        parts = text.split(",")
        # "12,50" is a decimal comma; "1,299" and "1,299,000" group thousands.
        decimal = len(parts) == 2 and len(parts[1]) != 3
        text = text.replace(",", "." if decimal else "")
    elif dot >= 0:
        parts = text.split(".")
        lone_thousands = len(parts) == 2 and len(parts[1]) == 3 and decimal_comma and not structured
        if len(parts) > 2 or lone_thousands:
            text = text.replace(".", "")
    try:
        value = Decimal(text)
    except InvalidOperation:
        return ""
    return format(value, "f")


def _split_min_order(text: str) -> tuple[str, str]:
    """Remove a minimum-order phrase so its quantity is never read as the price."""
    for pattern in _MOQ_PATTERNS:
        match = pattern.search(text)
        if match:
            return text[: match.start()] + " " + text[match.end() :], " ".join(match.group(1).split())
    return text, ""


def parse_price(text: str, context: PriceContext = PriceContext(), *, structured: bool = False) -> ParsedPrice:
    """'US$1.50-3.00 / Piece' -> 1.50..3.00 USD; '38元' -> 38 CNY; 'Min. order: 100 pieces US$0.35' -> 0.35."""
    rest, min_order = _split_min_order(text)
    currency = find_currency(rest, context)
    decimal_comma = uses_decimal_comma(context)
    numbers = list(_NUMBER.finditer(rest))
    if not numbers:
        return ParsedPrice(currency=currency, min_order=min_order)
    low = normalize_number(numbers[0].group(), decimal_comma=decimal_comma, structured=structured)
    high = ""
    if len(numbers) > 1 and _RANGE_GAP.match(rest[numbers[0].end() : numbers[1].start()]):
        high = normalize_number(numbers[1].group(), decimal_comma=decimal_comma, structured=structured)
        if high and low and Decimal(high) <= Decimal(low):
            high = ""
    return ParsedPrice(price=low, price_max=high, currency=currency, min_order=min_order)


def parse_amount(value: object, context: PriceContext = PriceContext()) -> str:
    """A structured-data price (number or string) as a plain decimal string; "" when unreadable.
    Zero is "" too: shops print 0 as a placeholder when the price is hidden or not yet known."""
    if isinstance(value, bool) or value is None:
        return ""
    amount = ""
    if isinstance(value, int | float):
        amount = format(Decimal(str(value)), "f")
    elif isinstance(value, str):
        amount = parse_price(value, context, structured=True).price
    return "" if not amount or Decimal(amount) == 0 else amount


def amount_counts(text: str, context: PriceContext = PriceContext()) -> Counter[Decimal]:
    """How often each amount is printed in a text, read as the page's locale writes it."""
    decimal_comma = uses_decimal_comma(context)
    counts: Counter[Decimal] = Counter()
    for match in _NUMBER.finditer(text):
        value = normalize_number(match.group(), decimal_comma=decimal_comma)
        if value:
            counts[Decimal(value)] += 1
    return counts


def shown_amounts(text: str, context: PriceContext = PriceContext()) -> set[Decimal]:
    """Every number printed in a text, read both as the page's locale writes it and as a machine value,
    so a structured price can be checked against what the reader sees."""
    decimal_comma = uses_decimal_comma(context)
    amounts: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        for structured in (False, True):
            value = normalize_number(match.group(), decimal_comma=decimal_comma, structured=structured)
            if value:
                amounts.add(Decimal(value))
    return amounts
