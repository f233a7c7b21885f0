"""Users, for admins: add, change role, disable or enable, end every session."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from crawler.app.review_actions import Permission
from crawler.app.users import UserError, add_user, end_sessions, set_disabled, set_role, users
from db.users import ROLES
from review.app import get_db
from review.auth import requires

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.route("/users")
@requires(Permission.ADMIN)
def user_list() -> ResponseReturnValue:
    return render_template("users.html", users=users(get_db()), roles=ROLES)


@bp.route("/users", methods=["POST"])
@requires(Permission.ADMIN)
def user_add() -> ResponseReturnValue:
    form = request.form
    try:
        add_user(
            get_db(),
            form.get("username", "").strip().lower(),
            form.get("password", ""),
            form.get("role", ""),
            display_name=form.get("display_name", "").strip(),
            email=form.get("email", "").strip(),
        )
        flash("User added.")
    except UserError as exc:
        flash(str(exc))
    return redirect(url_for("admin.user_list"))


@bp.route("/users/<username>", methods=["POST"])
@requires(Permission.ADMIN)
def user_change(username: str) -> ResponseReturnValue:
    action = request.form.get("action", "")
    db = get_db()
    try:
        if action == "role":
            set_role(db, username, request.form.get("role", ""))
        elif action in ("disable", "enable"):
            set_disabled(db, username, action == "disable")
        elif action == "end_sessions":
            end_sessions(db, username)
        else:
            raise UserError(f"unknown action {action!r}")
        flash(f"{username}: done ({action}).")
    except UserError as exc:
        flash(str(exc))
    return redirect(url_for("admin.user_list"))
