"""Crawl history with health, and the watchlists with their versions, sources and entries."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue

from crawler.app.review_actions import Permission
from db.hit_context import list_runs, watchlist_entity
from db.watchlists import entity_counts, list_versions
from review.app import get_db
from review.auth import requires
from review.filters import page_number
from review.hits import entry_url

bp = Blueprint("other", __name__)
RUNS_PER_PAGE = 50
RUN_FIGURES = ("pages/parsed", "pages/broken", "pages/blocked", "listings/seen", "listings/new", "hits/new")


@bp.route("/runs")
@requires(Permission.READ)
def runs() -> ResponseReturnValue:
    page = page_number(request.args)
    rows = list_runs(get_db(), limit=RUNS_PER_PAGE, offset=(page - 1) * RUNS_PER_PAGE)
    return render_template("runs.html", runs=rows, page=page, figures=RUN_FIGURES, per_page=RUNS_PER_PAGE)


@bp.route("/watchlists")
@requires(Permission.READ)
def watchlists() -> ResponseReturnValue:
    db = get_db()
    versions = sorted(list_versions(db), key=lambda v: -int(v["id"]))
    return render_template("watchlists.html", versions=versions, counts=entity_counts(db))


@bp.route("/watchlists/entry")
@requires(Permission.READ)
def entry() -> ResponseReturnValue:
    source, entity_id = request.args.get("source", ""), request.args.get("id", "")
    row = watchlist_entity(get_db(), source, entity_id)
    if row is None:
        abort(404)
    return render_template("entry.html", entry=row, external=entry_url(source, entity_id))
