"""Log-in, log-out, "log out everywhere", and the role check every view uses.

The session carries "user id:session counter". Changing a user's role, disabling them or "log out
everywhere" bumps the counter in the store, so every older session stops working on its next request.
The session is cleared at log-in, so nothing set before it (a planted session) survives.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user, logout_user

from crawler.app.review_actions import Actor, Permission
from crawler.app.users import end_sessions, log_in
from db.users import UserNotFoundError, UserRecord, get_user
from review.app import get_db

bp = Blueprint("auth", __name__)
login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Log in to continue."
login_manager.session_protection = "basic"

F = TypeVar("F", bound=Callable[..., Any])


class ReviewUser(UserMixin):  # type: ignore[misc]
    def __init__(self, record: UserRecord) -> None:
        self.record = record

    def get_id(self) -> str:
        return f"{self.record.id}:{self.record.session_counter}"

    @property
    def actor(self) -> Actor:
        return Actor(self.record.username, self.record.role)

    def can(self, permission: str) -> bool:
        return self.actor.can(Permission(permission))


def init_app(app: Flask) -> None:
    login_manager.init_app(app)


@login_manager.user_loader
def load_user(session_id: str) -> ReviewUser | None:
    user_id, _, counter = session_id.partition(":")
    try:
        record = get_user(get_db(), int(user_id))
    except (ValueError, UserNotFoundError):
        return None
    if record.disabled or str(record.session_counter) != counter:
        return None  # the session ended: role changed, disabled, or logged out everywhere
    return ReviewUser(record)


def current_actor() -> Actor:
    return cast(ReviewUser, current_user).actor


def current_record() -> UserRecord:
    return cast(ReviewUser, current_user).record


def requires(permission: Permission) -> Callable[[F], F]:
    """The view needs a logged-in user whose role grants `permission` (403 otherwise)."""

    def decorate(view: F) -> F:
        @wraps(view)
        @login_required  # type: ignore[misc]
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_actor().can(permission):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect."""
    if not target:
        return url_for("queue.today")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("queue.today")
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "").strip().lower()
    password = request.form.get("password", "")
    result = log_in(get_db(), username, password, request.remote_addr or "")
    if result.throttled:
        return render_template("login.html", error="Too many failed log-ins: wait 15 minutes.", next=""), 429
    if result.user is None:
        return render_template("login.html", error="Wrong user name or password.", next=""), 401
    target = _safe_next(request.form.get("next"))
    session.clear()  # no session fixation: nothing from before the log-in survives it
    login_user(ReviewUser(result.user))
    return redirect(target)


@bp.route("/logout", methods=["POST"])
@login_required  # type: ignore[misc]
def logout() -> ResponseReturnValue:
    logout_user()
    session.clear()
    return redirect(url_for("auth.login"))


@bp.route("/logout-everywhere", methods=["POST"])
@login_required  # type: ignore[misc]
def logout_everywhere() -> ResponseReturnValue:
    end_sessions(get_db(), current_actor().username)
    logout_user()
    session.clear()
    flash("Every session of yours has ended.")
    return redirect(url_for("auth.login"))
