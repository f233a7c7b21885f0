"""`originwatch users`: who may use the review UI, and in which role."""

from __future__ import annotations

import click

from crawler.cli.context import AppContext, pass_app
from crawler.cli.render import table

ROLE_HELP = "analyst (reviews hits), campaigner (reads, exports complaint packets) or admin (also manages users)."


@click.group()
def users() -> None:
    """Add, list, change and disable the users of the review UI."""


@users.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(["analyst", "campaigner", "admin"]), help=ROLE_HELP)
@click.option("--name", "display_name", default="", help="Full name (shown in the audit trail and on notices).")
@click.option("--email", default="", help="E-mail address (a complaint notice carries the notifier's).")
@click.option(
    "--password", prompt=True, hide_input=True, confirmation_prompt=True,
    help="Asked for when not given (at least 10 characters).",
)  # fmt: skip
@pass_app
def add(app: AppContext, username: str, role: str, display_name: str, email: str, password: str) -> None:
    """Add a user of the review UI with a role; the password is asked for unless --password gives it."""
    from crawler.app.users import UserError, add_user

    with app.store() as db:
        try:
            user = add_user(db, username, password, role, display_name=display_name, email=email)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"Added {user.username} ({user.role.value}).")


@users.command("list")
@pass_app
def list_command(app: AppContext) -> None:
    """List the users with their role and state."""
    from crawler.app.users import users as all_users

    with app.store() as db:
        rows = [
            {"username": u.username, "name": u.display_name, "email": u.email, "role": u.role.value,
             "state": "disabled" if u.disabled else "active", "last_login": u.last_login_at}
            for u in all_users(db)
        ]  # fmt: skip
    if not rows:
        click.echo("No users yet: originwatch users add NAME --role admin")
        return
    click.echo(table(rows, ("username", "name", "email", "role", "state", "last_login")))


@users.command("set-role")
@click.argument("username")
@click.argument("role", type=click.Choice(["analyst", "campaigner", "admin"]))
@pass_app
def set_role_command(app: AppContext, username: str, role: str) -> None:
    """Change a user's role. Their sessions end at once; they log in again with the new role."""
    from crawler.app.users import UserError, set_role

    with app.store() as db:
        try:
            set_role(db, username, role)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{username} is now {role}; their sessions have ended.")


@users.command("disable")
@click.argument("username")
@click.option("--enable", is_flag=True, help="Enable the user again instead.")
@pass_app
def disable(app: AppContext, username: str, enable: bool) -> None:
    """Disable a user: they cannot log in, and their sessions end at once."""
    from crawler.app.users import UserError, set_disabled

    with app.store() as db:
        try:
            set_disabled(db, username, not enable)
        except UserError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"{username} is {'enabled' if enable else 'disabled'}.")
