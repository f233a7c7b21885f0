"""The daily digest, delivered through apprise to a local SMTP server and a local webhook receiver."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aiosmtpd.controller import Controller

from crawler.app.digest import build_digest, render, send_digest
from crawler.app.schedule_config import load_schedule
from db.connection import opened
from db.schedule import deliveries
from tests.schedule.conftest import write_schedule

PROJECT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store filled by one real crawl of the bundled demo marketplace."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    command = [sys.executable, "-m", "crawler.cli.main", "--db", str(path), "demo", "--quiet"]
    subprocess.run(command, check=True, capture_output=True, cwd=PROJECT, timeout=180)
    return path


@pytest.fixture
def store(demo_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store.db"
    shutil.copy(demo_store, copy)
    return copy


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Mailbox, int]]:
    mailbox, port = Mailbox(), _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield mailbox, port
    controller.stop()


class Hook(BaseHTTPRequestHandler):
    failures_left: ClassVar[int] = 0
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if Hook.failures_left > 0:
            Hook.failures_left -= 1
            self.send_response(500)
            self.end_headers()
            return
        Hook.received.append(json.loads(body))
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def webhook() -> Iterator[tuple[type[Hook], int]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Hook)
    Hook.received, Hook.failures_left = [], 0
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield Hook, int(server.server_address[1])
    server.shutdown()
    server.server_close()


def _config(tmp_path: Path, smtp_port: int, hook_port: int, retries: int = 2) -> Any:
    body = f"""\
        sites:
          - site: demo
            spider: discover
            cron: "0 3 * * *"
            timeout: 60
        digest:
          web_ui_url: http://127.0.0.1:5000/
          top: 3
          retries: {retries}
          retry_delay: 0.05
          targets:
            - "mailto://127.0.0.1:{smtp_port}?from=ow@example.org&to=analyst@example.org&mode=insecure"
            - "json://127.0.0.1:{hook_port}/hook"
        """
    return load_schedule(write_schedule(tmp_path, body))


def test_the_digest_counts_and_lists_the_top_hits(store: Path, tmp_path: Path) -> None:
    config = _config(tmp_path, 1, 2)
    digest = build_digest(config.digest, store)
    assert digest.new == len(digest.hits) > 3
    assert sum(digest.by_priority.values()) == len(digest.hits)
    assert sum(digest.by_platform.values()) == len(digest.hits)
    assert {"seller", "phrase"} <= set(digest.by_reason)
    assert len(digest.top) == 3
    assert digest.top[0].score >= digest.top[-1].score
    rendered = render(digest)
    assert rendered.subject.startswith(f"originwatch: {digest.new} new and 0 changed hit(s)")
    assert "http://127.0.0.1:5000/queue?status=new" in rendered.text
    assert f"http://127.0.0.1:5000/hits/{digest.top[0].id}" in rendered.html
    for reason in digest.top[0].reasons:
        assert str(reason["detail"]) in rendered.text


def test_delivery_by_mail_and_webhook_with_a_retry(
    store: Path, tmp_path: Path, smtp: tuple[Mailbox, int], webhook: tuple[type[Hook], int]
) -> None:
    mailbox, smtp_port = smtp
    hook, hook_port = webhook
    hook.failures_left = 1  # the receiver fails the first time
    config = _config(tmp_path, smtp_port, hook_port)
    result = send_digest(config, store)
    assert result.status == "sent"
    assert len(mailbox.messages) == 1
    mail = mailbox.messages[0]
    assert mail["Subject"] == result.subject
    html = next(p for p in mail.walk() if p.get_content_type() == "text/html").get_payload(decode=True)
    assert b"/queue?status=new" in html
    assert len(hook.received) == 1
    assert hook.received[0]["title"] == result.subject
    assert "Top 3 of" in hook.received[0]["message"]
    with opened(store) as db:
        attempts = [(d.target.split(":")[0], d.attempt, d.ok) for d in deliveries(db, result.digest_id)]
        errors = [d.error for d in deliveries(db, result.digest_id) if not d.ok]
    assert attempts == [("mailto", 1, True), ("json", 1, False), ("json", 2, True)]
    assert errors[0]  # why the first webhook attempt failed is recorded
    # the next digest starts where this one ended: nothing new since
    assert send_digest(config, store).status == "empty"


def test_a_receiver_that_keeps_failing_is_retried_and_recorded(
    store: Path, tmp_path: Path, smtp: tuple[Mailbox, int], webhook: tuple[type[Hook], int]
) -> None:
    mailbox, smtp_port = smtp
    hook, hook_port = webhook
    hook.failures_left = 10
    result = send_digest(_config(tmp_path, smtp_port, hook_port, retries=2), store)
    assert result.status == "partial"  # the mail went out; the webhook did not
    with opened(store) as db:
        failed = [d.attempt for d in deliveries(db, result.digest_id) if not d.ok]
    assert failed == [1, 2, 3]
    assert len(mailbox.messages) == 1


def test_a_digest_no_target_received_is_sent_again_next_time(
    store: Path, tmp_path: Path, smtp: tuple[Mailbox, int], webhook: tuple[type[Hook], int]
) -> None:
    mailbox, smtp_port = smtp
    hook, hook_port = webhook
    hook.failures_left = 10
    failed = send_digest(_config(tmp_path, _free_port(), hook_port, retries=1), store)  # no SMTP server there
    assert failed.status == "failed"
    hook.failures_left = 0
    again = send_digest(_config(tmp_path, smtp_port, hook_port), store)
    assert again.status == "sent"
    assert again.subject == failed.subject  # the same hits, not lost with the failed delivery
    assert len(mailbox.messages) == 1
