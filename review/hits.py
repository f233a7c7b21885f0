"""One hit: the listing, matched text in context, reasons, version diff, evidence, the seller's other
listings; and the actions on it (decide, reopen, assign, note) with the concurrent-reviewer check."""

from __future__ import annotations

import difflib
from typing import Any
from urllib.parse import parse_qsl, urlencode

import yaml
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from crawler.app.highlight import marked_segments
from crawler.app.review_actions import (
    Permission,
    ReviewError,
    VersionConflictError,
    add_note,
    assign,
    decide,
)
from db.decisions import DISMISS_REASONS
from db.hit_context import evidence_by_id, evidence_meta, seller_listings
from db.hits import HitNotFoundError, get_hit
from db.review import neighbours
from db.review_changes import review_events
from review.app import get_db
from review.auth import current_actor, requires
from review.filters import FilterError, filter_query, parse_filter

bp = Blueprint("hits", __name__)

HIGHLIGHT_FIELDS = ("title", "description", "seller_name", "seller_location", "origin")
DIFF_FIELDS = ("title", "description", "price", "seller_name", "seller_location", "origin", "attributes")
with open(__file__.rsplit("/", 1)[0] + "/sources.yml", encoding="utf-8") as fh:
    SOURCE_PAGES: dict[str, str] = yaml.safe_load(fh) or {}

# The keyboard shortcuts, one key per decision, as in nomenklatura's review tool.
DECISION_KEYS = {"confirmed": "c", "dismissed": "d", "escalated": "e", "unsure": "u", "new": "r"}
DECISION_LABELS = {
    "confirmed": "confirm",
    "dismissed": "dismiss",
    "escalated": "escalate",
    "unsure": "mark unsure",
    "new": "reopen",
}


def entry_url(source: str, entity_id: str) -> str:
    template = SOURCE_PAGES.get(source)
    return template.format(entity_id=entity_id) if template and entity_id else ""


def _diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level changes as (op, text) pairs; op is '=', '-' or '+'. Rendered escaped."""
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
        if op in ("delete", "replace"):
            out.append(("-", " ".join(a[i1:i2])))
        if op in ("insert", "replace"):
            out.append(("+", " ".join(b[j1:j2])))
    return out


def _version_diffs(versions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    diffs = []
    previous: dict[str, Any] = {}
    for v in versions:
        data = v["data"]
        changes = []
        for f in DIFF_FIELDS:
            old, new = _text(previous.get(f)), _text(data.get(f))
            if old != new:
                changes.append({"field": f, "ops": _diff(old, new)})
        diffs.append({"version": v["version"], "captured_at": v["captured_at"], "changes": changes})
        previous = data
    return diffs


def _text(value: Any) -> str:
    if isinstance(value, dict):
        return "; ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(str(x) for x in value)
    return "" if value is None else str(value)


@bp.route("/hits/<int:hit_id>")
@requires(Permission.READ)
def hit(hit_id: int) -> ResponseReturnValue:
    return _render_hit(hit_id)


def _render_hit(hit_id: int, *, status: int = 200, conflict: VersionConflictError | None = None) -> tuple[str, int]:
    db = get_db()
    try:
        data = get_hit(db, hit_id)
    except HitNotFoundError:
        abort(404)
    try:
        hit_filter = parse_filter(request.args if request.method == "GET" else _back_args())
    except FilterError as exc:
        abort(400, description=str(exc))
    query = filter_query(request.args if request.method == "GET" else _back_args())
    previous, following = neighbours(db, hit_filter, hit_id)
    listing = data["listing"]
    needles = [str(r.get("matched_text") or "") for r in data["reasons"]]
    highlighted = {f: marked_segments(str(listing.get(f) or ""), needles) for f in HIGHLIGHT_FIELDS}
    attributes = [(k, marked_segments(str(v), needles)) for k, v in (listing.get("attributes") or {}).items()]
    reasons = [
        {**r, "entry_url": entry_url(str(r.get("source") or ""), str(r.get("entity_id") or ""))}
        for r in data["reasons"]
    ]
    page = render_template(
        "hit.html",
        hit=data,
        listing=listing,
        highlighted=highlighted,
        attributes=attributes,
        reasons=reasons,
        diffs=_version_diffs(data["versions"]),
        evidence=evidence_meta(db, int(data["listing_id"])),
        others=seller_listings(db, int(data["listing_id"])),
        events=review_events(db, hit_id),
        previous=previous,
        following=following,
        query=query,
        decision_keys=DECISION_KEYS,
        decision_labels=DECISION_LABELS,
        dismiss_reasons=DISMISS_REASONS,
        conflict=conflict,
    )
    return page, status


def _back_args() -> MultiDict[str, str]:
    return MultiDict(parse_qsl(request.form.get("query", ""), keep_blank_values=False))


def _hit_url(hit_id: int, query: str) -> str:
    return url_for("hits.hit", hit_id=hit_id) + (f"?{query}" if query else "")


def _expected_version() -> int:
    try:
        return int(request.form.get("version", ""))
    except ValueError:
        abort(400, description="the form lacks the hit's version")


@bp.route("/hits/<int:hit_id>/decide", methods=["POST"])
@requires(Permission.REVIEW)
def decide_view(hit_id: int) -> ResponseReturnValue:
    decision = request.form.get("decision", "")
    try:
        change = decide(
            get_db(),
            current_actor(),
            hit_id,
            decision,
            expected_version=_expected_version(),
            note=request.form.get("note", ""),
            reason=request.form.get("reason", ""),
        )
    except VersionConflictError as exc:
        return _render_hit(hit_id, status=409, conflict=exc)
    except ReviewError as exc:
        flash(str(exc))
        return redirect(_hit_url(hit_id, request.form.get("query", "")))
    except KeyError:
        abort(404)
    flash(f"Hit {hit_id}: {change.old_status} → {change.new_status}.")
    query = urlencode(parse_qsl(request.form.get("query", "")))
    _, following = neighbours(get_db(), parse_filter(_back_args()), hit_id)
    return redirect(_hit_url(following if following else hit_id, query))


@bp.route("/hits/<int:hit_id>/assign", methods=["POST"])
@requires(Permission.REVIEW)
def assign_view(hit_id: int) -> ResponseReturnValue:
    try:
        assign(
            get_db(), current_actor(), hit_id, request.form.get("assignee", ""), expected_version=_expected_version()
        )
    except VersionConflictError as exc:
        return _render_hit(hit_id, status=409, conflict=exc)
    except KeyError:
        abort(404)
    flash("Assigned.")
    return redirect(_hit_url(hit_id, request.form.get("query", "")))


@bp.route("/hits/<int:hit_id>/note", methods=["POST"])
@requires(Permission.REVIEW)
def note_view(hit_id: int) -> ResponseReturnValue:
    try:
        add_note(get_db(), current_actor(), hit_id, request.form.get("note", ""))
    except ReviewError as exc:
        flash(str(exc))
    except KeyError:
        abort(404)
    return redirect(_hit_url(hit_id, request.form.get("query", "")))


@bp.route("/evidence/<int:evidence_id>.warc.gz")
@requires(Permission.READ)
def evidence(evidence_id: int) -> ResponseReturnValue:
    """A stored capture, found by its id only (no path ever reaches the file system)."""
    record = evidence_by_id(get_db(), evidence_id)
    if record is None:
        abort(404)
    from crawler.evidence import warc_file

    data = warc_file([record["warc"]], f"originwatch evidence {evidence_id}: {record['url']}")
    response = Response(data, mimetype="application/warc")
    response.headers["Content-Disposition"] = f'attachment; filename="evidence-{evidence_id}.warc.gz"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
