"""The Flask application: configuration, security headers, the database per request, error pages."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, g, render_template, request
from flask.wrappers import Response
from flask_wtf.csrf import CSRFError, CSRFProtect
from sqlite_utils import Database

from crawler.app.users import session_secret
from db import open_db

# Scripts only from our own static file, no inline script or style, no framing by anyone, no remote
# images (a listing's photos stay on the seller's host: loading them would tell the seller we looked).
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",  # never tell a marketplace where a reviewer came from
    "Cross-Origin-Opener-Policy": "same-origin",
}

csrf = CSRFProtect()


def create_app(db_path: str | os.PathLike[str], *, config: Mapping[str, Any] | None = None) -> Flask:
    """The review app over the store at `db_path` (which must exist)."""
    app = Flask(__name__)
    path = Path(db_path)
    with open_db(path) as db:
        secret = session_secret(db)
    app.config.update(
        DB_PATH=str(path),
        SECRET_KEY=secret,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_NAME="originwatch_session",
        WTF_CSRF_TIME_LIMIT=None,  # a tab left open all day still posts
        MAX_CONTENT_LENGTH=4 * 1024 * 1024,
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.config.update(dict(config or {}))
    csrf.init_app(app)
    app.jinja_env.filters["safe_url"] = safe_url

    from review import admin, auth, hits, other, packets, queue

    auth.init_app(app)
    for module in (auth, queue, hits, other, packets, admin):
        app.register_blueprint(module.bp)

    @app.teardown_appcontext
    def close_db(_exc: BaseException | None) -> None:
        db = g.pop("db", None)
        if db is not None:
            db.close()

    @app.after_request
    def security_headers(response: Response) -> Response:
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static":  # pages hold evidence and names: never kept in a shared cache
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.errorhandler(CSRFError)
    def csrf_refused(exc: CSRFError) -> tuple[str, int]:
        return render_template("error.html", code=400, message="The form had no valid token: reload the page."), 400

    for code, message in ((403, "Your role may not do this."), (404, "Not found."), (409, "Changed meanwhile.")):
        app.register_error_handler(code, _error_page(code, message))
    return app


def safe_url(url: object) -> str:
    """The URL if it is http(s), else "": a seller's `javascript:` or `data:` link is never a link."""
    text = str(url or "").strip()
    scheme = urlsplit(text).scheme.lower()
    return text if scheme in ("http", "https") and not any(c in text for c in "\r\n\t") else ""


def _error_page(code: int, message: str) -> Any:
    def handler(exc: Exception) -> tuple[str, int]:
        return render_template("error.html", code=code, message=getattr(exc, "description", "") or message), code

    return handler


def get_db() -> Database:
    """The request's store connection, opened on first use and closed when the request ends."""
    if "db" not in g:
        from flask import current_app

        g.db = open_db(current_app.config["DB_PATH"])
    db: Database = g.db
    return db
