"""The dates a reviewer types: ``today``, ``yesterday``, ``7d`` (seven days ago), ISO dates and times."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

_DAYS_AGO = re.compile(r"^(\d{1,4})d$")


class DateError(ValueError):
    pass


def parse_day(text: str, *, today: date | None = None) -> str:
    """An ISO timestamp (UTC) for the start of the day or moment ``text`` names; anything else is refused."""
    value = text.strip().lower()
    today = today or datetime.now(UTC).date()
    day: date | None = None
    if value == "today":
        day = today
    elif value == "yesterday":
        day = today - timedelta(days=1)
    elif match := _DAYS_AGO.match(value):
        day = today - timedelta(days=int(match.group(1)))
    if day is not None:
        return datetime.combine(day, time(), tzinfo=UTC).isoformat(timespec="seconds")
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise DateError(
            f"{text!r} is not a date: use today, yesterday, 7d (days ago) or an ISO date such as 2026-12-01"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat(timespec="seconds")
