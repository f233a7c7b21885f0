"""Watchlist commands: import, list, versions, diff."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.context import AppContext, pass_app
from crawler.cli.render import as_json, table

# The formats `watchlist import --format` accepts (watchlists.importers.PARSERS; a test keeps them equal).
FORMATS = ("yaml", "csv", "ofac-csv", "un-xml", "opensanctions-csv", "ftm-json", "ofac-xml", "opensanctions-nested")


@click.group()
def watchlist() -> None:
    """Load and inspect the watchlists that sellers are screened against."""


@watchlist.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, help="File format (guessed when omitted).")
@click.option("--program", "programs", multiple=True, help="Keep only entries of this sanctions program (repeatable).")
@click.option("--country", "countries", multiple=True, help="Keep only entries linked to this country code.")
@click.option("--topic", "topics", multiple=True, help="Keep only entries with this topic.")
@click.option(
    "--allow-shrink", is_flag=True,
    help="Import even when the list lost more than 10% of its entries since its current version, or OFAC "
    "sdn.csv comes without alt.csv.",
)  # fmt: skip
@click.option("--rescan", "then_rescan", is_flag=True, help="Then screen every stored listing against the new lists.")
@pass_app
def import_command(
    app: AppContext, paths: tuple[Path, ...], fmt: str | None, programs: tuple[str, ...],
    countries: tuple[str, ...], topics: tuple[str, ...], allow_shrink: bool, then_rescan: bool,
) -> None:  # fmt: skip
    """Import watchlist files as one new list version.

    Formats: yaml and csv (ours: columns in any order, only `name` required), ofac-csv (sdn.csv, with
    alt.csv beside it as a second PATH), un-xml (UN Security Council consolidated list),
    opensanctions-csv (targets.simple.csv), ftm-json, ofac-xml and opensanctions-nested. A malformed
    file is rejected with its file, line and reason, and nothing from it is imported. Re-importing
    an identical file makes no new version. Creates the database if it does not exist.
    """
    from crawler.app.screening import rescan
    from crawler.app.watchlists import ImportRefusedError, import_lists
    from crawler.cli.progress import progress
    from crawler.cli.screen import rescan_summary
    from watchlists.errors import WatchlistFormatError
    from watchlists.importers import ImportFilters

    filters = ImportFilters(programs=set(programs), countries={c.lower() for c in countries}, topics=set(topics))
    created = not app.db_path.exists()
    with app.store(create=True) as db:
        if created:
            click.echo(f"Created the database {app.db_path.resolve()}")
        try:
            with progress(f"importing {len(paths)} file(s)"):
                outcome = import_lists(db, list(paths), fmt, filters=filters, allow_shrink=allow_shrink)
        except (WatchlistFormatError, ImportRefusedError) as exc:
            raise click.ClickException(f"nothing imported: {exc}") from None
        result = outcome.result
        if not outcome.created:
            click.echo(f"{result.source}: identical to its current version {outcome.version_id}; nothing imported.")
        else:
            aliases = sum(len(e.aliases) for e in result.entities)
            was = f" (was {outcome.previous_count})" if outcome.previous_count is not None else ""
            click.echo(
                f"Imported {len(result.entities)} entries{was} ({aliases} aliases) from {result.source} "
                f"as version {outcome.version_id}."
            )
            for warning in [*result.warnings, *outcome.notes]:
                click.echo(f"  warning: {warning}", err=True)
        if then_rescan:
            with progress("rescreening listings") as update:
                report = rescan(db, progress=update)
            click.echo(rescan_summary(report))


@watchlist.command("list")
@click.option("--source", "sources", multiple=True, help="Only this list (repeatable).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_app
def list_command(app: AppContext, sources: tuple[str, ...], fmt: str) -> None:
    """List the watchlist entries sellers are screened against, with their source and aliases."""
    from db.watchlists import entity_counts, load_entities

    with app.store() as db:
        entities = load_entities(db, sources=sources)
        counts = entity_counts(db)
    rows = [
        {"source": e.source, "entity_id": e.entity_id, "schema": e.schema, "name": e.name,
         "aliases": len(e.aliases), "citation": e.citation}
        for e in entities
    ]  # fmt: skip
    if fmt == "json":
        click.echo(
            as_json([{**r, "aliases": [a.name for a in e.aliases]} for r, e in zip(rows, entities, strict=True)])
        )
        return
    if not rows:
        click.echo("No watchlist entries. Import some: originwatch watchlist import PATH")
        return
    columns = ("source", "entity_id", "schema", "name", "aliases", "citation")
    click.echo(table(rows, columns, widths={"name": 50, "citation": 50}))
    click.echo("\n" + ", ".join(f"{source}: {n}" for source, n in counts.items()))


@watchlist.command("versions")
@pass_app
def versions(app: AppContext) -> None:
    """Every import as a version: source, file hash, date and counts."""
    from db.watchlists import list_versions

    with app.store() as db:
        rows = list_versions(db)
    shown = [
        {**r, "sha256": r["sha256"][:12], "warnings": len(r["warnings"]), "publisher": r["meta"].get("publisher", "")}
        for r in rows
    ]
    columns = ("id", "source", "format", "imported_at", "entity_count", "alias_count", "sha256", "warnings",
               "publisher")  # fmt: skip
    click.echo(table(shown, columns) if rows else "No watchlist versions yet.")


@watchlist.command("diff")
@click.argument("a", type=int)
@click.argument("b", type=int)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@pass_app
def diff(app: AppContext, a: int, b: int, fmt: str) -> None:
    """Entries added, removed and changed from version A to version B of one source, field by field."""
    from db.watchlists import diff_versions

    with app.store() as db:
        try:
            changes = diff_versions(db, a, b)
        except KeyError as exc:
            raise click.ClickException(str(exc.args[0])) from None
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
    if fmt == "json":
        click.echo(as_json(changes))
        return
    for kind, sign in (("added", "+"), ("removed", "-"), ("changed", "~")):
        for row in changes[kind]:
            click.echo(f"{sign} {row['entity_id']}  {row['name']}")
            fields = row.get("fields")
            if kind == "changed" and fields is None:
                click.echo("    (fields not kept for the older version)")
            for change in fields or []:
                click.echo(f"    {change['field']}: {_short(change['old'])} -> {_short(change['new'])}")
    click.echo(f"{len(changes['added'])} added, {len(changes['removed'])} removed, {len(changes['changed'])} changed")


def _short(value: object, width: int = 100) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"
