"""Users of the review UI: adding them, roles, passwords (argon2id), log-in with brute-force throttling,
and ending every session of a user at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlite_utils import Database

from db.users import (
    Role,
    UserRecord,
    app_secret,
    clear_login_failures,
    count_login_failures,
    create_user,
    find_user,
    list_users,
    record_login,
    record_login_failure,
    update_user,
)

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{1,39}$")
MIN_PASSWORD = 10
# Throttling: this many failed log-ins within the window lock the name (or the address) until the
# window has passed. Counted in the store, so every server process and restart sees the same count.
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 30
FAILURE_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash("originwatch-no-such-user")


class UserError(ValueError):
    """A request about users that cannot be carried out (bad name, short password, unknown user)."""


@dataclass(frozen=True)
class LoginResult:
    user: UserRecord | None
    throttled: bool = False


def add_user(
    db: Database, username: str, password: str, role: str, *, display_name: str = "", email: str = ""
) -> UserRecord:
    if not USERNAME.match(username):
        raise UserError("a user name is 2-40 lower-case letters, digits, '.', '_' or '-'")
    _check_password(password)
    try:
        return create_user(
            db,
            username=username,
            password_hash=_hasher.hash(password),
            role=_role(role),
            display_name=display_name,
            email=email,
        )
    except ValueError as exc:
        raise UserError(str(exc)) from None


def users(db: Database) -> list[UserRecord]:
    return list_users(db)


def set_role(db: Database, username: str, role: str) -> UserRecord:
    """A new role takes effect at once: the user's sessions end and they log in again."""
    return update_user(db, _user(db, username).id, role=_role(role), end_sessions=True)


def set_disabled(db: Database, username: str, disabled: bool = True) -> UserRecord:
    return update_user(db, _user(db, username).id, disabled=disabled, end_sessions=True)


def set_password(db: Database, username: str, password: str) -> UserRecord:
    _check_password(password)
    return update_user(db, _user(db, username).id, password_hash=_hasher.hash(password), end_sessions=True)


def end_sessions(db: Database, username: str) -> UserRecord:
    """Log out everywhere: every session of the user stops working on its next request."""
    return update_user(db, _user(db, username).id, end_sessions=True)


def log_in(db: Database, username: str, password: str, remote_addr: str) -> LoginResult:
    """Check a log-in. Too many recent failures for the name or the address refuse without checking."""
    since = (datetime.now(UTC) - FAILURE_WINDOW).isoformat(timespec="seconds")
    if (
        count_login_failures(db, since=since, username=username) >= MAX_FAILURES_PER_USER
        or count_login_failures(db, since=since, remote_addr=remote_addr) >= MAX_FAILURES_PER_ADDRESS
    ):
        return LoginResult(None, throttled=True)
    user = find_user(db, username)
    ok = _verify(user.password_hash if user else _DUMMY_HASH, password)
    if not (ok and user and not user.disabled):
        record_login_failure(db, username, remote_addr)
        return LoginResult(None)
    if _hasher.check_needs_rehash(user.password_hash):
        update_user(db, user.id, password_hash=_hasher.hash(password))
    clear_login_failures(db, username)
    record_login(db, user.id)
    return LoginResult(find_user(db, username))


def session_secret(db: Database) -> str:
    """The key that signs the review UI's session cookies, made once and kept in the store."""
    return app_secret(db, "session")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return bool(_hasher.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise UserError(f"a password needs at least {MIN_PASSWORD} characters")


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise UserError(f"unknown role {role!r}; expected one of {', '.join(r.value for r in Role)}") from None


def _user(db: Database, username: str) -> UserRecord:
    user = find_user(db, username)
    if user is None:
        raise UserError(f"no user {username!r}")
    return user
