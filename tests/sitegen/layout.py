"""Page shell shared by every generated page: head, header navigation, footer with the fiction notice."""

from __future__ import annotations

from html import escape

from tests.sitegen.catalog import Catalog, Listing, Price

STYLESHEET = "/static/market.css"


def esc(text: str) -> str:
    return escape(text, quote=True)


_SENTENCE_ENDS = (".", "!", "?", "。", "！", "？", "다.")


def paragraphs(text: str) -> str:
    """Catalog lines wrap mid-sentence; a line ending a sentence ends a paragraph."""
    paras: list[str] = []
    current: list[str] = []
    for line in (line.strip() for line in text.strip().splitlines()):
        if line:
            current.append(line)
        if current and (not line or line.endswith(_SENTENCE_ENDS)):
            paras.append(" ".join(current))
            current = []
    if current:
        paras.append(" ".join(current))
    return "\n".join(f"<p>{esc(para)}</p>" for para in paras)


def format_price(price: Price, currencies: dict[str, str]) -> str:
    """As B2B sellers print it: "US$1.50-3.00 / Piece"."""
    symbol = currencies[price.currency]
    amount = f"{price.min}-{price.max}" if price.max else price.min
    return f"{symbol}{amount} / {price.unit}"


def seller_path(seller_id: str) -> str:
    return f"/seller/{seller_id}/"


def category_path(catalog: Catalog, category_id: str, page: int = 1) -> str:
    base = f"/c/{catalog.category(category_id).path}/"
    return base if page == 1 else f"{base}page-{page}.html"


def board_path(page: int = 1) -> str:
    return "/board/" if page == 1 else f"/board/page-{page}.html"


def _nav(catalog: Catalog) -> str:
    links = "".join(
        f'<li><a href="{category_path(catalog, info.id)}">{esc(info.name)}</a></li>' for info in catalog.categories
    )
    return f"""<header class="site-header">
  <a class="logo" href="/">{esc(catalog.site.name)}</a>
  <form class="search" action="/search" method="get">
    <input type="search" name="q" placeholder="Search products, suppliers">
    <button type="submit">Search</button>
  </form>
  <a class="account" href="/account/login.html">Sign in</a> |
  <a class="account" href="/account/register.html">Join free</a>
  <nav><ul class="categories">{links}<li><a href="{board_path()}">{esc(catalog.board.name)}</a></li></ul></nav>
</header>"""


def _footer(catalog: Catalog) -> str:
    external = " | ".join(f'<a href="{esc(link.url)}">{esc(link.text)}</a>' for link in catalog.site.external_links)
    return f"""<footer class="site-footer">
  <p class="fiction-notice">{esc(catalog.site.notice)}</p>
  <p><a href="/about.html">About this demo</a> | {external}</p>
</footer>"""


def page(
    catalog: Catalog,
    *,
    title: str,
    body: str,
    lang: str = "en",
    charset: str = "utf-8",
    head_extra: str = "",
    meta_style: str = "html5",
) -> str:
    """A whole document. ``meta_style`` "http-equiv" mimics older Chinese B2B pages."""
    if meta_style == "http-equiv":
        meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">'
    else:
        meta = f'<meta charset="{charset}">'
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
{meta}
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{esc(title)}</title>
<link rel="stylesheet" href="{STYLESHEET}">
{head_extra}
</head>
<body>
{_nav(catalog)}
<main>
{body}
</main>
{_footer(catalog)}
</body>
</html>
"""


def breadcrumb(catalog: Catalog, listing: Listing) -> str:
    if listing.kind == "advert":
        return (
            f'<ol class="breadcrumb"><li><a href="/">Home</a></li>'
            f'<li><a href="{board_path()}">{esc(catalog.board.name)}</a></li></ol>'
        )
    info = catalog.category(listing.category)
    return (
        f'<ol class="breadcrumb"><li><a href="/">Home</a></li>'
        f'<li><a href="{category_path(catalog, info.id)}">{esc(info.name)}</a></li></ol>'
    )


def product_image(listing: Listing) -> str:
    return f"/static/img/{listing.category}.svg"
