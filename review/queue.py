"""Today's queue, the filtered queue, and bulk actions on a selection or on a whole filter."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict

from crawler.app.review_actions import (
    FilterChangedError,
    Permission,
    ReviewError,
    bulk_decide,
    bulk_decide_filter,
)
from db.decisions import DISMISS_REASONS, HIT_STATUSES
from db.review import REASON_KINDS, HitFilter, facet_values, queue_count, queue_page, queue_summary
from db.users import get_user
from review.app import get_db
from review.auth import current_actor, current_record, requires
from review.filters import PAGE_SIZE, FilterError, filter_query, page_number, parse_filter

bp = Blueprint("queue", __name__)


def _filter_or_400(args: MultiDict[str, str]) -> HitFilter:
    try:
        return parse_filter(args)
    except FilterError as exc:
        abort(400, description=str(exc))


def _render(title: str, hit_filter: HitFilter, *, today: bool, since: str = "") -> str:
    db = get_db()
    page = page_number(request.args)
    counts = None
    if today:  # narrow by construction (changed since my last visit): one pass gives page, total and counts
        summary = queue_summary(db, hit_filter, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        rows, total, counts = summary.rows, summary.total, summary.counts
    else:
        rows = queue_page(db, hit_filter, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
        total = queue_count(db, hit_filter)
    return render_template(
        "queue.html",
        title=title,
        today=today,
        since=since,
        rows=rows,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        counts=counts,
        facets=facet_values(db),
        args=request.args,
        query=filter_query(request.args),
        # a bulk action on today's queue covers exactly what it shows: the visit date goes with the filter
        bulk_query="&".join(
            q for q in (filter_query(request.args), urlencode({"changed_since": since}) if since else "") if q
        ),
        statuses=HIT_STATUSES,
        reason_kinds=REASON_KINDS,
        dismiss_reasons=DISMISS_REASONS,
        hit_filter=hit_filter,
    )


@bp.route("/")
@requires(Permission.READ)
def today() -> ResponseReturnValue:
    """New and changed hits since the start of my previous visit (the last day on a first visit)."""
    record = get_user(get_db(), current_record().id)
    since = record.previous_login_at or (datetime.now(UTC) - timedelta(days=1)).isoformat(timespec="seconds")
    hit_filter = replace(_filter_or_400(request.args), changed_since=since)
    return _render("Today's queue", hit_filter, today=True, since=since)


@bp.route("/queue")
@requires(Permission.READ)
def queue() -> ResponseReturnValue:
    hit_filter = _filter_or_400(request.args)
    if not request.args:
        hit_filter = replace(hit_filter, status=("new",))
    return _render("Queue", hit_filter, today=False)


@bp.route("/bulk", methods=["POST"])
@requires(Permission.REVIEW)
def bulk() -> ResponseReturnValue:
    form = request.form
    query = form.get("query", "")
    back = url_for("queue.queue") + (f"?{query}" if query else "")
    decision, reason, note = form.get("decision", ""), form.get("reason", ""), form.get("note", "")
    db = get_db()
    try:
        if form.get("scope") == "filter":
            hit_filter = _filter_or_400(MultiDict(_pairs(query)))
            try:
                expected = int(form.get("expected_total", "-1"))
            except ValueError:
                abort(400)
            outcome = bulk_decide_filter(
                db, current_actor(), hit_filter, decision, expected_total=expected, note=note, reason=reason
            )
        else:
            items = [_item(v) for v in form.getlist("sel")]
            if not items:
                flash("Select at least one hit.")
                return redirect(back)
            outcome = bulk_decide(db, current_actor(), items, decision, note=note, reason=reason)
    except ReviewError as exc:
        flash(str(exc))
        return redirect(back)
    except FilterChangedError as exc:
        flash(f"Nothing changed: {exc}. Look again before applying it to everything.")
        return redirect(back)
    message = f"{decision}: {len(outcome.changed)} hit(s)."
    if outcome.conflicts:
        ids = ", ".join(str(i) for i in outcome.conflicts[:20])
        message += f" {len(outcome.conflicts)} hit(s) changed by someone else meanwhile were left as they are: {ids}."
    flash(message)
    return redirect(back)


def _item(value: str) -> tuple[int, int | None]:
    hit_id, _, version = value.partition(":")
    try:
        return int(hit_id), (int(version) if version else None)
    except ValueError:
        abort(400)


def _pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query, keep_blank_values=False)
