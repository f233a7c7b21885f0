"""The use cases under the UI and the CLI: decisions with the version check, bulk, packets, users."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from crawler.app.complaints import Notifier, PacketError, build_packet, render_html, write_packet
from crawler.app.highlight import Segment, excerpt, marked_segments
from crawler.app.review_actions import (
    Actor,
    FilterChangedError,
    PermissionDeniedError,
    ReviewError,
    VersionConflictError,
    bulk_decide,
    bulk_decide_filter,
    decide,
)
from crawler.app.users import UserError, add_user, log_in, set_role
from crawler.cli.main import cli
from db import open_db
from db.decisions import HIT_STATUSES, Decision
from db.hits import get_hit
from db.review import HitFilter
from db.users import Role, find_user
from tests.review.seed import PASSWORD, Seeded

ANA = Actor("ana", Role.ANALYST)
BEN = Actor("ben", Role.ANALYST)
CAM = Actor("cam", Role.CAMPAIGNER)
NOTIFIER = Notifier("Cam Paign", "cam@example.org")


def test_one_list_of_decisions_with_unsure() -> None:
    assert HIT_STATUSES == ("new", "confirmed", "dismissed", "escalated", "unsure")
    assert Decision("unsure") is Decision.UNSURE


def test_the_review_command_accepts_unsure(store: Seeded) -> None:
    result = CliRunner().invoke(cli, ["--db", str(store.path), "review", "3", "--status", "unsure", "--by", "ana"])
    assert result.exit_code == 0, result.output
    with open_db(store.path) as db:
        assert get_hit(db, 3)["status"] == "unsure"


def test_second_reviewer_is_told_and_nothing_is_lost(store: Seeded) -> None:
    with open_db(store.path) as db:
        decide(db, ANA, 3, "confirmed", expected_version=0)
        with pytest.raises(VersionConflictError) as conflict:
            decide(db, BEN, 3, "dismissed", expected_version=0, reason="not_dprk")
        assert conflict.value.current.status == "confirmed"
        assert conflict.value.current.last_by == "ana"
        hit = get_hit(db, 3)
        assert hit["status"] == "confirmed"
        assert [(e["by"], e["new_status"]) for e in hit["events"]] == [("ana", "confirmed")]


def test_a_dismissal_needs_a_reason_and_a_campaigner_cannot_decide(store: Seeded) -> None:
    with open_db(store.path) as db:
        with pytest.raises(ReviewError):
            decide(db, ANA, 3, "dismissed", expected_version=0)
        with pytest.raises(PermissionDeniedError):
            decide(db, CAM, 3, "confirmed", expected_version=0)
        assert get_hit(db, 3)["status"] == "new"


def test_bulk_leaves_hits_changed_meanwhile(store: Seeded) -> None:
    with open_db(store.path) as db:
        decide(db, BEN, 7, "escalated", expected_version=0)
        outcome = bulk_decide(db, ANA, [(7, 0), (8, 0), (9, None), (999, None)], "dismissed", reason="duplicate")
        assert outcome.changed == [8, 9]
        assert outcome.conflicts == [7]
        assert outcome.unknown == [999]
        assert get_hit(db, 7)["status"] == "escalated"
        event = get_hit(db, 8)["events"][-1]
        assert (event["action"], event["reason"], event["old_status"]) == ("status", "duplicate", "new")


def test_bulk_on_a_filter_refuses_when_the_count_changed(store: Seeded) -> None:
    rattan = HitFilter(category="rattan_bag", status=("new",))
    with open_db(store.path) as db:
        with pytest.raises(FilterChangedError):
            bulk_decide_filter(db, ANA, rattan, "unsure", expected_total=5)
        outcome = bulk_decide_filter(db, ANA, rattan, "unsure", expected_total=6)
        assert len(outcome.changed) == 6


def test_highlight_escapes_nothing_itself_and_marks_every_match() -> None:
    segments = marked_segments("<b>Hand-tied</b> in North Korea; north korea", ["north korea"])
    assert segments == [
        Segment("<b>Hand-tied</b> in "), Segment("North Korea", True), Segment("; "), Segment("north korea", True),
    ]  # fmt: skip
    assert any(s.marked for s in excerpt("x" * 500 + " 朝鲜加工 " + "y" * 500, ["朝鲜加工"]))


def _confirm(store: Seeded, *names: str) -> None:
    with open_db(store.path) as db:
        for name in names:
            decide(db, ANA, store.hits[name], "confirmed", expected_version=None, note=f"checked {name}")


def test_packet_for_wigs_cites_no_un_resolution(store: Seeded) -> None:
    _confirm(store, "ofac", "eyelash")
    with open_db(store.path) as db:
        packet = build_packet(db, "www.ebay.com", NOTIFIER)
    html = render_html(packet)
    assert packet.policy_platform == "eBay"
    assert "Security Council" not in html
    assert "2375" not in html
    assert "22 U.S.C. 9241a" in html


def test_packet_for_garments_cites_the_textile_ban_for_those_listings_only(store: Seeded) -> None:
    with open_db(store.path) as db:
        db.execute("update hits set category = 'garment' where id = ?", [store.hits["eyelash"]])
        db.conn.commit()
    _confirm(store, "ofac", "eyelash")
    with open_db(store.path) as db:
        packet = build_packet(db, "www.ebay.com", NOTIFIER)
    un = [ref for ref in packet.legal if ref.id == "unsc-2375-textiles"]
    assert [ref.hit_ids for ref in un] == [[store.hits["eyelash"]]]
    assert "resolution 2375 (2017)" in render_html(packet)


def test_packet_needs_a_notifier_and_a_confirmed_hit(store: Seeded) -> None:
    with open_db(store.path) as db:
        with pytest.raises(PacketError, match="no confirmed hit"):
            build_packet(db, "www.ebay.com", NOTIFIER)
        with pytest.raises(PacketError, match="notifier"):
            build_packet(db, "www.ebay.com", Notifier("", ""))


def test_packet_files_and_manifest(store: Seeded, tmp_path: Path) -> None:
    _confirm(store, "xss")
    with open_db(store.path) as db:
        packet = build_packet(db, "www.etsy.com", NOTIFIER)
        written = write_packet(db, packet, tmp_path / "p", ("html", "csv", "json"))
    names = [p.relative_to(tmp_path / "p").as_posix() for p in written.files]
    assert names[-1] == "SHA256SUMS"
    for line in (tmp_path / "p" / "SHA256SUMS").read_text().splitlines():
        digest, name = line.split("  ", 1)
        assert hashlib.sha256((tmp_path / "p" / name).read_bytes()).hexdigest() == digest
    html = (tmp_path / "p" / "report.html").read_text()
    assert "<script>window" not in html  # the seller's title, escaped
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "https://www.etsy.com/legal/sanctions" in html
    data = json.loads((tmp_path / "p" / "hits.json").read_text())
    assert data["dsa_article_16_2"]["b_urls"] == ["https://www.etsy.com/item/xss1"]
    assert data["hits"][0]["decision"]["note"] == "checked xss"
    assert "checked xss" in (tmp_path / "p" / "hits.csv").read_text()


def test_export_complaints_command(store: Seeded, tmp_path: Path) -> None:
    _confirm(store, "ofac")
    out = tmp_path / "out"
    args = ["--db", str(store.path), "export", "complaints", "--platform", "www.ebay.com", "--format", "json"]
    args += ["--output", str(out), "--notifier-name", "Cam", "--notifier-email", "cam@example.org"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["SHA256SUMS", "evidence/hit-3-v1.warc.gz", "hits.json"]
    again = CliRunner().invoke(cli, args)  # the folder is no longer empty
    assert again.exit_code == 1
    assert "Traceback" not in again.output
    assert "not an empty folder" in again.output


def test_users_commands(store: Seeded) -> None:
    runner = CliRunner()
    db = ["--db", str(store.path)]
    result = runner.invoke(cli, [*db, "users", "add", "dee", "--role", "analyst", "--password", "long enough pw"])
    assert result.exit_code == 0, result.output
    short = runner.invoke(cli, [*db, "users", "add", "eve", "--role", "analyst", "--password", "short"])
    assert short.exit_code == 1
    assert "at least 10" in short.output
    assert "Traceback" not in short.output
    assert runner.invoke(cli, [*db, "users", "set-role", "dee", "campaigner"]).exit_code == 0
    assert runner.invoke(cli, [*db, "users", "disable", "dee"]).exit_code == 0
    listing = runner.invoke(cli, [*db, "users", "list"])
    assert "dee" in listing.output
    assert "disabled" in listing.output
    missing = runner.invoke(cli, [*db, "users", "set-role", "nobody", "admin"])
    assert missing.exit_code == 1
    assert "no user" in missing.output
    with open_db(store.path) as conn:
        user = find_user(conn, "dee")
        assert user is not None
        assert (user.role, user.disabled, user.session_counter) == (Role.CAMPAIGNER, True, 2)
        assert log_in(conn, "dee", "long enough pw", "127.0.0.1").user is None  # disabled


def test_passwords_are_argon2_and_a_role_change_ends_sessions(store: Seeded) -> None:
    with open_db(store.path) as db:
        user = find_user(db, "ana")
        assert user is not None
        assert user.password_hash.startswith("$argon2id$")
        assert log_in(db, "ana", PASSWORD, "10.0.0.1").user is not None
        assert set_role(db, "ana", "admin").session_counter == user.session_counter + 1
        with pytest.raises(UserError):
            add_user(db, "Bad Name!", PASSWORD, "analyst")
        with pytest.raises(UserError):
            add_user(db, "zed", PASSWORD, "superuser")
