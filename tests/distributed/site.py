"""A generated marketplace of any size for distributed-crawl tests and the benchmarks: category pages
(paginated), product pages with JSON-LD and a supplier card, and supplier profile pages; served by a
threaded static server, optionally with an artificial latency per page.

``python -m tests.distributed.site OUT_DIR N_PRODUCTS`` writes one; ``serve(dir, latency)`` serves it.
"""

from __future__ import annotations

import html
import json
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PER_PAGE = 30
WORDS = ("Human Hair Wig", "Lace Front Wig", "Mink Lashes", "Rattan Bag", "Desk Lamp", "Phone Case",
         "Silk Scarf", "Cotton Towel", "Bamboo Basket", "Wool Blanket")  # fmt: skip
CITIES = ("Qingdao, Shandong, China", "Xuchang, Henan, China", "Yiwu, Zhejiang, China", "Guangzhou, China")

PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} - Bench Market</title>
{head}</head><body><header><a href="/">Bench Market</a></header><main>{body}</main>
<footer><p>Generated test marketplace.</p></footer></body></html>"""


def seller_slug(i: int) -> str:
    return f"supplier-{i:04d}"


def product_path(i: int) -> str:
    return f"/product/item-{i:06d}.html"


def _product(i: int, sellers: int) -> str:
    s = i % sellers
    name = f"{WORDS[i % len(WORDS)]} model {i}"
    seller_name = f"Bench Supplier {s:04d} Trading Co., Ltd."
    ld = {"@context": "https://schema.org", "@type": "Product", "@id": str(i), "name": name, "sku": f"SKU{i}",
          "description": f"{name}: sturdy, made to order, {10 + i % 90} pieces per carton.",
          "offers": {"@type": "Offer", "priceCurrency": "USD", "price": f"{1 + i % 50}.{i % 100:02d}",
                     "availability": "https://schema.org/InStock",
                     "seller": {"@type": "Organization", "name": seller_name, "url": f"/seller/{seller_slug(s)}/"}}}  # fmt: skip
    body = (f'<div class="product-detail"><h1 class="product-title">{html.escape(name)}</h1>'
            f'<div class="price-panel"><span class="price">US${ld["offers"]["price"]}</span></div>'  # type: ignore[index]
            f'<div class="description"><p>{html.escape(str(ld["description"]))}</p></div></div>'
            f'<aside class="supplier-card"><h3>Supplier</h3><a class="company-name" href="/seller/{seller_slug(s)}/">'
            f"{html.escape(seller_name)}</a></aside>")  # fmt: skip
    head = f'<link rel="canonical" href="{product_path(i)}"><script type="application/ld+json">{json.dumps(ld)}</script>'
    return PAGE.format(title=html.escape(name), head=head, body=body)


def _seller(s: int, products: int, sellers: int) -> str:
    name = f"Bench Supplier {s:04d} Trading Co., Ltd."
    items = "".join(f'<li><a href="{product_path(i)}">item {i}</a></li>' for i in range(s, min(products, s + 5 * sellers), sellers))
    body = (f'<div class="company-profile"><h1 class="company-name">{name}</h1><table class="company-facts">'
            f"<tr><th>Company Name:</th><td>{name}</td></tr><tr><th>Business Type:</th><td>Trading company</td></tr>"
            f"<tr><th>Location:</th><td>{CITIES[s % len(CITIES)]}</td></tr>"
            f"<tr><th>Year Established:</th><td>{2000 + s % 20}</td></tr></table>"
            f'<h2>Company profile</h2><p>Main products: assorted goods.</p><h2>Products and offers</h2><ul class="product-list">{items}</ul></div>')  # fmt: skip
    return PAGE.format(title=f"{name} - Company Profile", head="", body=body)


def _category(page: int, pages: int, products: int) -> str:
    start = page * PER_PAGE
    items = "".join(f'<li><a href="{product_path(i)}">item {i}</a></li>' for i in range(start, min(products, start + PER_PAGE)))
    nxt = f'<a class="next" rel="next" href="/c/all/page-{page + 1}.html">Next</a>' if page + 1 < pages else ""
    return PAGE.format(title=f"All products, page {page + 1}", head="",
                       body=f'<h1>All products</h1><ul class="product-list">{items}</ul>{nxt}')  # fmt: skip


def write_site(out: Path, products: int, sellers: int | None = None) -> dict[str, int]:
    """Write the site; what a full crawl finds (products, sellers, pages)."""
    sellers = sellers or max(1, products // 20)
    pages = -(-products // PER_PAGE)
    for sub in ("product", "seller", "c/all"):
        (out / sub).mkdir(parents=True, exist_ok=True)
    (out / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    # Every category page one link from the home page: pagination alone would pass DEPTH_LIMIT.
    links = "".join(f'<li><a href="/c/all/page-{p}.html">page {p + 1}</a></li>' for p in range(pages))
    (out / "index.html").write_text(PAGE.format(title="Bench Market", head="", body=f"<ul>{links}</ul>"))
    for p in range(pages):
        (out / "c" / "all" / f"page-{p}.html").write_text(_category(p, pages, products))
    for i in range(products):
        (out / product_path(i).lstrip("/")).write_text(_product(i, sellers))
    for s in range(sellers):
        (out / "seller" / seller_slug(s)).mkdir(exist_ok=True)
        (out / "seller" / seller_slug(s) / "index.html").write_text(_seller(s, products, sellers))
    return {"products": products, "sellers": sellers, "pages": 1 + pages + products + sellers}


class _Handler(SimpleHTTPRequestHandler):
    latency = 0.0
    fetched: dict[str, int] | None = None

    def do_GET(self) -> None:
        if self.fetched is not None:
            self.fetched[self.path] = self.fetched.get(self.path, 0) + 1
        if self.latency:
            time.sleep(self.latency)
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(root: Path, *, latency: float = 0.0, count: bool = False) -> Iterator[tuple[str, dict[str, int]]]:
    """Serve ``root`` on 127.0.0.1 in a thread; the base URL and, with ``count``, fetches by path."""
    fetched: dict[str, int] = {}
    handler = type("Handler", (_Handler,), {"latency": latency, "fetched": fetched if count else None})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", fetched
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    print(write_site(Path(sys.argv[1]), int(sys.argv[2])))
