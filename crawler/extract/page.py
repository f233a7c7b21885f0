"""extract_page: run every layer on one page, merge them in priority order, decide the page kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal
from urllib.parse import urljoin, urlsplit

import lxml.html
from cssselect import SelectorError
from lxml.etree import ParserError
from lxml.html import HtmlElement

from crawler.extract import config
from crawler.extract.attributes import element_text, fields_from_attributes
from crawler.extract.blocks import block_marker, is_block
from crawler.extract.contacts import find_contacts
from crawler.extract.dom import extract_dom
from crawler.extract.dom_price import struck_only_amounts
from crawler.extract.embedded_json import extract_embedded_json
from crawler.extract.encoding import decode_html_detailed
from crawler.extract.hints import ExtractHints
from crawler.extract.jsonld import extract_jsonld
from crawler.extract.kind import (
    KindSignals,
    count_item_links,
    count_main_titles,
    count_product_links,
    decide_kind,
)
from crawler.extract.layer import TEXT_FIELDS, LayerResult
from crawler.extract.microdata import extract_microdata
from crawler.extract.opengraph import extract_opengraph, read_meta
from crawler.extract.price import PriceContext, parse_price, shown_amounts
from crawler.extract.select import select
from crawler.extract.seller import choose, clean_name, refusal, site_keys
from crawler.extract.text import page_text
from crawler.extract.types import Extracted
from crawler.identity import canonical_url

_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# Fields read together from one layer: a price from JSON-LD and a currency from the DOM may disagree.
PRICE_GROUP = ("price", "price_max", "currency")
MIN_CONTENT_ATTRIBUTES = 3  # attribute rows that, with a title and a price, make a page's product content


def page_context(doc: HtmlElement, url: str, meta: dict[str, str]) -> PriceContext:
    language = doc.get("lang") or meta.get("content-language") or meta.get("og:locale") or ""
    host = urlsplit(url).hostname or ""
    return PriceContext(language=re.split(r"[-_]", language.strip().lower())[0], tld=host.rsplit(".", 1)[-1])


def _hinted_layer(doc: HtmlElement, url: str, hints: ExtractHints, context: PriceContext) -> LayerResult:
    result = LayerResult("hints")
    for field, selectors in hints.selectors.items():
        for selector in selectors:
            try:
                matches = select(doc, selector)
            except SelectorError as exc:
                result.errors.append(f"hint selector {selector!r} for {field}: {exc}")
                continue
            if field == "images":
                result.images += [urljoin(url, el.get("src") or el.get("content") or "") for el in matches]
                continue
            if not matches:
                continue
            el = matches[0]
            if field == "seller_url":
                result.put(field, urljoin(url, el.get("href") or el.get("content") or ""))
            elif field == "price":
                parsed = parse_price(el.get("content") or element_text(el), context)
                for name in ("price", "price_max", "currency", "min_order"):
                    result.put(name, getattr(parsed, name))
            elif field == "seller_name":
                name = el.get("content") or element_text(el)
                result.seller(name, f"site profile selector {selector}", config.seller_rules().ranks.hint)
            elif field != "contacts":
                result.put(field, el.get("content") or element_text(el))
            break
    return result


def _run(name: str, layer: Callable[[], LayerResult], errors: list[str]) -> LayerResult:
    """A failing layer costs its own fields only, never the page."""
    try:
        result = layer()
    except Exception as exc:
        errors.append(f"{name} layer failed: {type(exc).__name__}: {exc}")
        return LayerResult(name)
    errors.extend(result.errors)
    return result


def _price_layer(
    layers: list[LayerResult], shown: set[Decimal] | None, struck: set[Decimal] | None = None
) -> LayerResult | None:
    """The price's layer, by confidence. A price the page prints only crossed out or as "was/list price"
    is the list price: any other layer's price beats it. Then the first structured layer whose price the
    page also prints (shops' markup often carries the list price while the page shows the sale price);
    then the first clean structured price, which beats visible text that did not print it readably
    (obfuscated or split digits); the DOM's own reading last."""
    priced = [layer for layer in layers if layer.fields.get("price")]
    if struck:
        priced = [layer for layer in priced if Decimal(layer.fields["price"]) not in struck] or priced
    if shown is not None:
        for layer in priced:
            amount = Decimal(layer.fields["price"])
            # Cents printed as a superscript ("173<sup>34</sup>") reach the text as "173 34".
            if amount in shown or amount.to_integral_value(rounding=ROUND_FLOOR) in shown:
                return layer
    return priced[0] if priced else None


def _merge_seller(ex: Extracted, layers: list[LayerResult]) -> None:
    site_names = [name for layer in layers for name in layer.site_names]
    owner = {id(candidate): layer for layer in layers for candidate in layer.sellers}
    candidates = [candidate for layer in layers for candidate in layer.sellers]
    choice = choose(candidates, site_keys(ex.url, site_names))
    ex.seller_candidates = choice.considered
    ex.seller_source, ex.seller_is_site = choice.source, choice.is_site
    if not choice.name:
        return
    ex.seller_name = choice.name
    chosen = next(c for c in candidates if c.name == choice.name and c.source == choice.source)
    layer = owner[id(chosen)]
    ex.sources["seller_name"] = layer.source
    url = choice.url or layer.fields.get("seller_url", "")
    if url:
        ex.seller_url, ex.sources["seller_url"] = url, layer.source


def merge_layers(
    ex: Extracted, layers: list[LayerResult], shown: set[Decimal] | None = None, struck: set[Decimal] | None = None
) -> None:
    price_layer = _price_layer(layers, shown, struck)
    _merge_seller(ex, layers)
    for field in TEXT_FIELDS:
        if field == "seller_name" or (field == "seller_url" and ex.seller_url):
            continue
        ordered = layers
        if field in PRICE_GROUP and price_layer is not None:
            ordered = [price_layer, *(layer for layer in layers if layer is not price_layer)]
            if field == "price_max":
                ordered = [price_layer]  # another layer's upper bound would pair with the wrong low price
        for layer in ordered:
            value = layer.fields.get(field)
            if value:
                setattr(ex, field, value)
                ex.sources[field] = layer.source
                break
    if ex.price_max and ex.price and Decimal(ex.price_max) <= Decimal(ex.price):
        ex.price_max = ""
        ex.sources.pop("price_max", None)
    for layer in layers:
        for label, value in layer.attributes.items():
            ex.attributes.setdefault(label, value)
        for image in layer.images:
            if image and image not in ex.images:
                ex.images.append(image)
    # Attribute rows read from page-state JSON (AliExpress props, 1688 featureAttributes) name the
    # origin too: a field no layer filled comes from the merged rows.
    for field, value in fields_from_attributes(ex.attributes).items():
        if field not in {"seller_name", "price"} and not getattr(ex, field):
            setattr(ex, field, value)
            ex.sources[field] = "attributes"


def _parse(text: str) -> HtmlElement:
    return lxml.html.document_fromstring(_XML_DECLARATION.sub("", text, count=1) or "<html></html>")


def settled_fields(layers: list[LayerResult], shown: set[Decimal], struck: set[Decimal]) -> frozenset[str]:
    """Fields the earlier layers filled so that the DOM layer, merged last, could never change them: a
    structured price the page prints (and not only crossed out), a title, a description, a SKU, an
    availability, and a seller named by a site hint or the offer's structured data."""
    settled = {
        name for name in ("title", "description", "sku", "availability") if any(x.fields.get(name) for x in layers)
    }
    confirmed = shown - struck
    if any(
        Decimal(x.fields["price"]) in confirmed and x.fields.get("currency") for x in layers if x.fields.get("price")
    ):
        settled.add("price")
    offer_rank = config.seller_rules().ranks.offer
    if any(c.rank <= offer_rank and not refusal(clean_name(c.name)) for x in layers for c in x.sellers):
        settled.add("seller_name")
    return frozenset(settled)


def extract_page(
    body: bytes | str,
    url: str,
    *,
    header_charset: str | None = None,
    hints: ExtractHints | None = None,
    skip_settled: bool = True,
) -> Extracted:
    """Everything the generic layer (plus optional site hints) can read from one page. Never raises.
    skip_settled=False runs every DOM search even when structured data settled its field (for measuring)."""
    ex = Extracted(url=url)
    if isinstance(body, bytes):
        decoded = decode_html_detailed(body, header_charset, url=url)
        text = decoded.text
        ex.errors.extend(decoded.problems)
        ex.encoding, ex.encoding_guessed = decoded.encoding, decoded.guessed
    else:
        text = body
    try:
        doc = _parse(text)
    except (ParserError, ValueError) as exc:
        ex.errors.append(f"unparsable HTML: {exc}")
        return ex
    meta = read_meta(doc)
    context = page_context(doc, url, meta)
    canonical = doc.xpath(
        '//link[contains(concat(" ", translate(@rel, "CANONICAL", "canonical"), " "), " canonical ")]/@href'
    )
    ex.canonical_url = canonical_url(url, str(canonical[0]) if canonical else None)
    extra_vars = hints.json_vars if hints else []
    layers = []
    if hints is not None:
        layers.append(_run("hints", lambda: _hinted_layer(doc, url, hints, context), ex.errors))
    layers += [
        _run("json-ld", lambda: extract_jsonld(doc, url, context), ex.errors),
        _run("microdata", lambda: extract_microdata(doc, url, context), ex.errors),
        _run("embedded-json", lambda: extract_embedded_json(doc, url, context, extra_vars), ex.errors),
        _run("og", lambda: extract_opengraph(doc, url, context), ex.errors),
    ]
    text_of_page = page_text(doc)
    shown = shown_amounts(text_of_page.visible, context)
    priced = any(layer.fields.get("price") for layer in layers)
    struck = struck_only_amounts(doc, text_of_page.visible, context) if priced else set()
    skip = settled_fields(layers, shown, struck) if skip_settled else frozenset()
    layers.append(_run("dom", lambda: extract_dom(doc, context, url, skip), ex.errors))
    merge_layers(ex, layers, shown, struck)
    ex.contacts = find_contacts(text_of_page.visible, url)
    title_el = doc.find(".//title")
    page_title = element_text(title_el) if title_el is not None else ""
    reason, where = block_marker(doc, text, url, page_title, text_of_page.visible, hints.block_markers if hints else [])
    declares_product = any(layer.declares_product for layer in layers)
    # The product content: a title with a price (or declared Product data), and what describes the offer.
    described = bool(ex.seller_name) or len(ex.attributes) >= MIN_CONTENT_ATTRIBUTES or len(ex.description) >= 200
    has_content = bool(ex.title) and (bool(ex.price) or declares_product) and described
    if reason and is_block(where, has_content):
        ex.block_reason = reason
    elif reason:
        ex.errors.append(f"{reason} on the page, but its product content is there: not a block")
    signals = KindSignals(
        declares_product=any(layer.declares_product for layer in layers),
        visible_text=text_of_page.visible,
        main_text=text_of_page.main,
        product_links=count_product_links(doc, url),
        item_links=count_item_links(doc, url),
        main_titles=count_main_titles(doc),
    )
    ex.kind = decide_kind(ex, signals, hints)
    return ex
