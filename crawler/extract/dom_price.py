"""The offer price on a page without structured data: the price element nearest the product title.

Candidates are elements whose class/id words say "price", orphan `itemprop=price` elements and elements
carrying the price in a data attribute. Crossed-out, old, per-unit, shipping and instalment prices, prices
inside the site chrome and prices inside the cards of related products are dropped; the rest are ranked by
how close they sit to the page's <h1>, whether they print a currency and whether their class says
"sale/current/final".
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from lxml.etree import XPath
from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.attributes import element_text
from crawler.extract.price import PriceContext, amount_counts, find_currency, parse_price
from crawler.extract.select import select
from crawler.extract.text import is_chrome

_CLASS_OR_ID = XPath("//body//*[@class or @id]")
_ITEMPROP_PRICE = XPath("//body//*[@itemprop='price']")
_WORD_SPLIT = re.compile(r"[^0-9a-zà-ÿа-я]+|(?<=[a-z])(?=[A-Z])")
_NUMERIC = re.compile(r"^\s*\d+(?:[.,]\d+)?\s*$")
_STRUCK_TAGS = {"del", "s", "strike"}


@dataclass(frozen=True)
class PriceCandidate:
    score: int
    position: int  # document order: the first of equally good candidates wins
    text: str
    structured: bool  # a machine value (attribute/content), where "12.500" means twelve and a half


@dataclass(frozen=True)
class _Words:
    price: re.Pattern[str]
    exclude: frozenset[str]
    struck: frozenset[str]
    prefer: frozenset[str]


@cache
def _words() -> _Words:
    rules = config.dom_rules()
    return _Words(
        re.compile(rules.price_class_pattern, re.IGNORECASE),
        frozenset(rules.price_exclude_words),
        frozenset(rules.price_struck_words),
        frozenset(rules.price_prefer_words),
    )


def class_words(el: HtmlElement) -> frozenset[str]:
    """Words of an element's id and class: "price-old live" -> {price, old, live}; "oldPrice" -> {old,
    price}; a word glued to "price" counts on its own too ("pricenew" -> new)."""
    return _split_words(f"{el.get('id', '')} {el.get('class', '')}")


@lru_cache(maxsize=50_000)
def _split_words(marks: str) -> frozenset[str]:
    words = set()
    price = _words().price
    for raw in _WORD_SPLIT.split(marks):
        word = raw.lower()
        if not word:
            continue
        words.add(word)
        rest = price.sub("", word)
        if rest and rest != word:
            words.add(rest)
    return frozenset(words)


def _says_price(words: frozenset[str]) -> bool:
    price = _words().price
    return any(price.search(word) for word in words)


def _is_struck(el: HtmlElement) -> bool:
    """Inside (or holding) a crossed-out or old price: a comparison, not the offer."""
    words = _words()
    for level, ancestor in enumerate(el.iterancestors()):
        if level >= config.dom_rules().price_ancestor_levels:
            break
        if ancestor.tag in _STRUCK_TAGS or class_words(ancestor) & words.struck:
            return True
    for inner in el.iterdescendants():
        if isinstance(inner.tag, str) and (inner.tag in _STRUCK_TAGS or class_words(inner) & words.struck):
            return True
    return el.tag in _STRUCK_TAGS


def _in_chrome_or_card(el: HtmlElement, title: HtmlElement | None) -> bool:
    """In the header/menus/footer, or in one of a run of sibling cards (related products, carousels)."""
    levels = config.dom_rules().price_card_levels
    for level, ancestor in enumerate(el.iterancestors()):
        if not isinstance(ancestor.tag, str):
            continue
        if is_chrome(ancestor):
            return True
        if level >= levels or (title is not None and _contains(ancestor, title)):
            continue
        parent = ancestor.getparent()
        if parent is None or ancestor.find(".//a[@href]") is None:
            continue
        shape = (ancestor.tag, ancestor.get("class"))
        siblings = sum(1 for sibling in parent if (sibling.tag, sibling.get("class")) == shape)
        if siblings >= config.dom_rules().price_card_siblings:
            return True
    return False


def _contains(ancestor: HtmlElement, el: HtmlElement) -> bool:
    return any(node is ancestor for node in el.iterancestors())


def _closeness(el: HtmlElement, title: HtmlElement | None) -> int:
    """Bonus for sharing a small block with the title: the price of this product sits beside its name.
    The distance is the tree path between the two (up from one to the shared block, down to the other)."""
    if title is None:
        return 0
    # Keyed by the element itself: lxml makes a new proxy per access, so an id() of a dropped proxy can be
    # reused by another element's and match by accident (results then depended on memory layout).
    mine = {node: level for level, node in enumerate(el.iterancestors())}
    for level, ancestor in enumerate(title.iterancestors()):
        if ancestor in mine:
            return max(0, config.dom_rules().price_title_levels - (level + mine[ancestor]) // 2)
    return 0


def _page_title(doc: HtmlElement) -> HtmlElement | None:
    """The element naming the product: of the title selectors' matches, the first whose text the
    document <title> repeats (pages also use <h1> for section names), else the first."""
    head_title = doc.find(".//title")
    wanted = element_text(head_title).casefold() if head_title is not None else ""
    first = None
    for selector in config.dom_rules().title_selectors:
        for el in select(doc, selector):
            if any(is_chrome(ancestor) for ancestor in el.iterancestors()):
                continue  # a menu's section heading
            text = element_text(el).casefold()
            if text and wanted and text in wanted:
                return el
            first = first if first is not None else el
    return first


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CURRENCY_CHUNK = re.compile(r"^[^\d\s]{1,4}$")
_DIGIT_CHUNK = re.compile(r"^\d[\d.,'\u00a0\u202f ]*$|^[.,]\d*$")


def is_hidden(el: HtmlElement) -> bool:
    """Hidden by its own markup: shops hide decoy digits inside a price to defeat scrapers."""
    return el.get("hidden") is not None or bool(_HIDDEN_STYLE.search(el.get("style") or ""))


def _visible_chunks(el: HtmlElement) -> list[str]:
    chunks: list[str] = []

    def walk(node: HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in {"script", "style", "template"} or is_hidden(node):
            return
        if node.text and node.text.strip():
            chunks.append(node.text.strip())
        for child in node:
            walk(child)
            if child.tail and child.tail.strip():
                chunks.append(child.tail.strip())

    walk(el)
    return chunks


def price_text(el: HtmlElement) -> str:
    """The text of one price element with its parts put back together: the currency, whole part and
    decimals often sit in sibling spans (Amazon's a-price-symbol / a-price-whole / a-price-fraction,
    "173<sup>34</sup>"), which plain text extraction spaces apart into three numbers."""
    chunks = _visible_chunks(el)
    if len(chunks) < 2 or not all(_CURRENCY_CHUNK.match(c) or _DIGIT_CHUNK.match(c) for c in chunks):
        return " ".join(chunks)
    joined = chunks[0]
    for chunk in chunks[1:]:
        # Cents printed apart from the whole part, with no separator of their own.
        cents = joined[-1].isdigit() and len(chunk) == 2 and chunk.isdigit()
        joined += ("." if cents else "") + chunk
    return joined


def price_candidates(doc: HtmlElement, context: PriceContext, *, lone_old: bool = False) -> list[PriceCandidate]:
    """lone_old=True keeps the old/crossed-out prices too (for pages that print no other price)."""
    rules = config.dom_rules()
    words = _words()
    title = _page_title(doc)
    found: list[PriceCandidate] = []

    def add(el: HtmlElement, position: int, text: str, base: int, structured: bool) -> None:
        amount = parse_price(text, context, structured=structured).price
        # Zero is a placeholder (hidden price, empty cart), never an offer.
        if not amount or Decimal(amount) == 0 or _in_chrome_or_card(el, title):
            return
        score = base + _closeness(el, title) + (2 if find_currency(text, context) else 0)
        found.append(PriceCandidate(score, position, text, structured))

    for position, el in enumerate(_ITEMPROP_PRICE(doc)):
        content = el.get("content")
        text = content if content is not None else price_text(el)
        if text and (lone_old or not _is_struck(el)):
            add(el, -1_000_000 + position, text, rules.price_itemprop_score, content is not None)
    for position, el in enumerate(_CLASS_OR_ID(doc)):
        for attribute in rules.price_attributes:
            value = el.get(attribute)
            if value and _NUMERIC.match(value) and (lone_old or not _is_struck(el)):
                add(el, position, value.strip(), rules.price_attribute_score, True)
                break
        if not words.price.search(f"{el.get('id', '')} {el.get('class', '')}"):
            continue
        own = class_words(el)
        excluded = own & (words.exclude - words.struck if lone_old else words.exclude)
        if not _says_price(own) or excluded or (not lone_old and _is_struck(el)):
            continue
        content = el.get("content")
        if content is not None and _NUMERIC.match(content):
            add(el, position, content.strip(), 1 + (1 if own & words.prefer else 0), True)
            continue
        if is_hidden(el):
            continue
        text = price_text(el)
        if text and len(text) <= rules.price_max_chars and re.search(r"\d", text):
            add(el, position, text, 1 if own & words.prefer else 0, False)
    return found


def _pick(candidates: list[PriceCandidate], context: PriceContext) -> PriceCandidate | None:
    """The best candidate, or None when the best score is shared by several different amounts: a grid of
    equally placed prices names no offer, and a wrong price is worse than none."""
    if not candidates:
        return None
    top = max(candidate.score for candidate in candidates)
    best = [candidate for candidate in candidates if candidate.score == top]
    amounts = {parse_price(c.text, context, structured=c.structured).price for c in best}
    if len(amounts) > config.dom_rules().price_max_tied_amounts:
        return None
    return min(best, key=lambda candidate: candidate.position)


def best_price(doc: HtmlElement, context: PriceContext) -> PriceCandidate | None:
    best = _pick(price_candidates(doc, context), context)
    if best is not None:
        return best
    # An "old" price with no new one beside it is the only price the page shows for it: the offer.
    return _pick(price_candidates(doc, context, lone_old=True), context)


def struck_only_amounts(doc: HtmlElement, visible_text: str, context: PriceContext) -> set[Decimal]:
    """Amounts the page prints only as a comparison: crossed out, in an old/was/list-price element, or
    after "was" / "list price" / "RRP" words. Structured data that carries one of these is the list price
    while the page sells at another."""
    words = _words()
    struck: Counter[Decimal] = Counter()
    body = doc.find("body")
    for el in body.iter() if body is not None else ():
        if not isinstance(el.tag, str) or not (el.tag in _STRUCK_TAGS or class_words(el) & words.struck):
            continue
        amounts = amount_counts(price_text(el), context)
        # One amount only: a block classed "regular" that holds the sale price too is no comparison.
        if amounts.total() == 1 and not any(
            (a.tag in _STRUCK_TAGS or class_words(a) & words.struck)
            and amount_counts(price_text(a), context).total() == 1
            for a in el.iterancestors()
        ):
            struck.update(amounts)
    for match in _was_words().finditer(visible_text):
        struck.update(amount_counts(match.group(1), context))
    if not struck:
        return set()
    shown = amount_counts(visible_text, context)
    return {amount for amount, count in struck.items() if count >= shown.get(amount, 0)}


@cache
def _was_words() -> re.Pattern[str]:
    words = "|".join(re.escape(word) for word in config.dom_rules().price_was_words)
    return re.compile(rf"(?i)(?:{words})\s*[:：]?\s*(\D{{0,5}}\d[\d.,\u00a0]*)")
