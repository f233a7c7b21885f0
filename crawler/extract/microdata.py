"""schema.org microdata (itemscope/itemprop) and RDFa-lite (typeof/property), read into LayerResults."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.jsonld import PRODUCT_TYPES, SKU_KEYS, as_list, name_of
from crawler.extract.layer import LayerResult
from crawler.extract.price import PriceContext, currency_code, parse_amount, parse_price
from crawler.extract.values import clean_text, normalize_availability

Item = dict[str, list[Any]]
_URL_TAGS = {"a": "href", "link": "href", "area": "href", "img": "src", "source": "src", "video": "src"}


def _prop_value(el: HtmlElement, page_url: str) -> str:
    content = el.get("content")
    if content is not None:
        return clean_text(str(content))
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _URL_TAGS and el.get(_URL_TAGS[tag]):
        return urljoin(page_url, str(el.get(_URL_TAGS[tag])))
    if tag in {"data", "meter", "input"} and el.get("value") is not None:
        return clean_text(el.get("value"))
    if tag == "time" and el.get("datetime"):
        return clean_text(el.get("datetime"))
    return clean_text(el.text_content())


def read_item(scope: HtmlElement, page_url: str, *, prop_attr: str, scope_attr: str, depth: int = 0) -> Item:
    """Properties of one item; nested items become dicts. Their own props are not lifted into ours."""
    item: Item = {"@type": [scope.get(scope_attr.replace("scope", "type"), "") or scope.get("typeof", "")]}
    stack = list(scope)
    while stack:
        el = stack.pop(0)
        if not isinstance(el.tag, str):
            continue
        names = (el.get(prop_attr) or "").split()
        nested = el.get(scope_attr) is not None
        if names:
            value: Any = (
                read_item(el, page_url, prop_attr=prop_attr, scope_attr=scope_attr, depth=depth + 1)
                if nested and depth < 6
                else _prop_value(el, page_url)
            )
            for name in names:
                item.setdefault(name.rsplit("/", 1)[-1].split(":")[-1], []).append(value)
        if not nested:
            stack[0:0] = list(el)
    return item


def _first(item: Item, key: str) -> Any:
    values = item.get(key) or []
    return values[0] if values else None


def _first_text(item: Item, key: str) -> str:
    for value in item.get(key) or []:
        if isinstance(value, str) and value:
            return value
        if isinstance(value, dict):
            name = name_of({k: v[0] for k, v in value.items() if v and isinstance(v[0], str)})
            if name:
                return name
    return ""


def _is_product(item: Item) -> bool:
    kinds = " ".join(str(kind) for kind in item.get("@type", []))
    return any(word.rsplit("/", 1)[-1].casefold() in PRODUCT_TYPES for word in kinds.split())


def _read_product(item: Item, result: LayerResult, context: PriceContext) -> None:
    result.declares_product = True
    result.put("title", _first_text(item, "name"))
    result.put("description", _first_text(item, "description"))
    for key in SKU_KEYS:
        result.put("sku", _first_text(item, key))
    brand = _first_text(item, "brand")
    if brand:
        result.attributes.setdefault("brand", brand)
    result.put("origin", _first_text(item, "countryOfOrigin"))
    offers = [value for value in item.get("offers", []) if isinstance(value, dict)]
    offers += [inner for offer in offers for inner in offer.get("offers", []) if isinstance(inner, dict)]
    for offer in offers or [item]:
        raw_price = _first(offer, "price") or _first(offer, "lowPrice")
        result.put("price", parse_amount(raw_price, context) if isinstance(raw_price, str) else "")
        high = _first(offer, "highPrice")
        result.put("price_max", parse_amount(high, context) if isinstance(high, str) else "")
        currency = _first_text(offer, "priceCurrency")
        if not currency and isinstance(raw_price, str):
            currency = parse_price(raw_price, context).currency
        result.put("currency", currency_code(currency, context) if currency else "")
        result.put("availability", normalize_availability(_first_text(offer, "availability")))
        result.seller(_first_text(offer, "seller"), f"{result.source} offers.seller", config.seller_rules().ranks.offer)
        result.put("seller_location", _first_text(offer, "availableAtOrFrom"))
    result.put("seller_location", _first_text(item, "availableAtOrFrom"))
    for image in as_list(item.get("image")):
        if isinstance(image, str) and image and image not in result.images:
            result.images.append(image)


def extract_microdata(doc: HtmlElement, page_url: str, context: PriceContext) -> LayerResult:
    result = LayerResult("microdata")
    syntaxes = (("itemprop", "itemscope", "//*[@itemscope]"), ("property", "typeof", "//*[@typeof]"))
    for prop_attr, scope_attr, xpath in syntaxes:
        for scope in doc.xpath(xpath):
            # Top-level items only: nested ones are read as part of their parent.
            if scope.get(prop_attr) is not None and scope_attr == "itemscope":
                continue
            item = read_item(scope, page_url, prop_attr=prop_attr, scope_attr=scope_attr)
            if _is_product(item):
                if prop_attr == "property":
                    result.source = "rdfa"
                _read_product(item, result, context)
                return result
    return result
