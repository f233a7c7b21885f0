"""The queue filter lives in the URL: parsing it from query arguments, and writing it back."""

from __future__ import annotations

import re
from dataclasses import fields
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlencode

from werkzeug.datastructures import MultiDict

from db.review import HitFilter

PAGE_SIZE = 50
# query argument -> HitFilter field
ARGS = {
    "status": "status",
    "priority": "priority",
    "platform": "platform",
    "category": "category",
    "reason": "reason_kind",
    "min_score": "min_score",
    "max_score": "max_score",
    "since": "since",
    "until": "until",
    "changed_since": "changed_since",
    "seller": "seller",
    "assignee": "assignee",
    "q": "text",
}
_RELATIVE = re.compile(r"^(\d{1,4})d$")


class FilterError(ValueError):
    pass


def parse_date(value: str) -> str:
    """`today`, `yesterday`, `7d` (seven days ago) or an ISO date / time, as an ISO string."""
    value = value.strip()
    today = datetime.now(UTC).date()
    if value == "today":
        return today.isoformat()
    if value == "yesterday":
        return (today - timedelta(days=1)).isoformat()
    if match := _RELATIVE.match(value):
        return (today - timedelta(days=int(match.group(1)))).isoformat()
    try:
        if len(value) == 10:
            return date.fromisoformat(value).isoformat()
        return datetime.fromisoformat(value).isoformat()
    except ValueError:
        raise FilterError(f"not a date: {value!r} (use today, yesterday, 7d or YYYY-MM-DD)") from None


def _score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        raise FilterError(f"not a score: {value!r}") from None
    if not 0.0 <= score <= 1.0:
        raise FilterError("a score is between 0 and 1")
    return score


def parse_filter(args: MultiDict[str, str]) -> HitFilter:
    values: dict[str, object] = {}
    for arg, name in ARGS.items():
        if name == "status":
            statuses = tuple(s for s in args.getlist(arg) if s)
            if statuses:
                values[name] = statuses
            continue
        raw = (args.get(arg) or "").strip()
        if not raw:
            continue
        if len(raw) > 200:
            raise FilterError(f"{arg} is too long")
        if any(ord(c) < 32 for c in raw):  # SQLite would cut a pattern at a NUL: refuse control characters
            raise FilterError(f"{arg} holds a control character")
        if name in ("min_score", "max_score"):
            values[name] = _score(raw)
        elif name in ("since", "until", "changed_since"):
            values[name] = parse_date(raw)
        else:
            values[name] = raw
    try:
        return HitFilter(**values)  # type: ignore[arg-type]
    except ValueError as exc:
        raise FilterError(str(exc)) from None


def filter_query(args: MultiDict[str, str]) -> str:
    """The filter part of a query string, as given (relative dates stay relative when bookmarked)."""
    pairs = [(k, v) for k in ARGS for v in args.getlist(k) if v]
    return urlencode(pairs)


def page_number(args: MultiDict[str, str]) -> int:
    try:
        return max(1, min(int(args.get("page", "1")), 100_000))
    except ValueError:
        return 1


def is_empty(f: HitFilter) -> bool:
    return all(getattr(f, x.name) in ((), "", None) for x in fields(f))
