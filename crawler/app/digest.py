"""The daily digest: one message with what is new in the queue, instead of one message per hit.

It counts new and changed hits since the last digest by platform, reason and priority, lists the
top hits with their reasons, names the sites whose last run failed or fell below their history, and
links to the queue in the web UI. Text and HTML come from Jinja2 templates kept as data
(``crawler/app/digest_templates/``). It goes out through apprise, target by target; a failed
delivery is retried and every attempt is recorded.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from crawler.app.schedule_config import DigestConfig, ScheduleConfig, redact
from crawler.app.status import SiteStatus, status
from db.connection import opened
from db.schedule import (
    DigestHit,
    hits_changed_since,
    last_digest_at,
    record_delivery,
    record_digest,
    set_digest_status,
)

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parent / "digest_templates"
TEXT_TEMPLATE = "digest.txt"
HTML_TEMPLATE = "digest.html"


@dataclass(frozen=True)
class Digest:
    since: str | None
    until: str
    hits: tuple[DigestHit, ...]
    top: tuple[DigestHit, ...]
    new: int
    changed: int
    by_platform: Mapping[str, int]
    by_reason: Mapping[str, int]
    by_priority: Mapping[str, int]
    troubled_sites: tuple[SiteStatus, ...]
    queue_url: str
    web_ui_url: str

    @property
    def subject(self) -> str:
        trouble = f", {len(self.troubled_sites)} site(s) need a look" if self.troubled_sites else ""
        return f"originwatch: {self.new} new and {self.changed} changed hit(s){trouble}"

    @property
    def empty(self) -> bool:
        return not self.hits and not self.troubled_sites


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class DigestResult:
    digest_id: int
    status: str  # sent | partial | failed | empty
    subject: str
    attempts: int


def build_digest(config: DigestConfig, db_path: Path, *, since: str | None = None) -> Digest:
    """What the digest holds: hits new or changed since ``since`` (default: the last digest sent)."""
    until = datetime.now(UTC).isoformat(timespec="seconds")  # before reading: the next digest starts here
    with opened(db_path) as db:
        since = since or last_digest_at(db)
        hits = hits_changed_since(db, since)
        report = status(db)
    reasons: Counter[str] = Counter()
    for hit in hits:
        reasons.update({str(r.get("kind", "")) for r in hit.reasons})
    base = config.web_ui_url.rstrip("/")
    new = sum(1 for h in hits if h.is_new)
    return Digest(
        since=since,
        until=until,
        hits=tuple(hits),
        top=tuple(hits[: config.top]),
        new=new,
        changed=len(hits) - new,
        by_platform=dict(Counter(h.platform for h in hits).most_common()),
        by_reason=dict(reasons.most_common()),
        by_priority=dict(Counter(h.priority or "none" for h in hits).most_common()),
        troubled_sites=report.flagged,
        queue_url=f"{base}/queue?status=new",
        web_ui_url=base,
    )


def render(digest: Digest, templates: Path | None = None) -> Rendered:
    """The digest as text and HTML, from ``digest.txt`` and ``digest.html`` (ours unless a folder is given)."""
    env = Environment(
        loader=FileSystemLoader([str(p) for p in (templates, TEMPLATES) if p is not None]),
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=False),
        undefined=StrictUndefined,  # a template naming a field that does not exist fails loudly
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    values = {"digest": digest, "subject": digest.subject}
    return Rendered(
        digest.subject,
        env.get_template(TEXT_TEMPLATE).render(**values),
        env.get_template(HTML_TEMPLATE).render(**values),
    )


Notifier = Callable[[str, Rendered], str]  # returns "" when delivered, else the reason it was not


def apprise_notify(url: str, message: Rendered) -> str:
    """Deliver to one apprise URL: HTML where the service takes HTML (e-mail), text elsewhere."""
    import apprise

    server = apprise.Apprise.instantiate(url)
    if server is None:
        return "apprise does not accept this URL"
    # apprise 1.x names one format; 2.x a tuple of those the service takes, its preferred one first
    formats = server.notify_format if isinstance(server.notify_format, tuple) else (server.notify_format,)
    wants_html = formats[0] == apprise.NotifyFormat.HTML
    sender = apprise.Apprise()
    sender.add(server)
    with apprise.LogCapture(level=logging.WARNING) as captured:  # type: ignore[no-untyped-call]
        ok = sender.notify(
            title=message.subject,
            body=message.html if wants_html else message.text,
            body_format=apprise.NotifyFormat.HTML if wants_html else apprise.NotifyFormat.TEXT,
        )
        problems = captured.getvalue().strip().splitlines()
    if ok:
        return ""
    return (problems[-1] if problems else "not delivered")[:300]


def deliver(
    db_path: Path,
    digest_id: int,
    targets: Sequence[str],
    message: Rendered,
    *,
    retries: int,
    retry_delay: float,
    notify: Notifier = apprise_notify,
) -> tuple[str, int]:
    """Send to every target, retrying each failed one ``retries`` times (the delay doubles); every
    attempt is recorded. Returns the digest's status and the number of attempts."""
    delivered = attempts = 0
    for url in targets:
        for attempt in range(1, retries + 2):
            attempts += 1
            error = notify(url, message)
            with opened(db_path) as db:
                record_delivery(db, digest_id, redact(url), attempt, ok=not error, error=error)
            if not error:
                delivered += 1
                break
            log.warning("digest to %s, attempt %d: %s", redact(url), attempt, error)
            if attempt <= retries:
                time.sleep(retry_delay * 2 ** (attempt - 1))
    status = "sent" if delivered == len(targets) else "partial" if delivered else "failed"
    return status, attempts


def send_digest(config: ScheduleConfig, db_path: Path, *, notify: Notifier = apprise_notify) -> DigestResult:
    """Build, render, record and deliver the digest. An empty day is recorded and not sent."""
    if config.digest is None:
        raise ValueError("this schedule has no digest section")
    digest = build_digest(config.digest, db_path)
    message = render(digest, config.digest.templates)
    if digest.empty:
        with opened(db_path) as db:
            digest_id = record_digest(
                db, at=digest.until, since=digest.since, hits=0, subject=digest.subject, status="empty"
            )
        log.info("digest: nothing new, nothing sent")
        return DigestResult(digest_id, "empty", digest.subject, 0)
    with opened(db_path) as db:
        digest_id = record_digest(
            db, at=digest.until, since=digest.since, hits=len(digest.hits), subject=digest.subject, status="sending"
        )
    result, attempts = deliver(
        db_path, digest_id, config.digest.targets, message,
        retries=config.digest.retries, retry_delay=config.digest.retry_delay, notify=notify,
    )  # fmt: skip
    with opened(db_path) as db:
        set_digest_status(db, digest_id, result)
    log.log(logging.INFO if result == "sent" else logging.ERROR, "digest %s: %s", digest_id, result)
    return DigestResult(digest_id, result, digest.subject, attempts)
