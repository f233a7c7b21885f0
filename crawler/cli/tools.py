"""Debugging tools for site profiles."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import click

EXTRACT_FIELDS = (
    "title", "price", "currency", "sku", "availability", "seller_name", "seller_location", "origin", "contacts",
    "seller_source", "seller_is_site", "kind", "kind_signals", "skip_reason", "canonical_url", "encoding",
)  # fmt: skip


@click.command()
@click.argument("page", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", default="", help="The page's URL (helps relative links and site detection).")
@click.option("--site", default=None, help="Use this site profile's hints (see crawler/sites/).")
@click.option("--all", "all_fields", is_flag=True, help="Print every extracted field, not just the stable set.")
def extract(page: Path, url: str, site: str | None, all_fields: bool) -> None:
    """Print as JSON what the extraction layer reads from one saved page (a file, gzip or not).

    Keys: title, price (a plain decimal string), currency, sku, availability (InStock / OutOfStock),
    seller_name, seller_location, origin, contacts; and the explanations: seller_source (where the seller
    name sits), seller_is_site (the site sells it itself), kind with kind_signals (what the page-kind
    decision weighed) and skip_reason (why a crawl would not take the page), canonical_url, encoding.
    --all adds every seller candidate with its verdict. This output is stable: benchmarks rely on it.
    """
    from crawler.extract import extract_page

    body = page.read_bytes()
    if body[:2] == b"\x1f\x8b":
        try:
            body = gzip.decompress(body)
        except (OSError, EOFError) as exc:
            raise click.ClickException(f"{page}: not a readable gzip file ({exc})") from None
    hints = None
    if site:
        from crawler.sites import load_profile
        from crawler.sites.loader import ProfileError

        try:
            hints = load_profile(site).hints()
        except ProfileError as exc:
            raise click.ClickException(str(exc)) from None
    ex = extract_page(body, url or page.resolve().as_uri(), hints=hints)
    data = ex.to_dict() if all_fields else {k: getattr(ex, k) for k in EXTRACT_FIELDS}
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
