"""JSON-LD, parsed block by block so one malformed block never hides the others."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.layer import LayerResult
from crawler.extract.price import PriceContext, currency_code, parse_amount
from crawler.extract.values import clean_text, normalize_availability

PRODUCT_TYPES = {"product", "productgroup", "individualproduct", "productmodel", "vehicle", "car", "book"}
OFFER_TYPES = {"offer", "aggregateoffer"}
ORGANIZATION_TYPES = {"organization", "corporation", "localbusiness", "store", "onlinestore", "onlinebusiness"}
SKU_KEYS = ("sku", "productID", "gtin13", "gtin", "gtin12", "gtin14", "gtin8", "mpn")

_COMMENT = re.compile(r"<!--|-->")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_TRAILING_COMMA = re.compile(r",\s*([}\]])")


def parse_block(text: str) -> Any:
    """json.loads with the cheap repairs real pages need: comments, CDATA, control chars, trailing commas."""
    cleaned = _CDATA.sub("", _COMMENT.sub("", text)).strip().rstrip(";")
    try:
        return json.loads(cleaned, strict=False)
    except json.JSONDecodeError:
        return json.loads(_TRAILING_COMMA.sub(r"\1", cleaned), strict=False)


def read_blocks(doc: HtmlElement) -> tuple[list[Any], list[str]]:
    """Every JSON-LD block on the page, and one error line per block that would not parse."""
    blocks: list[Any] = []
    errors: list[str] = []
    scripts = doc.xpath('//script[contains(translate(@type, "LDJSON", "ldjson"), "ld+json")]')
    for number, script in enumerate(scripts, start=1):
        text = script.text or ""
        if not text.strip():
            continue
        try:
            blocks.append(parse_block(text))
        except json.JSONDecodeError as exc:
            errors.append(f"json-ld block {number}: {exc.msg} at line {exc.lineno} column {exc.colno}")
    return blocks, errors


def types_of(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type", [])
    values = raw if isinstance(raw, list) else [raw]
    return {str(value).rsplit("/", 1)[-1].casefold() for value in values}


def walk_nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every typed object inside a block: @graph, lists and nested values included."""
    if depth > 12:
        return
    if isinstance(data, list):
        for item in data:
            yield from walk_nodes(item, depth + 1)
    elif isinstance(data, dict):
        if "@type" in data:
            yield data
        for value in data.values():
            if isinstance(value, dict | list):
                yield from walk_nodes(value, depth + 1)


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def name_of(value: Any) -> str:
    """A Thing's name, or the string itself (brand/seller/country may be either)."""
    for item in as_list(value):
        if isinstance(item, str):
            return clean_text(item)
        if isinstance(item, dict):
            name = item.get("name") or item.get("alternateName")
            if isinstance(name, str) and name.strip():
                return clean_text(name)
    return ""


def _offers(product: dict[str, Any]) -> list[dict[str, Any]]:
    offers = [offer for offer in as_list(product.get("offers")) if isinstance(offer, dict)]
    for variant in as_list(product.get("hasVariant")):
        if isinstance(variant, dict):
            offers += [offer for offer in as_list(variant.get("offers")) if isinstance(offer, dict)]
    expanded: list[dict[str, Any]] = []
    for offer in offers:
        expanded.append(offer)
        expanded += [inner for inner in as_list(offer.get("offers")) if isinstance(inner, dict)]
    return expanded


def _read_offer(offer: dict[str, Any], result: LayerResult, context: PriceContext, page_url: str) -> None:
    specs = [spec for spec in as_list(offer.get("priceSpecification")) if isinstance(spec, dict)]
    price = parse_amount(offer.get("price"), context) or parse_amount(offer.get("lowPrice"), context)
    for spec in specs:
        price = price or parse_amount(spec.get("price"), context) or parse_amount(spec.get("minPrice"), context)
    result.put("price", price)
    result.put("price_max", parse_amount(offer.get("highPrice"), context))
    currency = offer.get("priceCurrency") or next((s.get("priceCurrency") for s in specs), "")
    if isinstance(currency, str):
        result.put("currency", currency_code(currency, context))
    result.put("availability", normalize_availability(offer.get("availability")))
    seller = offer.get("seller") or offer.get("offeredBy")
    seller_url = next(
        (
            urljoin(page_url, item["url"])
            for item in as_list(seller)
            if isinstance(item, dict) and isinstance(item.get("url"), str)
        ),
        "",
    )
    result.seller(name_of(seller), "json-ld offers.seller", config.seller_rules().ranks.offer, url=seller_url)
    result.put("seller_url", seller_url)
    for item in as_list(seller):
        if isinstance(item, dict):
            result.put("seller_location", _address_text(item.get("address")))
    quantity = offer.get("eligibleQuantity")
    if isinstance(quantity, dict) and quantity.get("minValue") is not None:
        unit = quantity.get("unitText") or quantity.get("unitCode") or ""
        result.put("min_order", f"{quantity['minValue']} {unit}".strip())
    for detail in as_list(offer.get("shippingDetails")):
        if isinstance(detail, dict):
            origin = detail.get("shippingOrigin")
            if isinstance(origin, dict):
                result.put("seller_location", _address_text(origin) or name_of(origin.get("addressCountry")))
    result.put("sku", offer.get("sku") if isinstance(offer.get("sku"), str | int) else "")


def _address_text(address: Any) -> str:
    if isinstance(address, str):
        return clean_text(address)
    if not isinstance(address, dict):
        return ""
    keys = ("addressLocality", "addressRegion", "addressCountry")
    parts = [name_of(address.get(key)) for key in keys]
    return ", ".join(part for part in parts if part)


def _same_site(url: str, page_url: str) -> bool:
    host, page_host = urlsplit(url).hostname or "", urlsplit(page_url).hostname or ""
    tail = ".".join(page_host.split(".")[-2:])
    return bool(host) and (host in (page_host, tail) or host.endswith("." + tail))


def _read_product(product: dict[str, Any], result: LayerResult, context: PriceContext, page_url: str) -> None:
    result.declares_product = True
    result.put("title", name_of(product))
    if isinstance(product.get("description"), str):
        result.put("description", product["description"])
    for key in SKU_KEYS:
        value = product.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            result.put("sku", value)
    for offer in _offers(product):
        _read_offer(offer, result, context, page_url)
    result.put("origin", name_of(product.get("countryOfOrigin")))
    for image in as_list(product.get("image")):
        url = image if isinstance(image, str) else image.get("url") if isinstance(image, dict) else None
        if isinstance(url, str) and url not in result.images:
            result.images.append(urljoin(page_url, url))
    brand = name_of(product.get("brand"))
    if brand:
        result.attributes.setdefault("brand", brand)
    manufacturer = name_of(product.get("manufacturer"))
    if manufacturer:
        result.attributes.setdefault("manufacturer", manufacturer)


def _product_rank(product: dict[str, Any]) -> int:
    """Prefer the Product that carries offers: pages also list related products as Product nodes."""
    return (2 if product.get("offers") else 0) + (1 if product.get("name") else 0)


def extract_jsonld(doc: HtmlElement, page_url: str, context: PriceContext) -> LayerResult:
    result = LayerResult("json-ld")
    blocks, result.errors = read_blocks(doc)
    nodes = [node for block in blocks for node in walk_nodes(block)]
    products = [node for node in nodes if types_of(node) & PRODUCT_TYPES]
    if products:
        best = max(products, key=_product_rank)
        _read_product(best, result, context, page_url)
    else:
        # An Offer without a Product (seen on B2B boards) still carries price and seller.
        for offer in (node for node in nodes if types_of(node) & OFFER_TYPES):
            _read_offer(offer, result, context, page_url)
            if isinstance(offer.get("name"), str):
                result.put("title", offer["name"])
    for node in nodes:
        # The site names itself by a WebSite node, or an Organization whose address is the site's home page;
        # a storefront on the same site (/seller/…) is a seller, not the site.
        url = urljoin(page_url, node["url"]) if isinstance(node.get("url"), str) else ""
        home = bool(url) and _same_site(url, page_url) and urlsplit(url).path.strip("/") == ""
        if "website" in types_of(node) or (types_of(node) & ORGANIZATION_TYPES and home):
            result.site_names.append(name_of(node))
    # On product pages the seller is the offer's; Organization blocks there describe the marketplace.
    organizations = [] if products else [node for node in nodes if types_of(node) & ORGANIZATION_TYPES]
    for org in organizations:
        url = org.get("url")
        # The marketplace describes itself with an Organization block too; only a third party is a seller.
        if isinstance(url, str) and _same_site(urljoin(page_url, url), page_url):
            continue
        result.seller(name_of(org), "json-ld Organization", config.seller_rules().ranks.organization)
        if isinstance(url, str):
            result.put("seller_url", urljoin(page_url, url))
        result.put("seller_location", _address_text(org.get("address")))
    return result
