"""Crawl limits and failure classes, in one place: pure functions the middlewares and the summary share.

Limits follow Heritrix's decide rules: a budget per path prefix (or per URL pattern), a maximum of
repeated path segments (PathologicalPathDecideRule), a maximum of outlinks per page. A limit that
bites is written to the run record as a note; nothing is dropped silently.
"""

from __future__ import annotations

import email.utils
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

FAILURE_STAT = "failures/"
LIMIT_STAT = "limits/"
NOTES_STAT = "originwatch/limit_notes"

# Each way a page can fail to arrive, its stat (failures/<kind>) and its line in the summary, in order.
FAILURE_KINDS: dict[str, str] = {
    "timeout": "timed out",
    "refused": "connection refused",
    "dropped": "connection dropped before an answer",
    "truncated": "truncated (body shorter than announced)",
    "too_large": "too large (over DOWNLOAD_MAXSIZE)",
    "decompression_bomb": "decompression bomb (unpacks past DOWNLOAD_MAXSIZE)",
    "redirect_loop": "redirect loop",
    "redirect_chain": "redirect chain longer than REDIRECT_MAX_TIMES",
    "not_html": "not HTML (binary or non-text body)",
    "robots": "refused by robots.txt",
    "http_error": "HTTP error status",
    "other": "other download error",
}


@dataclass(frozen=True)
class CrawlLimits:
    """The caps of one crawl (settings ``ORIGINWATCH_*``; a site profile may override them)."""

    prefix_budget: int = 100  # requests into one path prefix that has yielded no listing
    prefix_segments: int = 1  # how many leading path segments make a prefix
    path_budgets: Mapping[str, int] = field(default_factory=dict)  # URL regex → requests, productive or not
    max_segment_repeats: int = 2
    max_outlinks: int = 300

    @classmethod
    def from_settings(cls, settings: Any) -> CrawlLimits:
        budgets = settings.getdict("ORIGINWATCH_PATH_BUDGETS")
        return cls(
            prefix_budget=settings.getint("ORIGINWATCH_PREFIX_BUDGET", cls.prefix_budget),
            prefix_segments=settings.getint("ORIGINWATCH_PREFIX_SEGMENTS", cls.prefix_segments),
            path_budgets={str(k): int(v) for k, v in budgets.items()},
            max_segment_repeats=settings.getint("ORIGINWATCH_MAX_SEGMENT_REPEATS", cls.max_segment_repeats),
            max_outlinks=settings.getint("ORIGINWATCH_MAX_OUTLINKS", cls.max_outlinks),
        )


def path_prefix(url: str, segments: int = 1) -> str:
    """``host/first/`` for ``http://host/first/second?x``: the part of a site a budget counts against."""
    parts = urlsplit(url)
    path = [p for p in parts.path.split("/") if p]
    head = path[:segments] if len(path) > segments else path[: max(len(path) - 1, 0)]
    return f"{parts.hostname or ''}/" + "".join(f"{p}/" for p in head)


def most_repeated_segment(url: str) -> tuple[str, int]:
    """The path segment that occurs most often, and how often (``/a/b/a/b/a`` → ``("a", 3)``)."""
    counts = Counter(p for p in urlsplit(url).path.split("/") if p)
    if not counts:
        return "", 0
    segment, count = counts.most_common(1)[0]
    return segment, count


def retry_after_seconds(value: str | bytes | None, *, now: float, cap: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (delta-seconds or HTTP-date), at most ``cap``.
    None when the header is absent or unreadable."""
    if value is None:
        return None
    text = (value.decode("latin-1") if isinstance(value, bytes) else value).strip()
    if re.fullmatch(r"\d{1,10}", text):
        seconds = float(int(text))
    else:
        try:
            when = email.utils.parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
        if when is None or when.tzinfo is None:
            return None
        seconds = when.timestamp() - now
    return max(0.0, min(seconds, cap))


def failure_counts(stats: Mapping[str, Any]) -> dict[str, int]:
    """Failures by kind, in ``FAILURE_KINDS`` order, only those that happened."""
    return {kind: int(stats[FAILURE_STAT + kind]) for kind in FAILURE_KINDS if int(stats.get(FAILURE_STAT + kind, 0))}


def failure_lines(stats: Mapping[str, Any]) -> list[str]:
    """One line per failure kind that happened, for the run summary."""
    return [f"{count} {FAILURE_KINDS[kind]}" for kind, count in failure_counts(stats).items()]


BUDGET_STAT = LIMIT_STAT + "budget/"  # + prefix or pattern: links not followed because its budget was spent
REPEATS_STAT = LIMIT_STAT + "segment_repeats"
OUTLINK_PAGES_STAT = LIMIT_STAT + "outlinks/pages"
OUTLINK_DROPPED_STAT = LIMIT_STAT + "outlinks/dropped"


def limit_notes(stats: Mapping[str, Any], limits: CrawlLimits) -> list[str]:
    """One note per limit that bit, for the run record and the summary."""
    notes = []
    for key, value in sorted(stats.items()):
        if key.startswith(BUDGET_STAT):
            part = key[len(BUDGET_STAT) :]
            budget = limits.path_budgets.get(part, limits.prefix_budget)
            what = "URLs matching" if part in limits.path_budgets else "a part of the site that yielded no listing:"
            notes.append(f"crawl limit: {value} link(s) not followed, {what} {part} (budget {budget} requests)")
    if int(stats.get(REPEATS_STAT, 0)):
        notes.append(
            f"crawl limit: {stats[REPEATS_STAT]} link(s) not followed, a path segment repeated more than "
            f"{limits.max_segment_repeats} times"
        )
    if int(stats.get(OUTLINK_PAGES_STAT, 0)):
        notes.append(
            f"crawl limit: {stats[OUTLINK_PAGES_STAT]} page(s) with more than {limits.max_outlinks} links; "
            f"{stats.get(OUTLINK_DROPPED_STAT, 0)} link(s) not followed"
        )
    return notes
