"""Following a lead: full-text search over every stored listing, and one listing in full."""

from __future__ import annotations

import click

from crawler.cli.context import AppContext, pass_app
from crawler.cli.render import as_json, table


@click.command()
@click.argument("query")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="At most this many listings.")
@click.option("--raw", is_flag=True, help="QUERY is SQLite FTS5 syntax (OR, NEAR, prefix*), not a phrase.")
@click.option("--wide", is_flag=True, help="The URL as a column instead of on its own line.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def search(app: AppContext, query: str, limit: int, raw: bool, wide: bool, fmt: str) -> None:
    """Full-text search over every stored listing (title, description, seller, origin, attributes),
    flagged or not: for following a lead to the seller's other listings.

    QUERY is matched as a phrase anywhere in the text, in any script (朝鲜加工 inside a sentence,
    hand-tied, 북한), unless --raw. Each result shows the listing id and, if it has one, its hit id.
    """
    import sqlite3

    from db.listings import search_listings

    with app.store() as db:
        try:
            rows = search_listings(db, query, limit=limit, raw=raw)
        except sqlite3.OperationalError as exc:
            raise click.ClickException(f"cannot search for {query!r}: {exc}") from None
    if fmt == "json":
        click.echo(as_json(rows))
        return
    if not rows:
        click.echo("No listing matches.")
        return
    shown = [{**r, "listing": r["id"], "hit": r["hit_id"] or "-"} for r in rows]
    columns = ("listing", "hit", "platform", "category", "title", "seller_name", "seller_location")
    if wide:
        click.echo(table(shown, (*columns, "url")))
    else:
        click.echo(table(shown, columns, widths={"title": 50, "seller_name": 30}, below="url"))


@click.group()
def listing() -> None:
    """Stored listings, flagged or not: `listing show ID` prints one in full."""


@listing.command("show")
@click.argument("listing_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def listing_show(app: AppContext, listing_id: int, fmt: str) -> None:
    """One stored listing: its fields, its versions, its captures and its hit."""
    from db.evidence import evidence_for_listing
    from db.listings import ListingNotFoundError, get_listing, hit_of_listing, listing_versions

    with app.store() as db:
        try:
            row = get_listing(db, listing_id)
        except ListingNotFoundError:
            raise click.ClickException(f"no listing {listing_id}") from None
        versions = listing_versions(db, listing_id)
        captures = evidence_for_listing(db, listing_id)
        hit_id = hit_of_listing(db, listing_id)
    if fmt == "json":
        click.echo(as_json({**row, "hit_id": hit_id, "versions": versions, "evidence": captures}))
        return
    click.echo(f"Listing {row['id']}  {row['platform']}  {row['kind']}  category {row['category'] or '-'}"
               + (f"  hit {hit_id}" if hit_id else "  no hit"))  # fmt: skip
    click.echo(f"  {row['title']}")
    click.echo(f"  {row['url']}")
    for name in ("price", "currency", "min_order", "sku", "availability", "seller_name", "seller_location",
                 "seller_url", "origin"):  # fmt: skip
        if row.get(name):
            click.echo(f"  {name}: {row[name]}")
    for key, value in row["attributes"].items():
        click.echo(f"  attribute {key}: {value}")
    if row["contacts"]:
        click.echo("  contacts: " + ", ".join(row["contacts"]))
    if row["description"]:
        click.echo("  description: " + " ".join(row["description"].split())[:500])
    click.echo(f"  seen {row['first_seen']} .. {row['last_seen']}")
    held = {int(c["version"]) for c in captures}
    for v in versions:
        capture = "captured" if int(v["version"]) in held else "no capture"
        click.echo(f"  version {v['version']}  {v['captured_at']}  run {v['run_id'] or '-'}  {capture}")
