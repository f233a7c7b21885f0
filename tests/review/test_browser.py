"""The review UI in real headless Chromium: what analysts and campaigners do, and what attackers try."""

from __future__ import annotations

import hashlib
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from crawler.app.review_actions import Actor, decide
from crawler.app.users import set_role
from db import open_db
from db.hits import get_hit
from db.users import Role
from tests.review.conftest import SCREENSHOTS, Live, log_in
from tests.review.seed import PASSWORD

pytestmark = pytest.mark.slow


def status_of(live: Live, hit_id: int) -> str:
    with open_db(live.store.path) as db:
        return str(get_hit(db, hit_id)["status"])


def test_log_in_lands_on_todays_queue(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    assert page.locator("h1").inner_text() == "Today's queue"
    assert page.locator("#queue tbody tr[data-hit]").count() == len(live.store.hits)
    assert "By platform" in page.content()  # counts by platform, category and reason
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.goto(live.url + "/queue?status=new")
    page.screenshot(path=str(SCREENSHOTS / "queue.png"), full_page=False)


def test_anonymous_visitor_is_sent_to_log_in(browser: Any, live: Live) -> None:
    page = browser.new_page()
    page.goto(live.url + f"/hits/{live.store.hits['ofac']}")
    assert "/login" in page.url
    assert page.locator("form.login").count() == 1
    page.close()


def test_filters_live_in_the_url_and_search_finds_cjk(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    page.goto(live.url + "/queue")
    page.select_option("select[name=platform]", "www.ebay.com")
    page.select_option("select[name=reason]", "seller")
    with page.expect_navigation():
        page.click("form.filters button[type=submit]")
    assert "platform=www.ebay.com" in page.url
    assert "reason=seller" in page.url
    rows = page.locator("#queue tbody tr[data-hit]")
    assert [rows.nth(i).get_attribute("data-hit") for i in range(rows.count())] == [str(live.store.hits["ofac"])]
    # A shared link gives the same result.
    page.goto(live.url + "/queue?q=" + "朝鲜加工")
    assert page.locator("#queue tbody tr[data-hit]").get_attribute("data-hit") == str(live.store.hits["cjk"])
    assert page.locator("#queue tbody tr[data-hit]").count() == 1
    page.goto(live.url + "/queue?q=" + "북한에서 수작업")  # Hangul, inside a sentence of the description
    assert page.locator("#queue tbody tr[data-hit]").get_attribute("data-hit") == str(live.store.hits["korean"])
    page.goto(live.url + "/queue?q=hand-tied")
    assert page.locator("#queue tbody tr[data-hit]").count() == 1


def test_confirm_a_hit_with_a_keyboard_shortcut(browser: Any, live: Live) -> None:
    hit_id = live.store.hits["ofac"]
    page = log_in(browser, live, "ana")
    page.goto(live.url + "/queue")
    page.keyboard.press("j")
    assert page.locator("#queue tr.current").get_attribute("data-hit") == str(hit_id)  # highest score first
    with page.expect_navigation():
        page.keyboard.press("o")
    assert f"/hits/{hit_id}" in page.url
    assert page.locator("mark").first.inner_text()  # matched text highlighted
    page.screenshot(path=str(SCREENSHOTS / "hit.png"), full_page=False)
    with page.expect_navigation():
        page.keyboard.press("c")
    assert status_of(live, hit_id) == "confirmed"
    with open_db(live.store.path) as db:
        event = get_hit(db, hit_id)["events"][-1]
    assert (event["by"], event["old_status"], event["new_status"]) == ("ana", "new", "confirmed")
    assert f"Hit {hit_id}: new → confirmed" in page.content()


def test_bulk_dismiss_of_a_selection(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    page.goto(live.url + "/queue?category=rattan_bag")
    assert page.locator("#queue tbody tr[data-hit]").count() == 6
    page.check("#select-all")
    page.select_option("select[name=decision]", "dismissed")
    page.select_option("fieldset.bulk select[name=reason]", "wrong_category")
    with page.expect_navigation():
        page.click("#bulk-apply")
    assert "dismissed: 6 hit(s)." in page.content()
    fillers = [v for k, v in live.store.hits.items() if k.startswith("filler")]
    assert {status_of(live, i) for i in fillers} == {"dismissed"}
    assert status_of(live, live.store.hits["ofac"]) == "new"


def test_bulk_dismiss_of_everything_a_filter_matches(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    page.goto(live.url + "/queue?platform=www.ebay.com&status=new")
    total = page.locator("#queue tbody tr[data-hit]").count()
    page.check("input[name=scope][value=filter]")
    page.select_option("select[name=decision]", "dismissed")
    page.select_option("fieldset.bulk select[name=reason]", "not_dprk")
    with page.expect_navigation():
        page.click("#bulk-apply")
    assert f"dismissed: {total} hit(s)." in page.content()
    assert page.locator("#queue tbody tr[data-hit]").count() == 0


def test_seller_written_payloads_are_inert(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for path in ("/queue", "/queue?q=Lace", f"/hits/{live.store.hits['xss']}"):
        page.goto(live.url + path)
        assert page.evaluate("window.__pwned === undefined"), path
        # only our own script element; no element from the payloads exists
        assert page.locator("script").count() == 1
        assert page.locator("main img, main svg, main iframe, main b").count() == 0
    assert "<script>window.__pwned=1</script>" in page.locator("#title").inner_text()
    assert 'onload="window.__pwned=3"' in page.locator("#seller").inner_text()
    # the javascript: seller link is text, never a link
    assert page.locator("a[href^='javascript']").count() == 0
    assert "javascript:window.__pwned=6" in page.locator("#seller").inner_text()


def test_post_without_csrf_token_is_refused(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    hit_id = live.store.hits["ofac"]
    response = page.request.post(
        f"{live.url}/hits/{hit_id}/decide", form={"decision": "confirmed", "version": "0"}, max_redirects=0
    )
    assert response.status == 400
    assert status_of(live, hit_id) == "new"


def test_campaigner_cannot_change_a_status(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "cam")
    hit_id = live.store.hits["ofac"]
    page.goto(f"{live.url}/hits/{hit_id}")
    assert page.locator("form.decision").count() == 0
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    response = page.request.post(
        f"{live.url}/hits/{hit_id}/decide",
        form={"decision": "confirmed", "version": "0", "csrf_token": token},
        max_redirects=0,
    )
    assert response.status == 403
    page.keyboard.press("c")
    assert status_of(live, hit_id) == "new"


@pytest.mark.parametrize(
    "path",
    [
        "/evidence/../../../../etc/passwd",
        "/evidence/..%2F..%2F..%2Fetc%2Fpasswd",
        "/evidence/%2e%2e%2f%2e%2e%2freview.db",
        "/evidence/1%2F..%2F..%2Freview.db",
        "/evidence/999999.warc.gz",
        "/evidence/-1.warc.gz",
        "/evidence/1",
        "/static/..%2f..%2fapp.py",
        "/static/%2e%2e/app.py",
    ],
)
def test_evidence_path_tricks_and_unknown_ids_give_404(browser: Any, live: Live, path: str) -> None:
    page = log_in(browser, live, "ana")
    response = page.request.get(live.url + path, max_redirects=0)
    assert response.status == 404, path
    assert b"SQLite format" not in response.body()
    assert b"root:" not in response.body()


def test_evidence_is_an_attachment_found_by_id(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    evidence_id = live.store.evidence["ofac"]
    response = page.request.get(f"{live.url}/evidence/{evidence_id}.warc.gz")
    assert response.status == 200
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert b"WARC/1.1" in __import__("gzip").decompress(response.body())


def test_two_reviewers_on_one_hit_the_second_is_told(browser: Any, live: Live) -> None:
    hit_id = live.store.hits["cjk"]
    ana, ben = log_in(browser, live, "ana"), log_in(browser, live, "ben")
    ana.goto(f"{live.url}/hits/{hit_id}")
    ben.goto(f"{live.url}/hits/{hit_id}")
    with ana.expect_navigation():
        ana.click("#do-confirmed")
    ben.select_option("form.dismiss select[name=reason]", "not_dprk")
    with ben.expect_navigation():
        ben.click("#do-dismissed")
    conflict = ben.locator("#conflict")
    assert conflict.is_visible()
    assert "ana" in conflict.inner_text()
    assert "confirmed" in conflict.inner_text()
    assert status_of(live, hit_id) == "confirmed"
    with open_db(live.store.path) as db:
        assert [e["by"] for e in get_hit(db, hit_id)["events"]] == ["ana"]  # no lost update, no second write
    # Ben decides again on what he now sees: that goes through.
    ben.select_option("form.dismiss select[name=reason]", "not_dprk")
    with ben.expect_navigation():
        ben.click("#do-dismissed")
    assert status_of(live, hit_id) == "dismissed"


def test_session_is_renewed_at_log_in(browser: Any, live: Live) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto(live.url + "/login")
    before = {c["name"]: c["value"] for c in context.cookies()}
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("button[type=submit]")
    cookies = {c["name"]: c for c in context.cookies()}
    session = cookies["originwatch_session"]
    assert session["httpOnly"]
    assert session["sameSite"] == "Lax"
    assert before.get("originwatch_session") != session["value"]
    # A session planted before the log-in (the attacker's copy) stays anonymous.
    attacker = browser.new_context()
    if "originwatch_session" in before:
        attacker.add_cookies([{"name": "originwatch_session", "value": before["originwatch_session"], "url": live.url}])
    spy = attacker.new_page()
    spy.goto(live.url + "/queue")
    assert "/login" in spy.url


def test_no_one_can_frame_the_ui(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    response = page.goto(live.url + "/queue")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    attacker = browser.new_page()
    attacker.set_content(f'<iframe id="f" src="{live.url}/login" width="600" height="400"></iframe>')
    attacker.wait_for_timeout(500)
    frame = attacker.frame_locator("#f")
    assert frame.locator("form.login").count() == 0


def test_role_change_and_log_out_everywhere_take_effect_at_once(browser: Any, live: Live) -> None:
    page = log_in(browser, live, "ana")
    other_device = log_in(browser, live, "ana")
    with open_db(live.store.path) as db:
        set_role(db, "ana", "campaigner")
    page.goto(live.url + "/queue")
    assert "/login" in page.url
    page = log_in(browser, live, "ana")
    assert page.locator("a", has_text="Complaint packets").count() == 1
    with page.expect_navigation():
        page.click("text=Log out everywhere")
    other_device.goto(live.url + "/queue")
    assert "/login" in other_device.url


def test_brute_force_log_in_is_throttled(browser: Any, live: Live) -> None:
    page = browser.new_page()
    for _ in range(5):
        page.goto(live.url + "/login")
        page.fill("input[name=username]", "ana")
        page.fill("input[name=password]", "wrong password!")
        with page.expect_navigation():
            page.click("button[type=submit]")
        assert "Wrong user name or password" in page.content()
    page.goto(live.url + "/login")
    page.fill("input[name=username]", "ana")
    page.fill("input[name=password]", PASSWORD)  # even the right password is refused now
    with page.expect_navigation():
        page.click("button[type=submit]")
    assert "Too many failed log-ins" in page.content()
    assert "/login" in page.url


def test_export_a_complaint_packet(browser: Any, live: Live, tmp_path: Path) -> None:
    with open_db(live.store.path) as db:
        analyst = Actor("ana", Role.ANALYST)
        for name in ("cjk", "korean"):
            decide(db, analyst, live.store.hits[name], "confirmed", expected_version=0, note=f"checked {name}")
    page = log_in(browser, live, "cam")
    page.goto(live.url + "/packets")
    page.select_option("#platform", "www.amazon.com")
    with page.expect_download() as download_info:
        page.click("#export")
    archive = tmp_path / "packet.zip"
    download_info.value.save_as(archive)
    folder = tmp_path / "packet"
    with zipfile.ZipFile(archive) as z:
        z.extractall(folder)
    manifest = (folder / "SHA256SUMS").read_text().splitlines()
    listed = {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in manifest}
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - {"SHA256SUMS"}
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert {"report.html", "report.pdf", "hits.csv", "hits.json"} <= on_disk
    assert len([n for n in on_disk if n.endswith(".warc.gz")]) == 2
    text = subprocess.run(["pdftotext", str(folder / "report.pdf"), "-"], capture_output=True, check=True, text=True)
    pdf = " ".join(text.stdout.split())
    assert "朝鲜加工" in pdf  # Chinese renders
    assert "丹东金山贸易有限公司" in pdf
    assert "북한산" in pdf  # Korean renders
    assert "Article 16(2)" in pdf
    assert "cam@example.org" in pdf
    assert "bona fide" in pdf
    assert "it is Amazon's general policy that items imported from or originating in" in pdf
    assert "22 U.S.C. 9241a" in pdf
    assert "13570" in pdf
    assert "12.42(b)" in pdf
    assert "2024/3015" in pdf
    assert "Security Council" not in pdf  # wigs (HS 6704) are not covered by any UN ban
    for hit in ("cjk", "korean"):
        assert f"checked {hit}" in pdf  # the reviewer's note
    png = SCREENSHOTS / "packet"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(folder / "report.pdf"),
                    str(png)], check=True)  # fmt: skip
    assert (SCREENSHOTS / "packet.png").stat().st_size > 10_000
