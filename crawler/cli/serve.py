"""`originwatch serve`: the review web UI."""

from __future__ import annotations

import click

from crawler.cli.context import AppContext, pass_app


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on; give another explicitly.")
@click.option("--port", default=8750, show_default=True, type=click.IntRange(0, 65535), help="Port to listen on.")
@click.option(
    "--secure-cookies/--no-secure-cookies", default=False, show_default=True,
    help="Send the session cookie over HTTPS only (set this behind a TLS proxy).",
)  # fmt: skip
@pass_app
def serve(app: AppContext, host: str, port: int, secure_cookies: bool) -> None:
    """Serve the review UI: the queue, hit pages, decisions, runs, watchlists and complaint packets.

    Log in with a user made by `originwatch users add`. Listens on 127.0.0.1 unless --host says otherwise.
    """
    with app.store():  # refuses a missing or broken database with one line
        pass
    from werkzeug.serving import make_server

    from review.app import create_app

    web = create_app(app.db_path, config={"SESSION_COOKIE_SECURE": secure_cookies})
    try:
        server = make_server(host, port, web, threaded=True)
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    click.echo(f"Review UI on http://{host}:{server.server_port}/ (store {app.db_path}); Ctrl-C stops it.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
