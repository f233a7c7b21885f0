"""The review app served on 127.0.0.1 (a free port) over a store seeded through the real store
functions, and headless Chromium from Debian's `chromium` package driven by Playwright."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from review.app import create_app
from tests.review.seed import PASSWORD, Seeded, seed

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


@dataclass
class Live:
    url: str
    store: Seeded
    app: Flask


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """Seeded once (password hashing is slow on purpose); each test gets its own copy."""
    return seed(tmp_path_factory.mktemp("review-template") / "review.db")


@pytest.fixture
def store(seeded_template: Seeded, tmp_path: Path) -> Seeded:
    path = tmp_path / "review.db"
    shutil.copyfile(seeded_template.path, path)
    return replace(seeded_template, path=path)


@pytest.fixture
def app(store: Seeded) -> Flask:
    return create_app(store.path)


@pytest.fixture
def live(store: Seeded, app: Flask) -> Iterator[Live]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Live(f"http://127.0.0.1:{server.server_port}", store, app)
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (bash .ci/system-packages)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()


def log_in(browser: Any, live: Live, username: str, password: str = PASSWORD) -> Any:
    """A new browser context logged in as `username`; returns its page."""
    context = browser.new_context(viewport={"width": 1360, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.goto(live.url + "/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("button[type=submit]")
    return page
