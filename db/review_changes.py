"""Reviewer changes to hits, with a version check, and their audit trail.

Every reviewer change bumps `hits.version`; an action that names the version it saw fails when
someone else changed the hit first, so no update is ever lost.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from db.decisions import HIT_STATUSES
from db.util import now


class VersionConflictError(Exception):
    """Someone changed the hit after the reviewer loaded it."""

    def __init__(self, hit_id: int, current: HitState) -> None:
        super().__init__(f"hit {hit_id} was changed by {current.last_by or 'someone'} ({current.status})")
        self.hit_id = hit_id
        self.current = current


class UnknownHitError(KeyError):
    pass


@dataclass(frozen=True)
class HitState:
    id: int
    status: str
    assignee: str
    version: int
    last_by: str = ""


@dataclass(frozen=True)
class ReviewChange:
    """One reviewer action on one hit, as the audit trail records it."""

    hit_id: int
    action: str  # status | assign | note
    by: str
    at: str
    old_status: str
    new_status: str
    old_assignee: str
    new_assignee: str
    note: str
    reason: str
    version: int  # the hit's version after the change


@dataclass(frozen=True)
class BulkOutcome:
    changed: list[int]
    conflicts: list[int]  # changed by someone else since the reviewer loaded them: left as they are
    unknown: list[int]


@contextmanager
def _write(db: Database) -> Iterator[None]:
    """One short write transaction that takes the write lock at once, so what it reads stays true."""
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.execute("begin immediate")
    try:
        yield
    except BaseException:
        db.execute("rollback")
        raise
    db.execute("commit")


def hit_state(db: Database, hit_id: int) -> HitState:
    rows = list(
        db.query(
            "select h.id, h.status, h.assignee, h.version,"
            " (select e.by from review_events e where e.hit_id = h.id order by e.id desc limit 1) as last_by"
            " from hits h where h.id = ?",
            [hit_id],
        )
    )
    if not rows:
        raise UnknownHitError(hit_id)
    r = rows[0]
    return HitState(int(r["id"]), r["status"], r["assignee"] or "", int(r["version"] or 0), r["last_by"] or "")


def apply_change(
    db: Database,
    hit_id: int,
    *,
    action: str,
    by: str,
    expected_version: int | None,
    status: str | None = None,
    assignee: str | None = None,
    note: str = "",
    reason: str = "",
) -> ReviewChange:
    """Change one hit (status, assignee, or only a note) and write the audit event, in one transaction.

    With `expected_version`, the change applies only if the hit is still at that version; otherwise
    `VersionConflictError` tells who changed it, and nothing is written.
    """
    if status is not None and status not in HIT_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    with _write(db):
        current = hit_state(db, hit_id)
        if expected_version is not None and current.version != expected_version:
            raise VersionConflictError(hit_id, current)
        change = _change(current, action, by, now(), status, assignee, note, reason)
        _write_changes(db, [change])
    return change


def apply_bulk(
    db: Database,
    items: Sequence[tuple[int, int | None]],
    *,
    action: str,
    by: str,
    status: str | None = None,
    assignee: str | None = None,
    note: str = "",
    reason: str = "",
) -> BulkOutcome:
    """The same change on many hits, `(hit_id, expected_version or None)` each, in one transaction."""
    if status is not None and status not in HIT_STATUSES:
        raise ValueError(f"unknown status {status!r}")
    at = now()
    changed: list[int] = []
    conflicts: list[int] = []
    unknown: list[int] = []
    with _write(db):
        states: dict[int, HitState] = {}
        ids = [i for i, _ in items]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            sql = f"select id, status, assignee, version from hits where id in ({', '.join('?' for _ in chunk)})"
            for r in db.query(sql, chunk):
                states[int(r["id"])] = HitState(int(r["id"]), r["status"], r["assignee"] or "", int(r["version"] or 0))
        changes: list[ReviewChange] = []
        for hit_id, expected in items:
            state = states.get(hit_id)
            if state is None:
                unknown.append(hit_id)
            elif expected is not None and state.version != expected:
                conflicts.append(hit_id)
            else:
                changes.append(_change(state, action, by, at, status, assignee, note, reason))
                changed.append(hit_id)
        _write_changes(db, changes)
    return BulkOutcome(changed, conflicts, unknown)


def _change(
    current: HitState,
    action: str,
    by: str,
    at: str,
    status: str | None,
    assignee: str | None,
    note: str,
    reason: str,
) -> ReviewChange:
    return ReviewChange(
        hit_id=current.id,
        action=action,
        by=by,
        at=at,
        old_status=current.status,
        new_status=status if status is not None else current.status,
        old_assignee=current.assignee,
        new_assignee=assignee if assignee is not None else current.assignee,
        note=note,
        reason=reason,
        version=current.version + (0 if action == "note" else 1),  # a note alone is no conflict
    )


def _write_changes(db: Database, changes: Sequence[ReviewChange]) -> None:
    db.conn.executemany(
        "update hits set status = ?, assignee = ?, version = ?, updated_at = ? where id = ?",
        [(c.new_status, c.new_assignee or None, c.version, c.at, c.hit_id) for c in changes],
    )
    db.conn.executemany(
        "insert into review_events (hit_id, at, by, old_status, new_status, note, action, reason, old_assignee,"
        " new_assignee) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (c.hit_id, c.at, c.by, c.old_status, c.new_status, c.note, c.action, c.reason, c.old_assignee,
             c.new_assignee)
            for c in changes
        ],
    )  # fmt: skip


def review_events(db: Database, hit_id: int) -> list[dict[str, Any]]:
    return list(db.query("select * from review_events where hit_id = ? order by id", [hit_id]))
