"""Review use cases: decide, reopen, assign and annotate hits, one at a time or in bulk, with role checks
and the concurrent-reviewer version check. The web UI calls these; every change is audited in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from sqlite_utils import Database

from db.decisions import DISMISS_REASONS, Decision
from db.review import HitFilter, queue_count, queue_ids
from db.review_changes import (
    BulkOutcome,
    ReviewChange,
    VersionConflictError,
    apply_bulk,
    apply_change,
)
from db.users import Role

__all__ = [
    "Actor",
    "FilterChangedError",
    "Permission",
    "PermissionDeniedError",
    "ReviewError",
    "VersionConflictError",
]

MAX_BULK = 50_000  # a bulk action on more hits than this is refused: narrow the filter


class Permission(StrEnum):
    READ = "read"  # see the queue, hits, runs, lists
    REVIEW = "review"  # decide, assign, annotate
    EXPORT = "export"  # complaint packets
    ADMIN = "admin"  # users


GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ANALYST: frozenset({Permission.READ, Permission.REVIEW}),
    Role.CAMPAIGNER: frozenset({Permission.READ, Permission.EXPORT}),
    Role.ADMIN: frozenset(Permission),
}


@dataclass(frozen=True)
class Actor:
    username: str
    role: Role

    def can(self, permission: Permission) -> bool:
        return permission in GRANTS[self.role]


class PermissionDeniedError(Exception):
    pass


class FilterChangedError(Exception):
    """A bulk action on a filter whose matches changed since the reviewer saw the count."""

    def __init__(self, expected: int, actual: int) -> None:
        super().__init__(f"the filter matched {expected} hits when you loaded it and matches {actual} now")
        self.expected = expected
        self.actual = actual


class ReviewError(ValueError):
    """A review request that makes no sense (dismissal without a reason, unknown decision ...)."""


def require(actor: Actor, permission: Permission) -> None:
    if not actor.can(permission):
        raise PermissionDeniedError(f"{actor.role.value} {actor.username!r} may not {permission.value}")


def _decision(decision: str, reason: str) -> Decision:
    try:
        value = Decision(decision)
    except ValueError:
        raise ReviewError(f"unknown decision {decision!r}") from None
    if value is Decision.DISMISSED and reason not in DISMISS_REASONS:
        raise ReviewError("a dismissal needs a reason: " + ", ".join(DISMISS_REASONS))
    return value


def decide(
    db: Database,
    actor: Actor,
    hit_id: int,
    decision: str,
    *,
    expected_version: int | None,
    note: str = "",
    reason: str = "",
) -> ReviewChange:
    """Confirm, dismiss (with a reason), escalate, mark unsure, or reopen (decision `new`) one hit.
    Raises `VersionConflictError` when someone else changed the hit since `expected_version`."""
    require(actor, Permission.REVIEW)
    value = _decision(decision, reason)
    return apply_change(
        db,
        hit_id,
        action="status",
        by=actor.username,
        expected_version=expected_version,
        status=value.value,
        note=note.strip(),
        reason=reason if value is Decision.DISMISSED else "",
    )


def assign(db: Database, actor: Actor, hit_id: int, assignee: str, *, expected_version: int | None) -> ReviewChange:
    require(actor, Permission.REVIEW)
    return apply_change(
        db, hit_id, action="assign", by=actor.username, expected_version=expected_version, assignee=assignee.strip()
    )


def add_note(db: Database, actor: Actor, hit_id: int, note: str) -> ReviewChange:
    require(actor, Permission.REVIEW)
    if not note.strip():
        raise ReviewError("the note is empty")
    return apply_change(db, hit_id, action="note", by=actor.username, expected_version=None, note=note.strip())


def bulk_decide(
    db: Database,
    actor: Actor,
    items: Sequence[tuple[int, int | None]],
    decision: str,
    *,
    note: str = "",
    reason: str = "",
) -> BulkOutcome:
    """One decision on a selection, `(hit_id, version seen)` each. Hits changed since are left alone."""
    require(actor, Permission.REVIEW)
    value = _decision(decision, reason)
    if len(items) > MAX_BULK:
        raise ReviewError(f"a bulk action covers at most {MAX_BULK} hits; narrow the filter")
    return apply_bulk(
        db,
        items,
        action="status",
        by=actor.username,
        status=value.value,
        note=note.strip(),
        reason=reason if value is Decision.DISMISSED else "",
    )


def bulk_decide_filter(
    db: Database,
    actor: Actor,
    hit_filter: HitFilter,
    decision: str,
    *,
    expected_total: int,
    note: str = "",
    reason: str = "",
) -> BulkOutcome:
    """One decision on everything a filter matches. `expected_total` is the count the reviewer saw:
    when the filter now matches a different number of hits, nothing is changed and the reviewer is told."""
    require(actor, Permission.REVIEW)
    _decision(decision, reason)
    total = queue_count(db, hit_filter)
    if total != expected_total:
        raise FilterChangedError(expected_total, total)
    ids = queue_ids(db, hit_filter)
    return bulk_decide(db, actor, [(i, None) for i in ids], decision, note=note, reason=reason)
