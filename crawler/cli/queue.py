"""The review queue: list hits, show one with every reason, record review decisions."""

from __future__ import annotations

import sqlite3

import click

from crawler.cli.context import AppContext, pass_app
from crawler.cli.render import as_csv, as_json, table
from db.decisions import HIT_STATUSES
from db.hits import HitNotFoundError, get_hit, list_hits
from db.hits import review as record_review
from db.listings import search_listings

COLUMNS = ("id", "score", "priority", "status", "category", "platform", "title", "seller_name", "url", "reasons")


def _reason_summary(reasons: list[dict[str, object]]) -> str:
    return "; ".join(f"{r.get('kind')}: {r.get('matched_text')}" for r in reasons)


@click.group(invoke_without_command=True)
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(HIT_STATUSES),
    help="Only hits in this status (repeatable).",
)
@click.option(
    "--priority", type=click.Choice(["high", "low"]), default=None,
    help="high: flagged leads; low: lower-priority leads below the flag line (e.g. a hub seller of wigs).",
)  # fmt: skip
@click.option("--min-score", type=float, default=None, help="Only hits scoring at least this (0..1).")
@click.option("--platform", default=None, help="Only listings from this platform (host), e.g. 127.0.0.1.")
@click.option("--category", default=None, help="wig, eyelash, rattan_bag or other.")
@click.option(
    "--reason",
    "reason_kind",
    type=click.Choice(["seller", "phrase", "contact", "place", "category"]),
    help="Only hits with this kind of reason.",
)
@click.option("--since", default=None, help="Created on or after this date (YYYY-MM-DD or ISO time).")
@click.option("--until", default=None, help="Created before this date.")
@click.option("--limit", type=int, default=None, help="At most this many hits.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
def hits(
    ctx: click.Context,
    statuses: tuple[str, ...],
    priority: str | None,
    min_score: float | None,
    platform: str | None,
    category: str | None,
    reason_kind: str | None,
    since: str | None,
    until: str | None,
    limit: int | None,
    fmt: str,
) -> None:
    """List the hits in the review queue: flagged leads first, then lower-priority ones, by score.

    Every format carries the hit id, listing URL, title, seller, score, status and reasons.
    `originwatch hits show ID` shows one hit with every reason in full.
    """
    if ctx.invoked_subcommand:
        return
    app: AppContext = ctx.obj
    db = app.db()
    rows = list_hits(
        db, status=statuses, priority=priority, min_score=min_score, platform=platform, category=category,
        reason_kind=reason_kind, since=since, until=until, limit=limit,
    )  # fmt: skip
    db.close()
    if fmt == "json":
        click.echo(as_json(rows))
    elif fmt == "csv":
        click.echo(as_csv(rows, COLUMNS), nl=False)
    elif not rows:
        click.echo("No hits match.")
    else:
        shown = [{**r, "reasons": _reason_summary(r["reasons"])} for r in rows]
        click.echo(table(shown, COLUMNS, widths={"title": 40, "seller_name": 28, "url": 48, "reasons": 60}))


@hits.command("show")
@click.argument("hit_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def show(app: AppContext, hit_id: int, fmt: str) -> None:
    """Show one hit: the listing, every reason (matched text, rule, watchlist entry) and the review history."""
    db = app.db()
    try:
        hit = get_hit(db, hit_id)
    except HitNotFoundError:
        raise click.ClickException(f"no hit {hit_id}") from None
    finally:
        db.close()
    if fmt == "json":
        click.echo(as_json(hit))
        return
    listing = hit["listing"]
    stale = "  (stale: the last screening found no reason)" if hit["stale"] else ""
    where = listing["seller_location"] or "location unknown"
    click.echo(f"Hit {hit['id']}  score {hit['score']:.2f} ({hit['priority']} priority)  status {hit['status']}{stale}")
    click.echo(f"  {listing['title']}")
    click.echo(f"  {listing['url']}")
    click.echo(f"  seller: {listing['seller_name'] or '-'}  ({where})  {listing['seller_url'] or ''}")
    if listing.get("origin"):
        click.echo(f"  origin: {listing['origin']}")
    click.echo(f"  category: {hit['category'] or '-'}")
    click.echo(f"  seen {listing['first_seen']} .. {listing['last_seen']}, content version {listing['version']}")
    click.echo("Reasons:")
    for n, r in enumerate(hit["reasons"], 1):
        entry = (
            f"  [{r.get('source')} {r.get('entity_id')}]" if r.get("entity_id") else f"  [{r.get('source') or 'rules'}]"
        )
        click.echo(f"  {n}. {r['kind']} ({r.get('score', 0):.2f}) rule {r.get('rule')}{entry}")
        click.echo(f"     matched: {r.get('matched_text')!r}" + (f" in {r['field']}" if r.get("field") else ""))
        click.echo(f"     {r.get('detail')}")
    if hit["events"]:
        click.echo("Review history:")
        for e in hit["events"]:
            click.echo(
                f"  {e['at']}  {e['by']}: {e['old_status']} -> {e['new_status']}"
                + (f"  — {e['note']}" if e["note"] else "")
            )


@click.command()
@click.argument("hit_id", type=int)
@click.option("--status", required=True, type=click.Choice(HIT_STATUSES), help="The decision.")
@click.option("--note", default="", help="Why: what you checked.")
@click.option("--by", "by", required=True, help="Who decided (written to the audit trail).")
@click.option("--assign", "assignee", default=None, help="Assign the hit to this person.")
@pass_app
def review(app: AppContext, hit_id: int, status: str, note: str, by: str, assignee: str | None) -> None:
    """Record a review decision on a hit: new, confirmed, dismissed, escalated or unsure. Every change is audited."""
    db = app.db()
    try:
        event = record_review(db, hit_id, status=status, by=by, note=note, assignee=assignee)
    except HitNotFoundError:
        raise click.ClickException(f"no hit {hit_id}") from None
    except ValueError as exc:
        raise click.ClickException(str(exc)) from None
    finally:
        db.close()
    click.echo(f"Hit {hit_id}: {event['old_status']} -> {event['new_status']} by {by}")


@click.command()
@click.argument("query")
@click.option("--limit", type=int, default=50, show_default=True, help="At most this many listings.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def search(app: AppContext, query: str, limit: int, fmt: str) -> None:
    """Full-text search over every stored listing (title, description, seller, origin, attributes),
    flagged or not: for following a lead to the seller's other listings.

    QUERY uses SQLite FTS5 syntax: words, "exact phrases", OR, prefix*.
    """
    db = app.db()
    try:
        rows = search_listings(db, query, limit=limit)
    except sqlite3.OperationalError as exc:
        raise click.ClickException(f"cannot search for {query!r}: {exc}") from None
    finally:
        db.close()
    if fmt == "json":
        click.echo(as_json(rows))
    elif not rows:
        click.echo("No listing matches.")
    else:
        columns = ("id", "platform", "category", "title", "seller_name", "seller_location", "url")
        click.echo(table(rows, columns, widths={"title": 50, "seller_name": 30, "url": 60}))
