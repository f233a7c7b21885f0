"""Decide what sort of page this is: product, B2B advert, seller profile, listing, blocked or other."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.hints import ExtractHints
from crawler.extract.select import select_any
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
    main_titles: int = 0  # <h1> elements outside the site chrome


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


def count_main_titles(doc: HtmlElement) -> int:
    """The product's own title element (#productTitle, h1[itemprop=name]) counts as one; else the <h1>
    headings outside the header, menus and footer: a detail page has one, a listing none or many."""
    if select_any(doc, config.dom_rules().title_selectors[:-1]):
        return 1
    return sum(1 for h1 in doc.iter("h1") if not any(is_chrome(a) for a in h1.iterancestors()))


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


def _detail_url(url: str) -> bool:
    """The page's own URL is shaped like a detail page: a marketplace product path, or an id in its last segment."""
    parts = urlsplit(url)
    path_query = parts.path + ("?" + parts.query if parts.query else "")
    if any(re.search(pattern, path_query) for pattern in config.page_kinds().product_link_patterns):
        return True
    return bool(_ITEM_ID.search(parts.path.rstrip("/").rpartition("/")[2]))


def product_points(ex: Extracted, signals: KindSignals, buy: bool) -> list[str]:
    """The product-page evidence the page shows, one line each."""
    points = []
    if signals.main_titles == 1:
        points.append("one main title")
    if ex.price:
        points.append(f"a price ({ex.sources.get('price', '?')})")
    if buy:
        points.append("buy/order words")
    if ex.sku or ex.listing_id or ex.min_order:
        points.append("an item id, SKU or MOQ")
    if ex.seller_name and not ex.seller_source.startswith(("advertiser", "json-ld Organization", "meta")):
        points.append(f"a seller ({ex.seller_source})")
    if _detail_url(ex.url):
        points.append("a detail-page URL")
    return points


def decide_kind(ex: Extracted, signals: KindSignals, hints: ExtractHints | None) -> PageKind:
    """The page kind; ex.kind_signals says what was weighed and ex.skip_reason why a page is not taken."""
    kind, why = _decide(ex, signals, hints)
    ex.kind_signals = why
    if kind not in ("product", "advert"):
        reasons = {"listing": "listing-page", "seller": "seller-profile", "blocked": ""}
        fallback = "no-title" if not ex.title else "no-product-evidence"
        ex.skip_reason = reasons.get(kind, fallback)
    return kind


def _decide(ex: Extracted, signals: KindSignals, hints: ExtractHints | None) -> tuple[PageKind, list[str]]:
    if ex.block_reason:
        return "blocked", [f"block: {ex.block_reason}"]
    from_url = _kind_from_url(ex.url, hints)
    if from_url is not None:
        return from_url, [f"site profile URL pattern says {from_url}"]
    rules = config.page_kinds()
    text = signals.visible_text.casefold()
    content = signals.main_text.casefold()
    title = ex.title.casefold()
    links = f"{signals.product_links} product links, {signals.item_links} sibling detail links"
    many_items = signals.item_links >= rules.listing_min_item_links
    # An advert names who posts it; a board index titled "Trade leads" names nobody.
    advert_word = next((s for s in rules.advert_signals if s in title), "") or (
        "" if signals.declares_product else next((s for s in rules.advert_signals if s in content), "")
    )
    if advert_word and ex.title and ex.seller_name and not many_items:
        return "advert", [f"B2B words {advert_word!r}", f"company {ex.seller_name!r}", links]
    buy = any(signal in text for signal in rules.buy_signals)
    points = product_points(ex, signals, buy)
    why = [*points, links]
    if signals.declares_product:
        return "product", ["structured data declares a Product", *why]
    if ex.title and ex.price:
        few_links = signals.product_links < LISTING_OVER_PRODUCT_LINKS and not (many_items and signals.main_titles != 1)
        if len(points) >= (rules.product_min_points if few_links else rules.product_over_links_points):
            return "product", why
    # An unavailable item shows no price, but still one title on a detail URL with its item id.
    if ex.title and {"one main title", "a detail-page URL", "an item id, SKU or MOQ"} <= set(points):
        return "product", why
    profile = sum(signal in content for signal in rules.seller_signals) >= 2
    # A lead or advert without a price: one title, a named company and a description of the offer.
    described = len(ex.description) >= rules.advert_min_description_chars
    company = any(point.startswith("a seller") for point in points)
    lead = ex.title and not ex.price and described and company and not profile and not many_items
    if lead and len(points) >= rules.product_min_points:
        return "advert", ["no price, but a company and a description", *why]
    if profile:
        return "seller", ["seller-profile words", *why]
    if signals.product_links >= rules.listing_min_product_links or many_items:
        return "listing", why
    return "other", why
