"""Screening without crawling (`match`) and measuring the matchers (`eval`)."""

from __future__ import annotations

import json
import sys
from typing import IO

import click

from crawler.cli.context import AppContext, pass_app
from db.watchlists import load_entities
from matchers.screen import Screener, screen_input_from_dict


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
