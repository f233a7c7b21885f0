"""Review decisions: the one list of hit statuses, used by the store, the command line and the web UI."""

from __future__ import annotations

from enum import StrEnum


class Decision(StrEnum):
    """A reviewer's judgement of a hit, as in nomenklatura's positive / negative / unsure."""

    NEW = "new"  # not judged yet (also what "reopen" returns a hit to)
    CONFIRMED = "confirmed"
    DISMISSED = "dismissed"
    ESCALATED = "escalated"
    UNSURE = "unsure"


HIT_STATUSES: tuple[str, ...] = tuple(d.value for d in Decision)

# Why a hit was dismissed: a dismissal must name one, so false positives can be counted by cause.
DISMISS_REASONS: dict[str, str] = {
    "not_dprk": "no North Korean link on a closer look",
    "name_collision": "seller is a different company with a similar name",
    "wrong_category": "not a wig, eyelash or rattan product",
    "duplicate": "duplicate of another hit",
    "gone": "listing no longer online",
    "other": "other (see note)",
}
