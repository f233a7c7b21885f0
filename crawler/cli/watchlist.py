"""Watchlist commands: import, list, versions, diff."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.context import AppContext, pass_app
from crawler.cli.render import as_json, table
from crawler.screening import rescan
from db.watchlists import diff_versions, entity_counts, list_versions, load_entities
from watchlists.errors import WatchlistFormatError
from watchlists.importers import FORMATS, ImportFilters
from watchlists.service import import_lists


@click.group()
def watchlist() -> None:
    """Load and inspect the watchlists that sellers are screened against."""


@watchlist.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="File format (guessed when omitted).")
@click.option("--program", "programs", multiple=True, help="Keep only entries of this sanctions program (repeatable).")
@click.option("--country", "countries", multiple=True, help="Keep only entries linked to this country code.")
@click.option("--topic", "topics", multiple=True, help="Keep only entries with this topic.")
@click.option("--rescan", "then_rescan", is_flag=True, help="Then screen every stored listing against the new lists.")
@pass_app
def import_command(
    app: AppContext, paths: tuple[Path, ...], fmt: str | None, programs: tuple[str, ...],
    countries: tuple[str, ...], topics: tuple[str, ...], then_rescan: bool,
) -> None:  # fmt: skip
    """Import watchlist files as one new list version.

    Formats: yaml and csv (ours), ofac-csv (sdn.csv, with alt.csv beside it as a second PATH),
    un-xml (UN Security Council consolidated list), opensanctions-csv (targets.simple.csv),
    ftm-json, ofac-xml and opensanctions-nested. A malformed file is rejected with its file, line and
    reason, and nothing from it is imported.
    """
    filters = ImportFilters(programs=set(programs), countries={c.lower() for c in countries}, topics=set(topics))
    db = app.db()
    try:
        version_id, result = import_lists(db, list(paths), fmt, filters=filters)
        aliases = sum(len(e.aliases) for e in result.entities)
        click.echo(
            f"Imported {len(result.entities)} entries ({aliases} aliases) from {result.source} as version {version_id}."
        )
        for warning in result.warnings:
            click.echo(f"  warning: {warning}", err=True)
        if then_rescan:
            report = rescan(db)
            click.echo(
                f"Rescreened {report.screened} listing(s): {report.new_hits} new hit(s), "
                f"{report.updated_hits} updated, {report.stale_hits} marked stale."
            )
    except WatchlistFormatError as exc:
        raise click.ClickException(f"nothing imported: {exc}") from None
    finally:
        db.close()


@watchlist.command("list")
@click.option("--source", "sources", multiple=True, help="Only this list (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def list_command(app: AppContext, sources: tuple[str, ...], fmt: str) -> None:
    """List the watchlist entries sellers are screened against, with their source and aliases."""
    db = app.db()
    entities = load_entities(db, sources=sources)
    counts = entity_counts(db)
    db.close()
    rows = [
        {
            "source": e.source,
            "entity_id": e.entity_id,
            "schema": e.schema,
            "name": e.name,
            "aliases": len(e.aliases),
            "citation": e.citation,
        }
        for e in entities
    ]
    if fmt == "json":
        click.echo(
            as_json([{**r, "aliases": [a.name for a in e.aliases]} for r, e in zip(rows, entities, strict=True)])
        )
        return
    if not rows:
        click.echo("No watchlist entries. Import some: originwatch watchlist import PATH")
        return
    click.echo(
        table(
            rows, ("source", "entity_id", "schema", "name", "aliases", "citation"), widths={"name": 50, "citation": 50}
        )
    )
    click.echo("\n" + ", ".join(f"{source}: {n}" for source, n in counts.items()))


@watchlist.command("versions")
@pass_app
def versions(app: AppContext) -> None:
    """Every import as a version: source, file hash, date and counts."""
    db = app.db()
    rows = list_versions(db)
    db.close()
    shown = [
        {**r, "sha256": r["sha256"][:12], "warnings": len(r["warnings"]), "publisher": r["meta"].get("publisher", "")}
        for r in rows
    ]
    columns = (
        "id",
        "source",
        "format",
        "imported_at",
        "entity_count",
        "alias_count",
        "sha256",
        "warnings",
        "publisher",
    )
    click.echo(table(shown, columns) if rows else "No watchlist versions yet.")


@watchlist.command("diff")
@click.argument("a", type=int)
@click.argument("b", type=int)
@pass_app
def diff(app: AppContext, a: int, b: int) -> None:
    """Entries added, removed and changed from version A to version B."""
    db = app.db()
    try:
        changes = diff_versions(db, a, b)
    except KeyError as exc:
        raise click.ClickException(str(exc.args[0])) from None
    finally:
        db.close()
    for kind, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
        for row in changes[kind]:
            click.echo(f"{sign} {row['entity_id']}  {row['name']}")
    click.echo(f"{len(changes['added'])} added, {len(changes['removed'])} removed, {len(changes['changed'])} changed")
