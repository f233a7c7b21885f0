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
    labelled_values,
    table_pairs,
)
from crawler.extract.layer import LayerResult
from crawler.extract.price import PriceContext, find_currency, parse_price
from crawler.extract.values import clean_text

_CLASS_OR_ID = XPath("//*[@class or @id]")
MAX_TITLE_CHARS = 400


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    rules = config.dom_rules()
    return (
        re.compile(rules.price_class_pattern, re.IGNORECASE),
        re.compile(rules.price_class_exclude, re.IGNORECASE),
        re.compile(rules.price_class_prefer, re.IGNORECASE),
        re.compile(rules.availability_class_pattern, re.IGNORECASE),
    )


def select_first_text(doc: HtmlElement, selectors: list[str], *, first_chunk: bool = False) -> str:
    for selector in selectors:
        for el in doc.cssselect(selector):
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


def _price_candidates(doc: HtmlElement, context: PriceContext) -> list[tuple[int, int, str]]:
    """(score, position, text) for short elements whose id/class says "price"."""
    price_word, exclude, prefer, _ = _patterns()
    struck = re.compile(config.dom_rules().price_struck_pattern, re.IGNORECASE)
    limit = config.dom_rules().price_max_chars
    found: list[tuple[int, int, str]] = []
    for position, el in enumerate(_CLASS_OR_ID(doc)):
        marks = f"{el.get('id', '')} {el.get('class', '')}"
        if not price_word.search(marks) or exclude.search(marks):
            continue
        # Inside or around a struck-through / old / per-unit price, the number is not the offer price.
        if any(exclude.search(f"{a.get('id', '')} {a.get('class', '')}") for a in el.iterancestors()):
            continue
        if any(
            struck.search(f"{d.get('id', '')} {d.get('class', '')}")
            for d in el.iterdescendants()
            if isinstance(d.tag, str)
        ):
            continue
        text = element_text(el)
        if not text or len(text) > limit or not re.search(r"\d", text):
            continue
        score = (2 if find_currency(text, context) else 0) + (1 if prefer.search(marks) else 0)
        found.append((score, position, text))
    return found


def _price(doc: HtmlElement, context: PriceContext) -> tuple[str, str]:
    """(text holding the price, how it was found)."""
    text = select_first_text(doc, config.dom_rules().price_selectors)
    if text and parse_price(text, context).price:
        return text, "dom"
    candidates = [c for c in _price_candidates(doc, context) if parse_price(c[2], context).price]
    if not candidates:
        return "", ""
    best = max(candidates, key=lambda c: (c[0], -c[1]))
    return best[2], "dom"


def _seller_from_sentences(doc: HtmlElement) -> str:
    rules = config.dom_rules()
    patterns = [re.compile(pattern) for pattern in rules.seller_sentences]
    for selector in rules.seller_sentence_selectors:
        for el in doc.cssselect(selector):
            text = element_text(el)
            if len(text) > 300:
                continue
            for pattern in patterns:
                match = pattern.search(text)
                # A repeated "sold by" means we caught a popover copy, not one sentence.
                if (
                    match
                    and clean_text(match.group(1))
                    and len(match.group(1)) <= 80
                    and "sold by" not in match.group(1).lower()
                ):
                    return clean_text(match.group(1))
    return ""


def _availability(doc: HtmlElement) -> str:
    rules = config.dom_rules()
    *_, availability_word = _patterns()
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
    for selector in config.dom_rules().sku_selectors:
        for el in doc.cssselect(selector):
            value = clean_text(el.get("value") or el.get("data-sku") or el.text_content())
            if value and len(value) <= 64:
                return value
    return ""


def extract_dom(doc: HtmlElement, context: PriceContext) -> LayerResult:
    result = LayerResult("dom")
    result.put("title", _title(doc))
    price_text, _how = _price(doc, context)
    if price_text:
        parsed = parse_price(price_text, context)
        result.put("price", parsed.price)
        result.put("price_max", parsed.price_max)
        result.put("currency", parsed.currency)
        result.put("min_order", parsed.min_order)
    result.attributes = table_pairs(doc)
    for field, value in fields_from_attributes(result.attributes).items():
        result.put(field, value)
    labels = field_labels()
    wanted = set().union(*labels.values())
    for key, value in labelled_values(doc, wanted):
        for field, keys in labels.items():
            if key in keys:
                result.put(field, value)
                result.attributes.setdefault(key, value)
    result.put("seller_name", select_first_text(doc, config.dom_rules().seller_selectors, first_chunk=True))
    result.put("seller_name", _seller_from_sentences(doc))
    result.put("sku", _sku(doc))
    result.put("availability", _availability(doc))
    return result
