"""`originwatch export complaints`: a complaint packet from the command line."""

from __future__ import annotations

from pathlib import Path

import click

from crawler.cli.context import AppContext, pass_app

FORMATS = ("html", "pdf", "csv", "json")


@click.group()
def export() -> None:
    """Export reviewed hits."""


@export.command("complaints")
@click.option("--platform", required=True, help="The platform (host) whose confirmed hits go in, e.g. www.ebay.com.")
@click.option(
    "--format", "formats", multiple=True, type=click.Choice(FORMATS),
    help="Report and data formats (repeatable; default all four). WARC files and SHA256SUMS are always written.",
)  # fmt: skip
@click.option(
    "--output", "-o", required=True, type=click.Path(file_okay=False, path_type=Path),
    help="The packet folder (created; must be empty if it exists).",
)  # fmt: skip
@click.option("--notifier-name", envvar="ORIGINWATCH_NOTIFIER_NAME", required=True,
              help="Who sends the notice (DSA Art. 16(2)(c)); or $ORIGINWATCH_NOTIFIER_NAME.")  # fmt: skip
@click.option("--notifier-email", envvar="ORIGINWATCH_NOTIFIER_EMAIL", required=True,
              help="The notifier's e-mail address; or $ORIGINWATCH_NOTIFIER_EMAIL.")  # fmt: skip
@pass_app
def complaints(
    app: AppContext, platform: str, formats: tuple[str, ...], output: Path, notifier_name: str, notifier_email: str
) -> None:
    """Write a complaint packet for one platform's confirmed hits: a report laid out as an EU DSA
    Article 16(2) notice (HTML, PDF), the data (CSV, JSON), every WARC capture, and SHA256SUMS."""
    from crawler.app.complaints import Notifier, PacketError, build_packet, write_packet
    from crawler.cli.progress import progress

    with app.store() as db, progress(f"exporting {platform}"):
        try:
            packet = build_packet(db, platform, Notifier(notifier_name, notifier_email))
            written = write_packet(db, packet, output, formats or FORMATS)
        except PacketError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Wrote a packet of {written.hits} confirmed hit(s) on {platform} to {output}/:")
    for path in written.files:
        click.echo(f"  {path.relative_to(output).as_posix()}")
