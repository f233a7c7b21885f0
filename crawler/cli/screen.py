"""Screening without crawling (`match`) and measuring the matchers (`eval`)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO

import click

from crawler.cli.context import AppContext, pass_app
from crawler.screening import rescan as rescan_archive
from db.watchlists import load_entities
from matchers.evaluate import evaluate_known_answers
from matchers.names.evaluate import evaluate_names
from matchers.screen import Screener, screen_input_from_dict
from watchlists.bundled import load_bundled
from watchlists.importers import load
from watchlists.model import Entity

DEFAULT_SANCTIONS = Path("../shared/realdata/sanctions")


@click.command()
@click.option(
    "--input", "input_file", type=click.File("r", encoding="utf-8"), required=True,
    help="JSON Lines file of listings ('-' for standard input).",
)  # fmt: skip
@click.option(
    "--output", "output_file", type=click.File("w", encoding="utf-8"), default="-",
    help="Where to write results (default: standard output).",
)  # fmt: skip
@pass_app
def match(app: AppContext, input_file: IO[str], output_file: IO[str]) -> None:
    """Screen listings from a JSON Lines file against the watchlists in --db and the origin rules.

    Each input line is one JSON object with any of: id, url, title, description, seller_name,
    seller_location, seller_url, attributes (object), contacts (list of strings).
    Each output line is {"id", "flagged", "score" (0..1), "category", "reasons": [{"kind", "detail",
    "matched_text", "entity_id", "source", "rule", "score", "field"}]}; for a watchlist reason,
    entity_id is the source list's own identifier (OFAC entry number, UN reference number,
    OpenSanctions id).

    A malformed line is reported on standard error with its line number and skipped; the other lines
    are still screened, and the command then exits with status 2.
    """
    db = app.db()
    entities = load_entities(db)
    db.close()
    if not entities:
        click.echo("warning: no watchlist in this database; only origin rules apply", err=True)
    screener = Screener(entities)
    bad = 0
    screened = 0
    for number, line in enumerate(input_file, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(f"expected a JSON object, got {type(record).__name__}")
            listing = screen_input_from_dict(record)
        except ValueError as exc:  # json.JSONDecodeError is a ValueError
            bad += 1
            click.echo(f"{getattr(input_file, 'name', 'input')}:{number}: skipped: {exc}", err=True)
            continue
        result = screener.screen(listing)
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
    entities = load_bundled().entities
    real = _real_excerpts(sanctions)
    entities = [*real, *entities]
    report = evaluate_known_answers(known_answers, Screener(entities), skip_needs=set() if real else {"realdata"})
    click.echo(report.format())
    if real:
        click.echo("\nSeller-name matching on the real sanctions excerpts:")
        click.echo(evaluate_names(real).format(show=show))
    else:
        click.echo(f"\n{sanctions} not found: seller-name evaluation on the real excerpts skipped.")


def _real_excerpts(folder: Path) -> list[Entity]:
    sdn = sorted(folder.glob("ofac_sdn*.csv"))
    alt = sorted(folder.glob("ofac_alt*.csv"))
    un = sorted(folder.glob("un_*.xml"))
    if not (sdn and un):
        return []
    return [*load([*sdn, *alt], "ofac-csv").entities, *load(un, "un-xml").entities]


@click.command()
@pass_app
def rescan(app: AppContext) -> None:
    """Screen every stored listing again against the current watchlists.

    Run it after a list changes. A hit found this way cites the list version that produced it;
    existing hits are not duplicated; a hit whose only reason disappeared with a list change is
    marked stale, not deleted.
    """
    db = app.db()
    report = rescan_archive(db, progress=_progress)
    db.close()
    click.echo(
        f"Rescreened {report.screened} listing(s) in {report.seconds:.1f} s against list version "
        f"{report.version_id}: {report.new_hits} new hit(s), {report.updated_hits} updated, "
        f"{report.stale_hits} marked stale."
    )


def _progress(done: int, total: int) -> None:
    if done == total or done % 20000 == 0:
        click.echo(f"  {done}/{total}", err=True)
