"""The review queue: list hits, show one with every reason, record decisions and assignments."""

from __future__ import annotations

from typing import Any

import click

from crawler.cli.context import AppContext, pass_app, program_hint
from crawler.cli.render import as_csv, as_json, table
from db.decisions import HIT_STATUSES

REASON_KINDS = ("seller", "phrase", "contact", "place", "category")
COLUMNS = ("id", "score", "priority", "status", "category", "platform", "title", "seller_name", "reasons")
WIDE_COLUMNS = (*COLUMNS[:-1], "url", "reasons")
CSV_COLUMNS = (
    "id", "listing_id", "score", "priority", "status", "category", "stale", "platform", "title", "seller_name",
    "seller_location", "seller_url", "price", "currency", "url", "assignee", "reviewed_by", "review_note",
    "reviewed_at", "created_at", "updated_at", "reasons_changed_at", "reasons",
)  # fmt: skip
TABLE_LIMIT = 50  # a table is for reading: page with --offset, or ask for json/csv to get everything


def reason_summary(reasons: list[dict[str, Any]]) -> str:
    parts = []
    for r in reasons:
        entry = f" [{r.get('source')} {r.get('entity_id')}]" if r.get("entity_id") else ""
        parts.append(f"{r.get('kind')}: {r.get('matched_text')}{entry}")
    return "; ".join(parts)


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    from crawler.app.dates import DateError, parse_day

    if value is None:
        return None
    try:
        return parse_day(value)
    except DateError as exc:
        raise click.BadParameter(str(exc)) from None


@click.group(invoke_without_command=True)
@click.option("--status", "statuses", multiple=True, type=click.Choice(HIT_STATUSES),
              help="Only hits in this status (repeatable).")  # fmt: skip
@click.option(
    "--priority", type=click.Choice(["high", "low"]), default=None,
    help="high: flagged leads; low: lower-priority leads below the flag line (e.g. a hub seller of wigs).",
)  # fmt: skip
@click.option("--min-score", type=float, default=None, help="Only hits scoring at least this (0..1).")
@click.option("--platform", default=None, help="Only listings from this platform (host), e.g. 127.0.0.1.")
@click.option("--category", default=None, help="wig, eyelash, rattan_bag or other.")
@click.option("--reason", "reason_kind", type=click.Choice(REASON_KINDS), help="Only hits with this kind of reason.")
@click.option("--since", callback=_day, help="Created on or after: today, yesterday, 7d (days ago) or an ISO date.")
@click.option("--until", callback=_day, help="Created before: today, yesterday, 7d or an ISO date.")
@click.option("--changed-since", callback=_day,
              help="Only hits whose reasons changed on or after this date (e.g. after a rescan).")  # fmt: skip
@click.option("--assignee", default=None, help="Only hits assigned to this person.")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many hits (paging).")
@click.option("--limit", type=click.IntRange(min=1), default=None,
              help=f"At most this many hits (table default {TABLE_LIMIT}; json and csv default all).")  # fmt: skip
@click.option("--wide", is_flag=True, help="Table: the URL as a column, nothing cut, instead of on its own line.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.pass_context
def hits(ctx: click.Context, /, fmt: str, wide: bool, offset: int, limit: int | None, statuses: tuple[str, ...],
         **filters: Any) -> None:  # fmt: skip
    """List the hits in the review queue: flagged leads first, then lower-priority ones, by score.

    Every format carries the hit id, listing URL, title, seller, score, status and reasons. CSV has
    one row per hit with a flat column per field (reviewer, decision, note, dates, seller location,
    price, reasons as text). `originwatch hits show ID` shows one hit with every reason in full.
    """
    if ctx.invoked_subcommand:
        return
    from db.hits import count_hits, list_hits

    app: AppContext = ctx.obj
    if fmt == "table" and limit is None:
        limit = TABLE_LIMIT
    with app.store() as db:
        rows = list_hits(db, status=statuses, limit=limit, offset=offset, with_review=fmt == "csv", **filters)
        total = count_hits(db, status=statuses, **filters) if fmt == "table" else len(rows)
    if fmt == "json":
        click.echo(as_json(rows))
    elif fmt == "csv":
        click.echo(as_csv([{**r, "reasons": reason_summary(r["reasons"])} for r in rows], CSV_COLUMNS), nl=False)
    elif not rows:
        click.echo("No hits match." if not total else f"No hits after offset {offset} (of {total}).")
    else:
        shown = [{**r, "reasons": reason_summary(r["reasons"])} for r in rows]
        if wide:
            click.echo(table(shown, WIDE_COLUMNS))
        else:
            click.echo(table(shown, COLUMNS, widths={"title": 40, "seller_name": 28, "reasons": 60}, below="url"))
        if total > offset + len(rows):
            click.echo(f"\n{offset + 1}–{offset + len(rows)} of {total}; next: --offset {offset + len(rows)}")


@hits.command("show")
@click.argument("hit_id", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def show(app: AppContext, hit_id: int, fmt: str) -> None:
    """Show one hit: the listing, every reason (matched text, rule, watchlist entry), its captured
    pages and the review history."""
    from db.evidence import evidence_for_listing
    from db.hits import HitNotFoundError, get_hit

    with app.store() as db:
        try:
            hit = get_hit(db, hit_id)
        except HitNotFoundError:
            raise click.ClickException(f"no hit {hit_id}") from None
        captures = evidence_for_listing(db, int(hit["listing_id"]))
    if fmt == "json":
        click.echo(as_json({**hit, "evidence": captures}))
        return
    listing = hit["listing"]
    stale = "  (stale: the last screening found no reason)" if hit["stale"] else ""
    where = listing["seller_location"] or "location unknown"
    assigned = f"  assigned to {hit['assignee']}" if hit.get("assignee") else ""
    click.echo(
        f"Hit {hit['id']}  score {hit['score']:.2f} ({hit['priority']} priority)  status {hit['status']}"
        f"{assigned}{stale}"
    )
    click.echo(f"  {listing['title']}")
    click.echo(f"  {listing['url']}")
    click.echo(f"  seller: {listing['seller_name'] or '-'}  ({where})  {listing['seller_url'] or ''}")
    if listing.get("seller_source"):
        click.echo(f"  seller named by: {listing['seller_source']}")
    if listing.get("origin"):
        click.echo(f"  origin: {listing['origin']}")
    click.echo(f"  category: {hit['category'] or '-'}  listing {listing['id']}")
    click.echo(f"  seen {listing['first_seen']} .. {listing['last_seen']}, content version {listing['version']}")
    click.echo("  evidence: " + _evidence_line(captures, int(listing["version"]), app, hit_id))
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
            if e.get("action") == "assign":
                change = f"assigned {e.get('old_assignee') or '-'} -> {e.get('new_assignee') or '-'}"
            else:
                change = f"{e['old_status']} -> {e['new_status']}"
            click.echo(f"  {e['at']}  {e['by']}: {change}" + (f"  — {e['note']}" if e["note"] else ""))


def _evidence_line(captures: list[dict[str, Any]], version: int, app: AppContext, hit_id: int) -> str:
    if not captures:
        return "none stored (screened from input, or the capture was lost; the next crawl of the page stores it)"
    versions = sorted({int(c["version"]) for c in captures})
    held = f"{len(captures)} capture(s), versions {', '.join(map(str, versions))}"
    if version not in versions:
        return f"MISSING for the current version {version} (the next crawl of the page stores it); {held}"
    return f"{held}; export: {program_hint(app)} evidence {hit_id} --output hit{hit_id}.warc.gz"


@click.command()
@click.argument("hit_id", type=int)
@click.option("--status", required=True, type=click.Choice(HIT_STATUSES), help="The decision.")
@click.option("--note", default="", help="Why: what you checked.")
@click.option("--by", "by", required=True, help="Who decided (written to the audit trail).")
@click.option("--assign", "assignee", default=None, help="Assign the hit to this person.")
@pass_app
def review(app: AppContext, hit_id: int, status: str, note: str, by: str, assignee: str | None) -> None:
    """Record a review decision on a hit: new, confirmed, dismissed, escalated or unsure. Every change is audited."""
    from db.hits import HitNotFoundError
    from db.hits import review as record_review

    with app.store() as db:
        try:
            event = record_review(db, hit_id, status=status, by=by, note=note, assignee=assignee)
        except HitNotFoundError:
            raise click.ClickException(f"no hit {hit_id}") from None
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Hit {hit_id}: {event['old_status']} -> {event['new_status']} by {by}")


@click.command()
@click.argument("hit_id", type=int)
@click.option("--to", "assignee", required=True, help="Who reviews the hit ('' to unassign).")
@click.option("--by", "by", required=True, help="Who assigns it (written to the audit trail).")
@pass_app
def assign(app: AppContext, hit_id: int, assignee: str, by: str) -> None:
    """Assign a hit to a reviewer without changing its status. The change goes to the audit trail."""
    from crawler.app.review_actions import Actor
    from crawler.app.review_actions import assign as assign_hit
    from db.review_changes import UnknownHitError
    from db.users import Role

    if not by.strip():
        raise click.BadParameter("who assigns the hit must be named", param_hint="--by")
    with app.store() as db:
        try:
            change = assign_hit(db, Actor(by.strip(), Role.ANALYST), hit_id, assignee, expected_version=None)
        except UnknownHitError:
            raise click.ClickException(f"no hit {hit_id}") from None
    click.echo(f"Hit {hit_id}: assigned {change.old_assignee or '-'} -> {change.new_assignee or '-'} by {by}")
