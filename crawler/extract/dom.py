"""Heuristics on the visible page, for sites that publish no structured data."""

from __future__ import annotations

import re
from functools import cache

from lxml.etree import XPath
from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.attributes import (
    element_text,
    field_labels,
    fields_from_attributes,
    first_text,
    labelled_elements,
    table_pairs,
)
from crawler.extract.dom_price import best_price, price_text
from crawler.extract.layer import LayerResult
from crawler.extract.price import PriceContext, parse_price
from crawler.extract.select import select, select_any
from crawler.extract.seller import dom_candidates, seller_placement
from crawler.extract.text import is_chrome
from crawler.extract.values import clean_text

_CLASS_OR_ID = XPath("//*[@class or @id]")
MAX_TITLE_CHARS = 400
MAX_DESCRIPTION_CHARS = 5000
MIN_PARAGRAPH_CHARS = 20  # shorter paragraphs are buttons and captions, not product text


@cache
def _availability_word() -> re.Pattern[str]:
    return re.compile(config.dom_rules().availability_class_pattern, re.IGNORECASE)


def select_first_text(doc: HtmlElement, selectors: list[str], *, first_chunk: bool = False) -> str:
    if not select_any(doc, selectors):
        return ""
    for selector in selectors:
        for el in select(doc, selector):
            text = first_text(el) if first_chunk else element_text(el)
            if text:
                return text
    return ""


def _title(doc: HtmlElement) -> str:
    title = select_first_text(doc, config.dom_rules().title_selectors)
    if not title:
        found = doc.find(".//title")
        title = element_text(found) if found is not None else ""
    return title[:MAX_TITLE_CHARS]


def _description(doc: HtmlElement) -> str:
    """The product text: a known description block, else the paragraphs of the main content."""
    for selector in config.dom_rules().description_selectors:
        for el in select(doc, selector):
            text = "\n".join(filter(None, (element_text(p) for p in el.iter("p", "li")))) or element_text(el)
            if text:
                return text[:MAX_DESCRIPTION_CHARS]
    main = doc.find(".//main") if doc.find(".//main") is not None else doc.find("body")
    if main is None:
        return ""
    paragraphs = [
        element_text(p) for p in main.iter("p") if not any(is_chrome(a) or a.tag == "aside" for a in p.iterancestors())
    ]
    return "\n".join(t for t in paragraphs if len(t) >= MIN_PARAGRAPH_CHARS)[:MAX_DESCRIPTION_CHARS]


def _price(doc: HtmlElement, context: PriceContext) -> tuple[str, bool]:
    """(text holding the offer price, whether it is a machine value rather than printed text)."""
    selectors = config.dom_rules().price_selectors
    if select_any(doc, selectors):
        for selector in selectors:
            for el in select(doc, selector):
                text = price_text(el)
                if text and parse_price(text, context).price:
                    return text, False
    best = best_price(doc, context)
    return (best.text, best.structured) if best else ("", False)


def _availability(doc: HtmlElement) -> str:
    rules = config.dom_rules()
    availability_word = _availability_word()
    for el in _CLASS_OR_ID(doc):
        if not availability_word.search(f"{el.get('id', '')} {el.get('class', '')}"):
            continue
        text = element_text(el).casefold()
        if not text or len(text) > 60:  # longer blocks list sizes or other offers, not this item
            continue
        if any(phrase in text for phrase in rules.out_of_stock_phrases):
            return "OutOfStock"
        if any(phrase in text for phrase in rules.in_stock_phrases):
            return "InStock"
    return ""


def _sku(doc: HtmlElement) -> str:
    if not select_any(doc, config.dom_rules().sku_selectors):
        return ""
    for selector in config.dom_rules().sku_selectors:
        for el in select(doc, selector):
            value = clean_text(el.get("value") or el.get("data-sku") or el.text_content())
            if value and len(value) <= 64:
                return value
    return ""


def extract_dom(
    doc: HtmlElement, context: PriceContext, page_url: str = "", skip: frozenset[str] = frozenset()
) -> LayerResult:
    """skip: fields an earlier layer already filled with a value this layer could never beat (page.py
    decides); the DOM searches are the costliest part of extraction. Attribute rows are always read."""
    result = LayerResult("dom")
    if "title" not in skip:
        result.put("title", _title(doc))
    if "description" not in skip:
        result.put("description", _description(doc))
    price_text, structured = ("", False) if "price" in skip else _price(doc, context)
    if price_text:
        parsed = parse_price(price_text, context, structured=structured)
        result.put("price", parsed.price)
        result.put("price_max", parsed.price_max)
        result.put("currency", parsed.currency)
        result.put("min_order", parsed.min_order)
    result.attributes = table_pairs(doc)
    row_price = ""
    for field, value in fields_from_attributes(result.attributes).items():
        if field not in {"seller_name", "price"}:
            result.put(field, value)
    labels = field_labels()
    wanted = set().union(*labels.values())
    seller_rows = []
    for key, value, el in labelled_elements(doc, wanted):
        for field, keys in labels.items():
            if key in keys:
                if field == "seller_name":  # seller names are weighed by where they sit, below
                    seller_rows.append((key, value, el))
                elif field == "price":
                    # Not another offer's or a comparison block's row ("8 Optionen von 98,65 €").
                    if not row_price and seller_placement(el)[0] not in {"other", "chrome"}:
                        row_price = value
                else:
                    result.put(field, value)
                result.attributes.setdefault(key, value)
    if row_price and "price" not in skip and not result.fields.get("price"):
        # A labelled price row ("FOB Price: US$ 45.00 - 60.00 / Piece", "价格：380元/顶") on a page whose
        # markup names no price element.
        parsed = parse_price(row_price, context)
        for name in ("price", "price_max", "currency", "min_order"):
            result.put(name, getattr(parsed, name))
    if "seller_name" not in skip:
        result.sellers = dom_candidates(doc, page_url, seller_rows)
        for candidate in sorted(result.sellers, key=lambda c: (c.rank, c.position)):
            if not candidate.refused:
                result.put("seller_name", candidate.name)
                break
    if "sku" not in skip:
        result.put("sku", _sku(doc))
    if "availability" not in skip:
        result.put("availability", _availability(doc))
    return result
