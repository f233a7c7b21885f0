"""Export the evidence behind a hit."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.context import AppContext, pass_app


@click.command()
@click.argument("hit_id", type=int)
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the .warc.gz file (its folder must exist).",
)  # fmt: skip
@pass_app
def evidence(app: AppContext, hit_id: int, output: Path) -> None:
    """Export the raw responses behind a hit as a .warc.gz that web-archive replay tools open.

    Every stored version of the hit's listing is included, each a WARC response record with its
    capture time and the SHA-256 of the body, so the page can be shown as it was after it is taken down.
    """
    from crawler.evidence import warc_file
    from db.evidence import evidence_for_listing
    from db.hits import HitNotFoundError, get_hit

    folder = output.parent
    if not folder.is_dir():
        raise click.ClickException(f"cannot write {output}: folder {folder} does not exist")
    with app.store() as db:
        try:
            hit = get_hit(db, hit_id)
        except HitNotFoundError:
            raise click.ClickException(f"no hit {hit_id}") from None
        records = evidence_for_listing(db, int(hit["listing_id"]), with_data=True)
    if not records:
        raise click.ClickException(
            f"hit {hit_id} has no stored capture (screened from input, or lost; the next crawl of the page stores it)"
        )
    description = f"originwatch hit {hit_id}: {hit['listing']['url']}"
    try:
        output.write_bytes(warc_file((r["warc"] for r in records), description))
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror or exc}") from None
    click.echo(f"Wrote {len(records)} capture(s) of {hit['listing']['url']} to {output}")
    for r in records:
        click.echo(f"  version {r['version']}  captured {r['captured_at']}  HTTP {r['status']}  sha256 {r['sha256']}")
