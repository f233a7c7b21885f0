"""Screening without crawling (`match`), rescreening the archive (`rescan`), measuring the matchers (`eval`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO, TYPE_CHECKING

import click

from crawler.cli.context import AppContext, pass_app

if TYPE_CHECKING:
    from crawler.app.screening import RescanReport

DEFAULT_SANCTIONS = Path("../shared/realdata/sanctions")


@click.command()
@click.option(
    "--input", "input_file", type=click.File("rb"), required=True,
    help="JSON Lines file of listings, UTF-8 ('-' for standard input).",
)  # fmt: skip
@click.option(
    "--output", "output_file", type=click.File("w", encoding="utf-8"), default="-",
    help="Where to write results (default: standard output).",
)  # fmt: skip
@click.option(
    "--no-watchlist", is_flag=True,
    help="On a store with no watchlist, screen with the origin rules alone instead of loading the bundled list.",
)
@pass_app
def match(app: AppContext, input_file: IO[bytes], output_file: IO[str], no_watchlist: bool) -> None:
    """Screen listings from a JSON Lines file against the watchlists in --db and the origin rules.

    Each input line is one JSON object with any of: id, url, title, description, seller_name,
    seller_location, seller_url, attributes (object), contacts (list of strings).
    Each output line is {"id", "flagged", "priority", "score" (0..1), "category", "reasons": [{"kind",
    "detail", "matched_text", "entity_id", "source", "rule", "score", "field"}]}; for a watchlist
    reason, entity_id is the source list's own identifier (OFAC entry number, UN reference number,
    OpenSanctions id).

    A store with no list gets the bundled list (and says so); with no database at all, the bundled
    list is used without creating one. A malformed line (not UTF-8, not JSON, a wrong field) is
    reported on standard error with its line number and skipped; the other lines are still
    screened, and the command then exits with status 2.
    """
    from crawler.app.screening import build_screener, build_screener_without_store

    if app.db_path.exists():
        with app.store() as db:
            setup = build_screener(db, allow_no_list=no_watchlist)
    else:
        setup = build_screener_without_store()
    for note in setup.notes:
        click.echo(f"note: {note}", err=True)
    bad = screened = 0
    name = getattr(input_file, "name", "input")
    for number, raw in enumerate(input_file, 1):
        try:
            line = raw.decode("utf-8")
            if not line.strip():
                continue
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"expected a JSON object, got {type(record).__name__}")
            result = setup.screen(record)
        except UnicodeDecodeError as exc:
            bad += 1
            click.echo(f"{name}:{number}: skipped: not UTF-8 ({exc.reason} at byte {exc.start})", err=True)
            continue
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            bad += 1
            click.echo(f"{name}:{number}: skipped: {exc}", err=True)
            continue
        output_file.write(json.dumps({"id": record.get("id", ""), **result.to_dict()}, ensure_ascii=False) + "\n")
        screened += 1
    click.echo(f"screened {screened} listing(s), {bad} malformed line(s) skipped", err=True)
    if bad:
        sys.exit(2)


@click.command("eval")
@click.argument("known_answers", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--sanctions", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_SANCTIONS, show_default=True,
    help="Folder with the real OFAC (sdn.csv + alt.csv) and UN XML excerpts; cases needing them are "
    "skipped when it is absent.",
)  # fmt: skip
@click.option("--show", type=int, default=20, show_default=True, help="How many seller-name misses to list.")
def eval_command(known_answers: Path, sanctions: Path, show: int) -> None:
    """Measure the matchers: precision, recall and every miss on a known-answer file, then seller-name
    matching on the real sanctions excerpts (aliases of one entry as positives, other entries and hard
    negatives as negatives).

    The watchlist is the bundled list plus the excerpts in --sanctions, not the --db lists, so the
    figures do not depend on what a database happens to hold.
    """
    from crawler.app.evaluation import EvaluationError, evaluate

    try:
        click.echo(evaluate(known_answers, sanctions, show=show))
    except EvaluationError as exc:
        raise click.ClickException(str(exc)) from None


@click.command()
@click.option("--no-watchlist", is_flag=True, help="On a store with no watchlist, rescreen by the origin rules alone.")
@pass_app
def rescan(app: AppContext, no_watchlist: bool) -> None:
    """Screen every stored listing again against the current watchlists.

    Run it after a list changes. A hit found this way cites the list version that produced it;
    existing hits are not duplicated; a hit whose only reason disappeared with a list change is
    marked stale, not deleted. A store with no list gets the bundled list, and says so.
    """
    from crawler.app.screening import rescan as rescan_archive
    from crawler.cli.progress import progress

    with app.store() as db, progress("rescreening listings") as update:
        report = rescan_archive(db, allow_no_list=no_watchlist, progress=update)
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
    click.echo(rescan_summary(report))


def rescan_summary(r: RescanReport) -> str:
    return (
        f"Rescreened {r.screened} listing(s) in {r.seconds:.1f} s against list version {r.version_id}: "
        f"{r.new_hits} new hit(s), {r.updated_hits} updated, {r.stale_hits} marked stale."
    )
