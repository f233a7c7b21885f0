"""The daily queue and following a lead: CJK search, assignment, paging, changed-since, flat CSV, tables
that line up in any script, runs with their health, and crawls whose exit code tells the truth."""

from __future__ import annotations

import csv
import io
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from crawler.app.dates import DateError, parse_day
from crawler.app.screening import build_screener
from crawler.cli.main import cli
from crawler.cli.render import table, width
from crawler.runner import loopback_args
from db.connection import opened
from db.listings import upsert_listing
from db.records import ListingRecord
from db.runs import finish_run, start_run

ROOT = Path(__file__).resolve().parents[3]
LISTINGS = [
    {"listing_key": "/cn", "title": "真人发假发 蕾丝前置", "description": "本产品为朝鲜加工，手工钩织，质量上乘",
     "seller_name": "丹东锦祥贸易有限公司", "seller_location": "辽宁丹东"},
    {"listing_key": "/en", "title": "Hand-tied lace front wig", "description": "hand-tied in North Korea",
     "seller_name": "Qingdao Harborline Hair"},
    {"listing_key": "/ko", "title": "인모 가발", "description": "북한산 수제 가발입니다", "seller_name": "평양무역"},
    {"listing_key": "/plain", "title": "Rattan storage basket", "description": "woven in Vietnam",
     "seller_name": "Hanoi Crafts"},
]  # fmt: skip


def invoke(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture
def store(tmp_path: Path) -> Path:
    path = tmp_path / "ow.db"
    with opened(path, create=True) as db:
        setup = build_screener(db)
        for row in LISTINGS:
            url = f"http://shop.example{row['listing_key']}"
            record = ListingRecord.from_mapping({"platform": "shop.example", "url": url, **row})
            stored = upsert_listing(db, record)
            setup.record(db, stored.listing_id, setup.screen({"url": url, **row}))
    return path


def test_search_finds_cjk_inside_longer_text_and_hyphenated_words(store: Path) -> None:
    found = invoke(store, "search", "朝鲜加工")
    assert found.exit_code == 0, found.output
    assert "真人发假发" in found.output
    assert "http://shop.example/cn" in found.output  # the URL whole, on its own line
    assert "Hand-tied lace front wig" in invoke(store, "search", "hand-tied").output
    assert "인모 가발" in invoke(store, "search", "북한산").output
    assert "인모 가발" in invoke(store, "search", "북한").output  # two characters: a substring scan
    assert "No listing matches." in invoke(store, "search", "tied OR lace").output  # a phrase, not FTS syntax
    assert "Hand-tied" in invoke(store, "search", "--raw", "tied OR lace").output


def test_search_shows_the_hit_id_beside_the_listing_id_and_listing_show(store: Path) -> None:
    out = invoke(store, "search", "--format", "json", "朝鲜加工").output
    import json

    (row,) = json.loads(out)
    assert row["hit_id"] is not None
    shown = invoke(store, "listing", "show", str(row["id"]))
    assert shown.exit_code == 0, shown.output
    assert f"hit {row['hit_id']}" in shown.output
    assert "version 1" in shown.output
    assert "no capture" in shown.output
    assert "no listing 999" in invoke(store, "listing", "show", "999").output


def test_assignment_without_status_change_is_audited_and_filterable(store: Path) -> None:
    first = invoke(store, "hits", "--format", "csv")
    hit_id = next(csv.DictReader(io.StringIO(first.output)))["id"]
    assigned = invoke(store, "assign", hit_id, "--to", "ben", "--by", "ana")
    assert assigned.exit_code == 0, assigned.output
    rows = list(csv.DictReader(io.StringIO(invoke(store, "hits", "--assignee", "ben", "--format", "csv").output)))
    assert [(r["id"], r["status"], r["assignee"]) for r in rows] == [(hit_id, "new", "ben")]
    shown = invoke(store, "hits", "show", hit_id).output
    assert "ana: assigned - -> ben" in shown
    assert "assigned to ben" in shown


def test_csv_has_one_flat_row_per_hit(store: Path) -> None:
    ids = [r["id"] for r in csv.DictReader(io.StringIO(invoke(store, "hits", "--format", "csv").output))]
    invoke(store, "review", ids[0], "--status", "dismissed", "--by", "ana", "--note", "ROK seller")
    rows = list(csv.DictReader(io.StringIO(invoke(store, "hits", "--format", "csv").output)))
    assert len(rows) == len(ids)
    reviewed = next(r for r in rows if r["id"] == ids[0])
    assert (reviewed["status"], reviewed["reviewed_by"], reviewed["review_note"]) == ("dismissed", "ana", "ROK seller")
    assert reviewed["reviewed_at"]
    assert all(not r["reasons"].startswith("[") for r in rows)  # text, not JSON
    assert {"seller_location", "price", "currency", "url", "created_at"} <= set(rows[0])


def test_paging_and_changed_since(store: Path) -> None:
    everything = list(csv.DictReader(io.StringIO(invoke(store, "hits", "--format", "csv").output)))
    assert len(everything) >= 3
    page = invoke(store, "hits", "--limit", "1")
    assert "1–1 of" in page.output
    assert "next: --offset 1" in page.output
    second = list(csv.DictReader(io.StringIO(invoke(store, "hits", "--format", "csv", "--offset", "1",
                                                      "--limit", "1").output)))  # fmt: skip
    assert [r["id"] for r in second] == [everything[1]["id"]]
    changed = invoke(store, "hits", "--changed-since", "today", "--format", "csv").output
    assert changed.count("\n") == len(everything) + 1
    assert "No hits match." in invoke(store, "hits", "--changed-since", "2999-01-01").output


def test_table_pads_by_display_width() -> None:
    rows = [{"title": "真人发假发", "seller": "丹东"}, {"title": "wig", "seller": "Harborline"}]
    lines = table(rows, ("title", "seller")).splitlines()
    assert {width(line[: line.index(s)]) for line, s in zip(lines[1:], ("丹东", "Harborline"), strict=True)} == {12}
    assert width("真人发") == 6
    assert width("wig") == 3


def test_dates_accept_today_yesterday_days_and_iso_only() -> None:
    from datetime import date

    today = date(2026, 12, 2)
    assert parse_day("today", today=today) == "2026-12-02T00:00:00+00:00"
    assert parse_day("yesterday", today=today) == "2026-12-01T00:00:00+00:00"
    assert parse_day("7d", today=today) == "2026-11-25T00:00:00+00:00"
    assert parse_day("2026-11-30") == "2026-11-30T00:00:00+00:00"
    for bad in ("last week", "7 days", "12/01/2026", ""):
        with pytest.raises(DateError):
            parse_day(bad, today=today)


def test_runs_lists_history_with_health(tmp_path: Path) -> None:
    path = tmp_path / "ow.db"
    with opened(path, create=True) as db:
        ok = start_run(db, "ebay")
        finish_run(db, ok, "finished", {"pages/parsed": 12, "listings/new": 5})
        bad = start_run(db, "ebay")
        finish_run(db, bad, "broken", {"pages/parsed": 0}, cause="connection refused (3 request(s))")
        other = start_run(db, "etsy")
        finish_run(db, other, "finished", {})
    listed = invoke(path, "runs", "--site", "ebay")
    assert listed.exit_code == 0, listed.output
    assert "connection refused (3 request(s))" in listed.output
    assert "etsy" not in listed.output
    broken = invoke(path, "runs", "--status", "broken").output.splitlines()
    assert len(broken) == 2
    assert "broken" in broken[1]
    assert "no runs of 'amazon'" in invoke(path, "runs", "--site", "amazon").output


def test_a_crawl_that_reaches_nothing_exits_non_zero_with_the_cause(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = tmp_path / "ow.db"
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "--db", str(db), "crawl-url", f"http://127.0.0.1:{port}/",
         "-s", "RETRY_ENABLED=False", *loopback_args()],
        capture_output=True, text=True, timeout=120, cwd=ROOT, check=False,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ended broken: connection refused" in done.stderr
    assert f"Created the database {db}" in done.stdout
    assert "Traceback" not in done.stdout + done.stderr
    assert "Dumping Scrapy stats" not in done.stdout + done.stderr  # the stats go to the log file
    assert "Dumping Scrapy stats" in (tmp_path / "ow.db.crawl.log").read_text(encoding="utf-8")
    assert "note: no watchlist in the store: loaded the bundled list" in done.stdout
