from __future__ import annotations

from collections.abc import Callable

from lxml.html import HtmlElement, fragment_fromstring

from crawler.extract.dom_price import best_price, class_words
from crawler.extract.price import PriceContext, parse_price

ANY_LOCALE = PriceContext()


def price_of(parse: Callable[[str], HtmlElement], html: str, context: PriceContext = ANY_LOCALE) -> str:
    best = best_price(parse(html), context)
    return parse_price(best.text, context, structured=best.structured).price if best else ""


def test_class_words_split_camel_case_and_glued_price() -> None:
    el = fragment_fromstring('<span class="c-tp-price--baseline oldPrice pricenew"></span>')
    assert {"old", "price", "new", "baseline"} <= class_words(el)
    # "boxshadow" on <html> must not read as "old": whole words only.
    assert "old" not in class_words(fragment_fromstring('<div class="boxshadow placeholder"></div>'))


def test_sale_price_beside_the_title_beats_crossed_out_and_related(parse: Callable[[str], HtmlElement]) -> None:
    html = """<body><div class="product"><h1>Lace wig</h1>
      <div class="price-box"><del class="price">$90.00</del> <span class="price sale">$45.00</span></div></div>
      <ul class="related">
        <li class="card"><a href="/p/1">A</a><span class="price">$10.00</span></li>
        <li class="card"><a href="/p/2">B</a><span class="price">$12.00</span></li>
        <li class="card"><a href="/p/3">C</a><span class="price">$14.00</span></li>
      </ul></body>"""
    assert price_of(parse, html) == "45.00"


def test_data_attribute_and_locale_currency(parse: Callable[[str], HtmlElement]) -> None:
    html = """<body><h1>Phone</h1><div class="buy"><span class="ok_pr">44 890 тг.</span>
      <div class="buy-button" price="44890">Buy</div></div></body>"""
    assert price_of(parse, html, PriceContext(language="ru", tld="kz")) == "44890"


def test_lone_old_price_is_the_offer(parse: Callable[[str], HtmlElement]) -> None:
    html = '<body><h1>Lens</h1><ul><li class="price"><span class="price-old-live">40.00€</span></li></ul></body>'
    assert price_of(parse, html) == "40.00"


def test_grid_of_equal_prices_names_no_offer(parse: Callable[[str], HtmlElement]) -> None:
    cells = "".join(f'<td><span class="price">{n}.00 €</span></td>' for n in (11, 12, 13, 14))
    assert price_of(parse, f"<body><table><tr>{cells}</tr></table></body>") == ""


def test_zero_is_no_price(parse: Callable[[str], HtmlElement]) -> None:
    assert price_of(parse, '<body><h1>X</h1><span class="price">$0.00</span></body>') == ""
