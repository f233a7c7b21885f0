"""Every page of the demo market that is not a product or advert: navigation, profiles, traps."""

from __future__ import annotations

from collections.abc import Sequence

from tests.sitegen.catalog import Catalog, Listing, Seller
from tests.sitegen.layout import (
    board_path,
    category_path,
    esc,
    format_price,
    page,
    product_image,
    seller_path,
)
from tests.sitegen.product_pages import country_of

ROBOTS_TXT = """# Harbor Trade Demo Market
User-agent: *
Disallow: /search
Disallow: /account/

User-agent: GPTBot
Disallow: /
"""


def chunks(items: Sequence[Listing], size: int) -> list[list[Listing]]:
    return [list(items[start : start + size]) for start in range(0, len(items), size)] or [[]]


def _card(catalog: Catalog, listing: Listing) -> str:
    assert listing.price is not None
    assert listing.seller is not None
    seller = catalog.seller(listing.seller)
    return f"""<li class="product-card">
  <a class="product-link" href="{listing.path}"><img src="{product_image(listing)}" alt="">
    <span class="title">{esc(listing.title)}</span></a>
  <span class="price">{esc(format_price(listing.price, catalog.currencies))}</span>
  <span class="moq">MOQ {esc(listing.min_order or "")}</span>
  <a class="company" href="{seller_path(seller.id)}">{esc(seller.name)}</a>
</li>"""


def _pagination(base_pages: list[str], current: int) -> str:
    links = []
    if current > 1:
        links.append(f'<a rel="prev" href="{base_pages[current - 2]}">&laquo; Previous</a>')
    for number, href in enumerate(base_pages, start=1):
        links.append(
            f'<span class="current">{number}</span>' if number == current else f'<a href="{href}">{number}</a>'
        )
    if current < len(base_pages):
        links.append(f'<a rel="next" class="next" href="{base_pages[current]}">Next &raquo;</a>')
    return f'<nav class="pagination">{" ".join(links)}</nav>'


def category_pages(catalog: Catalog, category_id: str, listings: Sequence[Listing]) -> dict[str, str]:
    info = catalog.category(category_id)
    pages = chunks(listings, info.per_page)
    hrefs = [category_path(catalog, category_id, number) for number in range(1, len(pages) + 1)]
    out: dict[str, str] = {}
    for number, items in enumerate(pages, start=1):
        first = (number - 1) * info.per_page + 1
        cards = "\n".join(_card(catalog, listing) for listing in items)
        promo = ""
        if number == 1 and catalog.specials.captcha.linked_from == category_id:
            promo = f'<p class="promo"><a href="{catalog.specials.captcha.path}">Today\'s deals: up to 40% off</a></p>'
        body = f"""<ol class="breadcrumb"><li><a href="/">Home</a></li><li>{esc(info.name)}</li></ol>
<h1>{esc(info.name)}</h1>
{promo}
<p class="result-count">Showing {first}-{first + len(items) - 1} of {len(listings)} products</p>
<ul class="product-grid">
{cards}
</ul>
{_pagination(hrefs, number)}"""
        title = f"{info.name} - page {number} - {catalog.site.name}"
        out[hrefs[number - 1]] = page(catalog, title=title, body=body)
    return out


def _lead_row(catalog: Catalog, listing: Listing) -> str:
    if listing.seller is not None:
        seller = catalog.seller(listing.seller)
        company, country = esc(seller.name), country_of(seller.location)
    else:
        assert listing.buyer is not None
        company, country = esc(listing.buyer.name), listing.buyer.country
    kind = "Sell" if listing.lead == "sell" else "Buy"
    return (
        f'<tr class="lead-row"><td class="lead-kind">{kind}</td>'
        f'<td><a href="{listing.path}">{esc(listing.title)}</a></td>'
        f"<td>{company}</td><td>{esc(country)}</td><td>{listing.posted}</td></tr>"
    )


def board_pages(catalog: Catalog, adverts: Sequence[Listing]) -> dict[str, str]:
    pages = chunks(adverts, catalog.board.per_page)
    hrefs = [board_path(number) for number in range(1, len(pages) + 1)]
    out: dict[str, str] = {}
    for number, items in enumerate(pages, start=1):
        rows = "\n".join(_lead_row(catalog, listing) for listing in items)
        body = f"""<ol class="breadcrumb"><li><a href="/">Home</a></li><li>{esc(catalog.board.name)}</li></ol>
<h1>{esc(catalog.board.name)}: buy and sell offers</h1>
<table class="trade-leads">
<tr><th>Type</th><th>Title</th><th>Company</th><th>Country</th><th>Posted</th></tr>
{rows}
</table>
{_pagination(hrefs, number)}"""
        out[hrefs[number - 1]] = page(catalog, title=f"{catalog.board.name} - page {number}", body=body)
    return out


def seller_page(catalog: Catalog, seller: Seller, listings: Sequence[Listing]) -> str:
    facts = [
        ("Company Name", seller.name),
        ("Business Type", seller.business_type),
        ("Location", seller.location),
        ("Country/Region", country_of(seller.location)),
        ("Year Established", seller.established or "Not disclosed"),
    ]
    fact_rows = "\n".join(f"<tr><th>{esc(name)}:</th><td>{esc(value)}</td></tr>" for name, value in facts)
    contacts = "\n".join(
        f'<div class="info-item"><span class="info-label">{esc(name)}:</span> '
        f'<span class="info-fields">{esc(value)}</span></div>'
        for name, value in seller.contacts.items()
    )
    products = "\n".join(f'<li><a href="{listing.path}">{esc(listing.title)}</a></li>' for listing in listings)
    body = f"""<ol class="breadcrumb"><li><a href="/">Home</a></li><li>Suppliers</li></ol>
<div class="company-profile" data-seller-id="{seller.id}">
  <h1 class="company-name">{esc(seller.name)}</h1>
  <table class="company-facts">
{fact_rows}
  </table>
  <div class="about"><h2>About us</h2><p>{esc(seller.about)}</p></div>
  <h2>Contact Information</h2>
  <div class="contact-block">
{contacts}
  </div>
  <h2>Products and offers</h2>
  <ul class="product-list">
{products}
  </ul>
</div>"""
    return page(catalog, title=f"{seller.name} - Company Profile - {catalog.site.name}", body=body)


def home_page(catalog: Catalog, featured: Sequence[Listing], adverts: Sequence[Listing]) -> str:
    categories = "\n".join(
        f'<li><a href="{category_path(catalog, info.id)}">{esc(info.name)}</a></li>' for info in catalog.categories
    )
    redirects = {redirect.to: redirect.path for redirect in catalog.specials.redirects}
    # Featured items go through /go/ tracking redirects, as marketplace home pages do.
    picks = "\n".join(
        f'<li><a href="{redirects[listing.path]}">{esc(listing.title)}</a></li>'
        for listing in featured
        if listing.path in redirects
    )
    leads = "\n".join(
        f'<li><a href="{listing.path}">{esc(listing.title)}</a></li>' for listing in adverts[: catalog.board.per_page]
    )
    body = f"""<section class="hero"><h1>{esc(catalog.site.name)}</h1><p>{esc(catalog.site.tagline)}</p></section>
<section><h2>Categories</h2><ul class="category-list">
{categories}
</ul></section>
<section><h2>Featured</h2><ul class="featured">
{picks}
</ul></section>
<section><h2>Latest trade leads</h2><ul class="latest-leads">
{leads}
</ul><p><a href="{board_path()}">All trade leads</a></p></section>
<section><h2>Popular searches</h2><p><a href="/search?q=lace+wig">lace wig</a>
<a href="/search?q=mink+lashes">mink lashes</a>
<a href="/search?q=rattan+bag">rattan bag</a></p></section>"""
    return page(catalog, title=f"{catalog.site.name} - {catalog.site.tagline}", body=body)


def search_page(catalog: Catalog, products: Sequence[Listing]) -> str:
    results = "\n".join(_card(catalog, listing) for listing in products)
    body = f"""<h1>Search results</h1>
<p class="note">Search pages are closed to crawlers by robots.txt.</p>
<ul class="product-grid">
{results}
</ul>"""
    return page(catalog, title=f"Search - {catalog.site.name}", body=body)


def account_page(catalog: Catalog, action: str) -> str:
    body = f"""<h1>{esc(action)}</h1>
<form class="account-form" action="/account/session" method="post">
  <label>E-mail <input type="email" name="email"></label>
  <label>Password <input type="password" name="password"></label>
  <button type="submit">{esc(action)}</button>
</form>"""
    return page(catalog, title=f"{action} - {catalog.site.name}", body=body)


def about_page(catalog: Catalog) -> str:
    body = f"""<h1>About this demo</h1>
<p>{esc(catalog.site.notice)}</p>
<p>The market mixes the page structures real marketplaces use: JSON-LD, schema.org microdata,
OpenGraph product tags and plain label/value tables, in English, Chinese, Japanese and Korean.</p>"""
    return page(catalog, title=f"About - {catalog.site.name}", body=body)


def not_found_page(catalog: Catalog) -> str:
    body = '<h1>Page not found</h1><p>The page you requested does not exist. <a href="/">Back to the home page</a>.</p>'
    return page(catalog, title=f"404 Not Found - {catalog.site.name}", body=body)


# Amazon's robot check, as SITES.md describes it: HTTP 200, a form posting to /errors/validateCaptcha.
CAPTCHA_PAGE = """<!DOCTYPE html>
<!--[if lt IE 7]> <html lang="en-us" class="a-no-js a-lt-ie9 a-lt-ie8 a-lt-ie7"> <![endif]-->
<html class="a-no-js" lang="en-us">
<head>
<meta charset="utf-8">
<title>Robot Check</title>
</head>
<body>
<!--
        To discuss automated access to Harbor Trade data please contact api-services-support@harbor-demo.example.
-->
<div class="a-container a-padding-double-large">
  <div class="a-row a-spacing-double-large">
    <h4>Enter the characters you see below</h4>
    <p class="a-last">Sorry, we just need to make sure you're not a robot. For best results, please make sure
    your browser is accepting cookies.</p>
  </div>
  <form method="get" action="/errors/validateCaptcha" name="">
    <input type="hidden" name="amzn" value="dGhpcyBpcyBhIGRlbW8gdG9rZW4=">
    <input type="hidden" name="amzn-r" value="/deals/today.html">
    <div class="a-row a-text-center"><img src="/static/img/captcha.svg" alt="captcha"></div>
    <div class="a-row a-spacing-base">
      <label for="captchacharacters">Type the characters you see in this image:</label>
      <input autocomplete="off" spellcheck="false" placeholder="Type characters" id="captchacharacters"
        name="field-keywords" type="text">
    </div>
    <button type="submit" class="a-button-text">Continue shopping</button>
  </form>
</div>
</body>
</html>
"""

# What nginx sends when the application behind it fails.
SERVER_ERROR_PAGE = """<html>
<head><title>500 Internal Server Error</title></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>nginx</center>
</body>
</html>
"""

STYLESHEET = """body { font-family: sans-serif; margin: 0 auto; max-width: 1100px; color: #222; }
.site-header, .site-footer { padding: 0.8em; background: #f4f1ea; }
.logo { font-weight: bold; font-size: 1.3em; }
.categories li, .breadcrumb li { display: inline; margin-right: 1em; }
.product-grid { display: flex; flex-wrap: wrap; gap: 1em; list-style: none; padding: 0; }
.product-card { width: 30%; border: 1px solid #ddd; padding: 0.5em; }
.product-card img, .main-image { width: 100%; max-width: 320px; }
.price, .price-item { color: #c40; font-weight: bold; }
.supplier-card { border: 1px solid #ccc; padding: 0.8em; margin: 1em 0; }
.fiction-notice { font-size: 0.85em; color: #555; }
"""

_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="320" height="240" viewBox="0 0 320 240">
<rect width="320" height="240" fill="{fill}"/>
<text x="160" y="125" font-size="22" text-anchor="middle" fill="#333">{label}</text>
</svg>
"""

IMAGES = {
    "wig.svg": _SVG.format(fill="#e9d8c4", label="wig"),
    "eyelash.svg": _SVG.format(fill="#e4e0ef", label="lashes"),
    "rattan_bag.svg": _SVG.format(fill="#eadfb8", label="rattan bag"),
    "other.svg": _SVG.format(fill="#dde8e3", label="product"),
    "captcha.svg": _SVG.format(fill="#ffffff", label="K3 xP 7w"),
}
