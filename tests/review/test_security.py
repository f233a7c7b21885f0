"""Every route needs a log-in, every action its role, and no filter reaches SQL as code (OWASP checks,
over the app's own route table so a new route cannot be forgotten)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from db import open_db
from tests.review.seed import LISTINGS, PASSWORD, Seeded

PUBLIC = {"auth.login", "static"}
# Every POST endpoint, and the roles allowed to use it. A new route fails the test until listed here.
ACTIONS = {
    "hits.decide_view": {"analyst", "admin"},
    "hits.assign_view": {"analyst", "admin"},
    "hits.note_view": {"analyst", "admin"},
    "queue.bulk": {"analyst", "admin"},
    "packets.export": {"campaigner", "admin"},
    "admin.user_add": {"admin"},
    "admin.user_change": {"admin"},
    "auth.logout": {"analyst", "campaigner", "admin"},
    "auth.logout_everywhere": {"analyst", "campaigner", "admin"},
}
PAGES = {
    "queue.today": {"analyst", "campaigner", "admin"},
    "queue.queue": {"analyst", "campaigner", "admin"},
    "hits.hit": {"analyst", "campaigner", "admin"},
    "hits.evidence": {"analyst", "campaigner", "admin"},
    "other.runs": {"analyst", "campaigner", "admin"},
    "other.watchlists": {"analyst", "campaigner", "admin"},
    "other.entry": {"analyst", "campaigner", "admin"},
    "packets.packets": {"campaigner", "admin"},
    "admin.user_list": {"admin"},
}
ROLE_USER = {"analyst": "ana", "campaigner": "cam", "admin": "adm"}
ARGS = {"hit_id": 3, "evidence_id": 3, "username": "ben"}
SQL_PAYLOADS = [
    "' OR '1'='1", "1; DROP TABLE hits; --", '" OR ""="', "') OR 1=1 --", "%", "_", "\\", "*", "NEAR(a b)",
    "title:wig", '"', "朝鲜' OR 1=1 --", "\x00", "1 UNION SELECT password_hash FROM users",
]  # fmt: skip


def token(client: FlaskClient, path: str = "/login") -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert match, path
    return match.group(1)


def logged_in(app: Flask, username: str) -> FlaskClient:
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token(client)})
    assert response.status_code == 302
    return client


def rules(app: Flask, method: str) -> list[Any]:
    return [r for r in app.url_map.iter_rules() if method in (r.methods or set()) and r.endpoint not in PUBLIC]


def url(rule: Any) -> str:
    path = rule.rule
    for name, value in ARGS.items():
        path = re.sub(rf"<(?:\w+:)?{name}>", str(value), path)
    return path + ("?source=ofac-sdn&id=23476" if rule.endpoint == "other.entry" else "")


def test_every_route_is_classified(app: Flask) -> None:
    assert {r.endpoint for r in rules(app, "POST")} == set(ACTIONS)
    assert {r.endpoint for r in rules(app, "GET")} == set(PAGES)


def test_every_page_needs_a_log_in(app: Flask) -> None:
    client = app.test_client()
    for rule in rules(app, "GET"):
        response = client.get(url(rule))
        assert response.status_code == 302, rule.endpoint
        assert response.headers["Location"].startswith("/login"), rule.endpoint


def test_every_action_needs_a_log_in(app: Flask) -> None:
    client = app.test_client()
    csrf = token(client)
    for rule in rules(app, "POST"):
        response = client.post(url(rule), data={"csrf_token": csrf, "decision": "confirmed", "version": "0"})
        assert response.status_code == 302, rule.endpoint
        assert response.headers["Location"].startswith("/login"), rule.endpoint


@pytest.mark.parametrize("role", sorted(ROLE_USER))
def test_role_checks_on_every_page_and_action(app: Flask, store: Seeded, role: str) -> None:
    client = logged_in(app, ROLE_USER[role])
    for rule in rules(app, "GET"):
        status = client.get(url(rule)).status_code
        assert (status == 200) == (role in PAGES[rule.endpoint]), (rule.endpoint, status)
        assert status in (200, 403), (rule.endpoint, status)
    csrf = token(client, "/runs")
    with open_db(store.path) as db:
        before = db.execute("select count(*) from review_events").fetchone()[0]
    for rule in rules(app, "POST"):
        if rule.endpoint.startswith("auth."):
            continue  # logging out is every role's right; tested in the browser
        status = client.post(url(rule), data={"csrf_token": csrf, "sel": "3:0", "decision": "unsure"}).status_code
        if role not in ACTIONS[rule.endpoint]:
            assert status == 403, (rule.endpoint, status)
    if role == "campaigner":
        with open_db(store.path) as db:
            assert db.execute("select count(*) from review_events").fetchone()[0] == before


def test_post_without_csrf_token_is_refused(app: Flask, store: Seeded) -> None:
    client = logged_in(app, "ana")
    for rule in rules(app, "POST"):
        response = client.post(url(rule), data={"decision": "confirmed", "version": "0", "sel": "3:0"})
        assert response.status_code == 400, rule.endpoint
    with open_db(store.path) as db:
        assert db.execute("select count(*) from review_events").fetchone()[0] == 0


FILTER_ARGS = ("q", "seller", "platform", "category", "assignee", "priority", "reason", "status", "min_score",
               "max_score", "since", "until", "changed_since")  # fmt: skip


def literal_matches(arg: str, payload: str) -> int:
    fields = {"q": ("title", "description", "seller_name", "seller_location", "origin"), "seller": ("seller_name",)}
    if arg not in fields:
        return 0
    return sum(
        any(payload.casefold() in str(listing.get(f) or "").casefold() for f in fields[arg])
        for _, listing, _, _ in LISTINGS
    )


def test_sql_injection_through_every_filter_and_the_search_box(app: Flask, store: Seeded) -> None:
    client = logged_in(app, "ana")
    with open_db(store.path) as db:
        hits_before = db.execute("select count(*) from hits").fetchone()[0]
    for payload in SQL_PAYLOADS:
        for arg in FILTER_ARGS:
            for path in ("/queue", f"/hits/{store.hits['ofac']}"):
                response = client.get(path, query_string={arg: payload})
                assert response.status_code in (200, 400), (arg, path, response.status_code)
                body = response.get_data(as_text=True)
                assert "$argon2" not in body
                if path == "/queue" and response.status_code == 200:
                    # a payload matches as text, literally, or nothing: never everything
                    assert body.count("data-hit=") == literal_matches(arg, payload), (arg, payload)
    with open_db(store.path) as db:
        assert db.execute("select count(*) from hits").fetchone()[0] == hits_before
        assert db.execute("select count(*) from users").fetchone()[0] == 4


def test_security_headers_on_every_page(app: Flask) -> None:
    client = logged_in(app, "adm")
    for rule in rules(app, "GET"):
        response = client.get(url(rule))
        csp = response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp, rule.endpoint
        assert "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        if rule.endpoint != "hits.evidence":
            assert "<script>" not in response.get_data(as_text=True).replace("<script src=", "")


def test_no_template_marks_content_safe() -> None:
    from pathlib import Path

    for path in (Path(__file__).resolve().parents[2] / "review" / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\|\s*safe\b(?!_)", text), path
        assert "autoescape false" not in text


def test_open_redirect_after_log_in_is_refused(app: Flask) -> None:
    client = app.test_client()
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"):
        response = client.post(
            "/login", data={"username": "ana", "password": PASSWORD, "next": target, "csrf_token": token(client)}
        )
        assert response.headers["Location"] == "/", target
        client.post("/logout", data={"csrf_token": token(client, "/runs")})


def test_bulk_on_todays_queue_covers_what_it_shows(app: Flask, store: Seeded) -> None:
    client = logged_in(app, "ana")
    page = client.get("/").get_data(as_text=True)
    query = re.search(r'name="query" value="([^"]*)"', page)
    total = re.search(r'name="expected_total" value="(\d+)"', page)
    assert query
    assert total
    assert "changed_since=" in query.group(1)
    data = {"csrf_token": token(client, "/"), "scope": "filter", "decision": "unsure",
            "query": query.group(1).replace("&amp;", "&"), "expected_total": total.group(1)}  # fmt: skip
    response = client.post("/bulk", data=data, follow_redirects=True)
    assert f"unsure: {total.group(1)} hit(s)." in response.get_data(as_text=True)
    with open_db(store.path) as db:
        assert db.execute("select count(*) from hits where status = 'unsure'").fetchone()[0] == int(total.group(1))
