"""Product and advert pages, one renderer per markup structure real marketplaces use.

- ``json-ld``: Alibaba-like; JSON-LD Product with an (Aggregate)Offer whose seller is an Organization,
  plus "Place of Origin:" attribute rows.
- ``microdata``: eBay-like; schema.org Product/Offer microdata, seller Organization inside the offer.
- ``og``: shop-system page; OpenGraph ``og:type=product`` and ``product:price:*`` meta, "Sold by" link.
- ``dom``: Made-in-China / TradeKey-like; no structured data, only label/value rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from tests.sitegen.catalog import Catalog, Listing, Seller
from tests.sitegen.layout import (
    breadcrumb,
    esc,
    format_price,
    page,
    paragraphs,
    product_image,
    seller_path,
)

# Sites in CJK languages put a full-width colon after a label.
_COLON = {"en": ":", "zh": "：", "ja": "：", "ko": ":"}


def _label(catalog: Catalog, listing: Listing, key: str) -> str:
    return catalog.labels[listing.lang][key]


def _colon(listing: Listing) -> str:
    return _COLON[listing.lang]


def _contact_block(catalog: Catalog, listing: Listing, seller: Seller) -> str:
    rows = "".join(
        f'<div class="info-item"><span class="info-label">{esc(name)}{_colon(listing)}</span> '
        f'<span class="info-fields">{esc(value)}</span></div>'
        for name, value in seller.contacts.items()
    )
    return f"""<aside class="supplier-card">
  <h3>{esc(_label(catalog, listing, "supplier"))}</h3>
  <a class="company-name" href="{seller_path(seller.id)}">{esc(seller.name)}</a>
  <div class="company-location">{esc(_label(catalog, listing, "location"))}{_colon(listing)}
    {esc(seller.location)}</div>
  <div class="contact-block">{rows}</div>
  <a class="contact-supplier" href="/account/login.html">{esc(_label(catalog, listing, "contact"))}</a>
</aside>"""


def _price(catalog: Catalog, listing: Listing) -> str:
    assert listing.price is not None
    return format_price(listing.price, catalog.currencies)


def _json_ld(catalog: Catalog, listing: Listing, seller: Seller) -> str:
    assert listing.price is not None
    price = listing.price
    offer: dict[str, object] = {
        "@type": "AggregateOffer" if price.max else "Offer",
        "priceCurrency": price.currency,
        "availability": "https://schema.org/InStock",
        "seller": {
            "@type": "Organization",
            "name": seller.name,
            "url": seller_path(seller.id),
            "address": {"@type": "PostalAddress", "addressLocality": seller.location},
        },
    }
    if price.max:
        offer.update(lowPrice=price.min, highPrice=price.max)
    else:
        offer["price"] = price.min
    product = {
        "@context": "https://schema.org",
        "@type": "Product",
        "@id": listing.id,
        "name": listing.title,
        "sku": listing.id,
        "image": product_image(listing),
        "description": " ".join(listing.description.split()),
        "offers": offer,
    }
    good = json.dumps(product, ensure_ascii=False, indent=2)
    blocks = [f'<script type="application/ld+json">\n{good}\n</script>']
    if listing.broken_json_ld:
        # A template bug seen in the wild: an unescaped quote and a dangling comma in a second block.
        blocks.insert(
            0,
            '<script type="application/ld+json">\n{"@context": "https://schema.org", "@type": "BreadcrumbList",\n'
            ' "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Lashes "Mink" 25mm",}]\n'
            "</script>",
        )
    return "\n".join(blocks)


def _json_ld_body(catalog: Catalog, listing: Listing, seller: Seller) -> tuple[str, str]:
    colon = _colon(listing)
    rows = "\n".join(
        f'<dl class="do-entry-item"><dt class="do-entry-item"><span class="attr-name" title="{esc(name)}">'
        f'{esc(name)}{colon}</span></dt><dd class="do-entry-item-val"><div class="ellipsis" title="{esc(value)}">'
        f"{esc(value)}</div></dd></dl>"
        for name, value in listing.attributes.items()
    )
    body = f"""{breadcrumb(catalog, listing)}
<div class="product-detail" data-product-id="{listing.id}">
  <h1 class="product-title">{esc(listing.title)}</h1>
  <img class="main-image" src="{product_image(listing)}" alt="{esc(listing.title)}">
  <div class="price-panel"><span class="price">{esc(_price(catalog, listing))}</span>
    <span class="moq">{esc(_label(catalog, listing, "min_order"))}{colon} {esc(listing.min_order or "")}</span></div>
  <div class="do-entry"><h2>{esc(_label(catalog, listing, "specifics"))}</h2>
{rows}
  </div>
  <div class="description"><h2>{esc(_label(catalog, listing, "description"))}</h2>
{paragraphs(listing.description)}
  </div>
</div>
{_contact_block(catalog, listing, seller)}"""
    return _json_ld(catalog, listing, seller), body


def _microdata_body(catalog: Catalog, listing: Listing, seller: Seller) -> tuple[str, str]:
    assert listing.price is not None
    price = listing.price
    if price.max:
        offer_type = "AggregateOffer"
        amounts = (
            f'<span itemprop="lowPrice" content="{price.min}">{price.min}</span>-'
            f'<span itemprop="highPrice" content="{price.max}">{price.max}</span>'
        )
    else:
        offer_type = "Offer"
        amounts = f'<span itemprop="price" content="{price.min}">{price.min}</span>'
    symbol = esc(catalog.currencies[price.currency])
    specifics = "\n".join(
        f'<dl class="ux-labels-values"><dt class="ux-labels-values__labels">{esc(name)}</dt>'
        f'<dd class="ux-labels-values__values">{esc(value)}</dd></dl>'
        for name, value in listing.attributes.items()
    )
    colon = _colon(listing)
    body = f"""{breadcrumb(catalog, listing)}
<div class="item" itemscope itemtype="https://schema.org/Product">
  <meta itemprop="sku" content="{listing.id}">
  <h1 class="x-item-title"><span itemprop="name">{esc(listing.title)}</span></h1>
  <img itemprop="image" src="{product_image(listing)}" alt="">
  <div class="x-price-primary" itemprop="offers" itemscope itemtype="https://schema.org/{offer_type}">
    <meta itemprop="priceCurrency" content="{price.currency}">{symbol}{amounts} / {esc(price.unit)}
    <link itemprop="availability" href="https://schema.org/InStock">
    <div class="x-sellercard-atf__info__about-seller" itemprop="seller" itemscope itemtype="https://schema.org/Organization">
      {esc(_label(catalog, listing, "sold_by"))}{colon} <a itemprop="url" href="{seller_path(seller.id)}">
        <span itemprop="name">{esc(seller.name)}</span></a>
    </div>
  </div>
  <div class="moq">{esc(_label(catalog, listing, "min_order"))}{colon} {esc(listing.min_order or "")}</div>
  <div class="ux-labels-values--itemLocation">{esc(_label(catalog, listing, "item_location"))}{colon}
    <span class="ux-textspans">{esc(seller.location)}</span></div>
  <div class="ux-layout-section--features"><h2>{esc(_label(catalog, listing, "specifics"))}</h2>
{specifics}
  </div>
  <div itemprop="description" class="description">
{paragraphs(listing.description)}
  </div>
</div>
{_contact_block(catalog, listing, seller)}"""
    return "", body


def _og_body(catalog: Catalog, listing: Listing, seller: Seller) -> tuple[str, str]:
    assert listing.price is not None
    head = "\n".join(
        f'<meta property="{name}" content="{esc(value)}">'
        for name, value in (
            ("og:type", "product"),
            ("og:site_name", catalog.site.name),
            ("og:title", listing.title),
            ("og:description", " ".join(listing.description.split())),
            ("og:image", product_image(listing)),
            ("product:price:amount", listing.price.min),
            ("product:price:currency", listing.price.currency),
            ("product:retailer_item_id", listing.id),
            ("product:availability", "in stock"),
        )
    )
    colon = _colon(listing)
    facts = "\n".join(
        f'<li><span class="label">{esc(name)}{colon}</span> <span class="value">{esc(value)}</span></li>'
        for name, value in listing.attributes.items()
    )
    body = f"""{breadcrumb(catalog, listing)}
<section class="product" id="product-{listing.id}">
  <h1 class="product__title">{esc(listing.title)}</h1>
  <img src="{product_image(listing)}" alt="">
  <p class="product__price"><span class="price-item">{esc(_price(catalog, listing))}</span></p>
  <p class="product__moq">{esc(_label(catalog, listing, "min_order"))}{colon} {esc(listing.min_order or "")}</p>
  <p class="product__vendor">{esc(_label(catalog, listing, "sold_by"))}
    <a href="{seller_path(seller.id)}">{esc(seller.name)}</a></p>
  <p class="product__ships-from">{esc(_label(catalog, listing, "ships_from"))}{colon} {esc(seller.location)}</p>
  <ul class="product-facts">
{facts}
  </ul>
  <div class="product__description rte">
{paragraphs(listing.description)}
  </div>
</section>
{_contact_block(catalog, listing, seller)}"""
    return head, body


def _dom_body(catalog: Catalog, listing: Listing, seller: Seller) -> tuple[str, str]:
    colon = _colon(listing)

    def row(label: str, value_html: str) -> str:
        return f"<tr><th>{esc(label)}{colon}</th><td>{value_html}</td></tr>"

    rows = [
        row(_label(catalog, listing, "price"), f'<span class="price">{esc(_price(catalog, listing))}</span>'),
        row(_label(catalog, listing, "min_order"), esc(listing.min_order or "")),
        *(row(name, esc(value)) for name, value in listing.attributes.items()),
        row(_label(catalog, listing, "supplier"), f'<a href="{seller_path(seller.id)}">{esc(seller.name)}</a>'),
        row(_label(catalog, listing, "location"), esc(seller.location)),
    ]
    table = "\n".join(rows)
    body = f"""{breadcrumb(catalog, listing)}
<div class="sr-proMainInfo">
  <h1 class="sr-proMainInfo-baseInfoH1">{esc(listing.title)}</h1>
  <img src="{product_image(listing)}" alt="">
  <table class="basic-info">
{table}
  </table>
  <h2>{esc(_label(catalog, listing, "description"))}</h2>
  <div class="detail-desc">
{paragraphs(listing.description)}
  </div>
</div>
{_contact_block(catalog, listing, seller)}"""
    return "", body


_RENDERERS: dict[str, Callable[[Catalog, Listing, Seller], tuple[str, str]]] = {
    "json-ld": _json_ld_body,
    "microdata": _microdata_body,
    "og": _og_body,
    "dom": _dom_body,
}


def product_page(catalog: Catalog, listing: Listing) -> str:
    assert listing.structure is not None
    assert listing.seller is not None
    seller = catalog.seller(listing.seller)
    head, body = _RENDERERS[listing.structure](catalog, listing, seller)
    head = f'<link rel="canonical" href="{listing.path}">\n{head}'
    # Chinese B2B pages still declare the charset the old way.
    meta_style = "http-equiv" if listing.lang == "zh" else "html5"
    return page(
        catalog,
        title=f"{listing.title} - {catalog.site.name}",
        body=body,
        lang=listing.lang,
        charset=listing.encoding,
        head_extra=head,
        meta_style=meta_style,
    )


def country_of(location: str) -> str:
    """ "Dandong, Liaoning, China" -> "China"; "中国 山东省 临沂市" -> "中国"."""
    return location.rsplit(",", 1)[-1].strip() if "," in location else location.split()[0]


def advert_page(catalog: Catalog, listing: Listing) -> str:
    lead_name = "Sell Offer" if listing.lead == "sell" else "Buy Offer"
    if listing.seller is not None:
        seller = catalog.seller(listing.seller)
        company = f'<a href="{seller_path(seller.id)}">{esc(seller.name)}</a>'
        country = country_of(seller.location)
        location_row = f"<tr><th>Location:</th><td>{esc(seller.location)}</td></tr>"
        contact = "Contact this supplier"
    else:
        assert listing.buyer is not None
        company, country = esc(listing.buyer.name), listing.buyer.country
        location_row = ""
        contact = "Contact this buyer"
    body = f"""{breadcrumb(catalog, listing)}
<article class="trade-lead" data-lead-type="{listing.lead}" data-lead-id="{listing.id}">
  <span class="lead-type">{lead_name}</span>
  <h1 class="lead-title">{esc(listing.title)}</h1>
  <table class="lead-info">
    <tr><th>Company:</th><td class="company">{company}</td></tr>
    <tr><th>Country:</th><td class="country">{esc(country)}</td></tr>
    {location_row}
    <tr><th>Quantity:</th><td>{esc(listing.quantity or "")}</td></tr>
    <tr><th>Posted:</th><td><time datetime="{listing.posted}">{listing.posted}</time></td></tr>
  </table>
  <div class="lead-description">
{paragraphs(listing.description)}
  </div>
  <p><a class="lead-contact" href="/account/login.html">{contact}</a> (members only)</p>
</article>"""
    return page(catalog, title=f"{lead_name}: {listing.title} - {catalog.site.name}", body=body)
