"""Users of the review UI, their roles, login throttling records and the UI's session secret."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlite_utils import Database

from db.util import insert, now, table


class Role(StrEnum):
    ANALYST = "analyst"  # reviews hits
    CAMPAIGNER = "campaigner"  # reads and exports complaint packets
    ADMIN = "admin"  # everything, and manages users


ROLES: tuple[str, ...] = tuple(r.value for r in Role)


class UserNotFoundError(KeyError):
    pass


@dataclass(frozen=True)
class UserRecord:
    id: int
    username: str
    display_name: str
    email: str
    password_hash: str
    role: Role
    disabled: bool
    session_counter: int
    last_login_at: str
    previous_login_at: str
    created_at: str


def _record(row: dict[str, Any]) -> UserRecord:
    return UserRecord(
        id=int(row["id"]),
        username=row["username"],
        display_name=row["display_name"] or row["username"],
        email=row["email"] or "",
        password_hash=row["password_hash"],
        role=Role(row["role"]),
        disabled=bool(row["disabled"]),
        session_counter=int(row["session_counter"] or 0),
        last_login_at=row["last_login_at"] or "",
        previous_login_at=row["previous_login_at"] or "",
        created_at=row["created_at"],
    )


def create_user(
    db: Database, *, username: str, password_hash: str, role: Role, display_name: str = "", email: str = ""
) -> UserRecord:
    if find_user(db, username) is not None:
        raise ValueError(f"user {username!r} already exists")
    user_id = insert(
        db,
        "users",
        {
            "username": username,
            "display_name": display_name or username,
            "email": email,
            "password_hash": password_hash,
            "role": role.value,
            "disabled": 0,
            "session_counter": 0,
            "created_at": now(),
        },
    )
    return get_user(db, user_id)


def get_user(db: Database, user_id: int) -> UserRecord:
    rows = list(table(db, "users").rows_where("id = ?", [user_id], limit=1))
    if not rows:
        raise UserNotFoundError(user_id)
    return _record(rows[0])


def find_user(db: Database, username: str) -> UserRecord | None:
    rows = list(table(db, "users").rows_where("username = ?", [username], limit=1))
    return _record(rows[0]) if rows else None


def list_users(db: Database) -> list[UserRecord]:
    return [_record(r) for r in table(db, "users").rows_where(order_by="username")]


def update_user(db: Database, user_id: int, **values: Any) -> UserRecord:
    """Change a user's fields. `end_sessions=True` also bumps the session counter: every session ends."""
    end_sessions = bool(values.pop("end_sessions", False))
    allowed = {"display_name", "email", "password_hash", "role", "disabled"}
    unknown = set(values) - allowed
    if unknown:
        raise ValueError(f"cannot update {sorted(unknown)}")
    with db.atomic():
        user = get_user(db, user_id)
        row = {k: (v.value if isinstance(v, Role) else int(v) if isinstance(v, bool) else v) for k, v in values.items()}
        if end_sessions:
            row["session_counter"] = user.session_counter + 1
        if row:
            table(db, "users").update(user_id, row)
    return get_user(db, user_id)


def record_login(db: Database, user_id: int) -> None:
    """A successful log-in: the previous one becomes the start of "since my last visit"."""
    with db.atomic():
        user = get_user(db, user_id)
        table(db, "users").update(user_id, {"previous_login_at": user.last_login_at or None, "last_login_at": now()})


def record_login_failure(db: Database, username: str, remote_addr: str) -> None:
    insert(db, "login_failures", {"username": username, "remote_addr": remote_addr, "at": now()})


def count_login_failures(db: Database, *, since: str, username: str = "", remote_addr: str = "") -> int:
    column, value = ("username", username) if username else ("remote_addr", remote_addr)
    return table(db, "login_failures").count_where(f"{column} = ? and at >= ?", [value, since])


def clear_login_failures(db: Database, username: str) -> None:
    table(db, "login_failures").delete_where("username = ?", [username])


def app_secret(db: Database, name: str) -> str:
    """A random secret kept in the store (e.g. the session-signing key), made on first use, so every
    process serving the same store signs sessions alike and a restart logs no one out."""
    secrets_table = table(db, "app_secrets")
    with db.atomic():
        rows = list(secrets_table.rows_where("name = ?", [name], limit=1))
        if rows:
            return str(rows[0]["value"])
        value = secrets.token_urlsafe(48)
        secrets_table.insert({"name": name, "value": value})
    return value
