"""Decide what sort of page this is: product, B2B advert, seller profile, listing, blocked or other."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.hints import ExtractHints
from crawler.extract.text import is_chrome
from crawler.extract.types import Extracted, PageKind

# A page with structured product data but this many product links is still a product page; without
# structured data, this many links outweigh a stray price.
LISTING_OVER_PRODUCT_LINKS = 30
_ITEM_ID = re.compile(r"\d{4,}")


@dataclass(frozen=True)
class KindSignals:
    declares_product: bool
    visible_text: str  # the whole visible page
    main_text: str  # the visible page without its header, menus and footer
    product_links: int  # distinct links shaped like a marketplace's product URLs
    item_links: int  # most distinct links in the content that share one id-bearing path shape


def count_product_links(doc: HtmlElement, page_url: str) -> int:
    patterns = [re.compile(pattern) for pattern in config.page_kinds().product_link_patterns]
    page_path = urlsplit(page_url).path
    targets = set()
    for anchor in doc.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "javascript:")):
            continue
        parts = urlsplit(urljoin(page_url, href))
        path_query = parts.path + ("?" + parts.query if parts.query else "")
        if parts.path != page_path and any(p.search(path_query) for p in patterns):
            targets.add(parts.path)
    return len(targets)


def count_item_links(doc: HtmlElement, page_url: str) -> int:
    """Category pages, search results and lead boards link a run of detail pages that share one path shape
    (same folder, an id in the last segment: /product/Slug_3100101.html, /board/offer-5000501.html)."""
    page = urlsplit(page_url)
    in_chrome = {a for el in doc.iter() if isinstance(el.tag, str) and is_chrome(el) for a in el.iter("a")}
    shapes: dict[str, set[str]] = {}
    for anchor in doc.iter("a"):
        href = anchor.get("href")
        if not href or href.startswith(("#", "javascript:")) or anchor in in_chrome:
            continue
        parts = urlsplit(urljoin(page_url, href))
        if parts.path == page.path or (parts.hostname or page.hostname) != page.hostname:
            continue
        folder, _, last = parts.path.rstrip("/").rpartition("/")
        if _ITEM_ID.search(last) or _ITEM_ID.search(parts.query):
            shapes.setdefault(folder, set()).add(parts.path + "?" + parts.query)
    counts = Counter({folder: len(paths) for folder, paths in shapes.items()})
    return counts.most_common(1)[0][1] if counts else 0


def _kind_from_url(url: str, hints: ExtractHints | None) -> PageKind | None:
    if hints is None:
        return None
    table: list[tuple[PageKind, list[str]]] = [
        ("product", hints.product_url_patterns),
        ("advert", hints.advert_url_patterns),
        ("seller", hints.seller_url_patterns),
        ("listing", hints.listing_url_patterns),
    ]
    for kind, patterns in table:
        if any(re.search(pattern, url) for pattern in patterns):
            return kind
    return None


def decide_kind(ex: Extracted, signals: KindSignals, hints: ExtractHints | None) -> PageKind:
    if ex.block_reason:
        return "blocked"
    from_url = _kind_from_url(ex.url, hints)
    if from_url is not None:
        return from_url
    rules = config.page_kinds()
    text = signals.visible_text.casefold()
    content = signals.main_text.casefold()
    title = ex.title.casefold()
    # An advert names who posts it; a board index titled "Trade leads" names nobody.
    advert_words = any(s in title for s in rules.advert_signals) or (
        not signals.declares_product and any(s in content for s in rules.advert_signals)
    )
    if advert_words and ex.title and ex.seller_name and signals.item_links < rules.listing_min_item_links:
        return "advert"
    buy = any(signal in text for signal in rules.buy_signals)
    priced_item = bool(ex.price and ex.title and (buy or ex.sku or ex.listing_id or ex.min_order))
    if signals.declares_product or (priced_item and signals.product_links < LISTING_OVER_PRODUCT_LINKS):
        return "product"
    if sum(signal in content for signal in rules.seller_signals) >= 2:
        return "seller"
    if signals.product_links >= rules.listing_min_product_links or signals.item_links >= rules.listing_min_item_links:
        return "listing"
    return "other"
