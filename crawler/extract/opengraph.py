"""OpenGraph and product <meta> tags (og:title, product:price:amount, og:price:currency ...)."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.layer import LayerResult
from crawler.extract.price import PriceContext, currency_code, parse_amount
from crawler.extract.values import clean_text, normalize_availability

# meta property/name -> Extracted field; first listed wins.
META_FIELDS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title"),
    "description": ("og:description", "description", "twitter:description"),
    "price": ("product:price:amount", "og:price:amount", "product:sale_price:amount", "og:price"),
    "currency": ("product:price:currency", "og:price:currency", "product:sale_price:currency"),
    "availability": ("product:availability", "og:availability"),
    "sku": ("product:retailer_item_id", "product:sku", "og:product_id"),
    "seller_name": ("product:retailer", "og:seller", "product:seller"),
}


def read_meta(doc: HtmlElement) -> dict[str, str]:
    """First non-empty content per lower-cased meta property/name."""
    found: dict[str, str] = {}
    for meta in doc.iter("meta"):
        key = (meta.get("property") or meta.get("name") or "").strip().casefold()
        content = clean_text(meta.get("content"))
        if key and content and key not in found:
            found[key] = content
    return found


def extract_opengraph(doc: HtmlElement, page_url: str, context: PriceContext) -> LayerResult:
    result = LayerResult("og")
    meta = read_meta(doc)
    if meta.get("og:type", "").casefold() in {"product", "og:product", "product.item"}:
        result.declares_product = True
    for field, keys in META_FIELDS.items():
        for key in keys:
            value = meta.get(key, "")
            if not value:
                continue
            if field == "price":
                value = parse_amount(value, context)
            elif field == "currency":
                value = currency_code(value, context)
            elif field == "availability":
                value = normalize_availability(value)
            if field == "seller_name":
                result.seller(value, f"meta {key}", config.seller_rules().ranks.meta)
            else:
                result.put(field, value)
    result.site_names += [
        meta[key] for key in ("og:site_name", "application-name", "apple-mobile-web-app-title") if meta.get(key)
    ]
    if meta.get("og:image"):
        result.images.append(urljoin(page_url, meta["og:image"]))
    return result
