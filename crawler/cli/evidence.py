"""Export the evidence behind a hit; verify the evidence store."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from crawler.cli.context import AppContext, pass_app


class EvidenceGroup(click.Group):
    """``evidence ID --output FILE`` exports, as it always did; ``evidence verify`` checks."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["export", *args]
        return super().parse_args(ctx, args)


@click.group(cls=EvidenceGroup)
def evidence() -> None:
    """The captured pages behind hits: export them as .warc.gz (`evidence ID --output FILE`, the same as
    `evidence export`), or check that every stored record is whole and unaltered (`evidence verify`)."""


@evidence.command("export")
@click.argument("hit_id", type=int)
@click.option(
    "--output", "-o", required=True, type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the .warc.gz file (its folder must exist).",
)  # fmt: skip
@pass_app
def export(app: AppContext, hit_id: int, output: Path) -> None:
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


@evidence.command("verify")
@click.argument("hit_ids", type=int, nargs=-1)
@pass_app
def verify(app: AppContext, /, hit_ids: tuple[int, ...]) -> None:
    """Re-read the stored WARC records behind these hits (every record when no ID is given): each gzip
    member must be whole and each payload must match its SHA-256. Lists every mismatch and exits 1 if
    there is one."""
    from crawler.app.evidence_verify import EvidenceNotFoundError, verify_evidence

    with app.store() as db:
        try:
            report = verify_evidence(db, hit_ids)
        except EvidenceNotFoundError as exc:
            raise click.ClickException(str(exc)) from None
    for p in report.problems:
        click.echo(f"evidence {p.evidence_id} (listing {p.listing_id} version {p.version}, {p.url}): {p.problem}")
    click.echo(f"{report.checked} record(s) checked, {len(report.problems)} problem(s)")
    if not report.ok:
        sys.exit(1)
