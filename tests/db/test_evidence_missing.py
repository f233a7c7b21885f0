"""A hit whose captured page is missing says so, and the next crawl of that page stores it again."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.runner import loopback_args
from db.connection import opened, writing
from db.evidence import evidence_for_listing
from db.hits import list_hits
from tests.mockserver import MockServer

ROOT = Path(__file__).resolve().parents[2]


def originwatch(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "--db", str(db), *args],
        capture_output=True, text=True, timeout=240, check=False, cwd=ROOT,
    )  # fmt: skip


@pytest.mark.slow
def test_missing_evidence_is_reported_and_refilled_by_the_next_crawl(tmp_path: Path) -> None:
    db_path = tmp_path / "ow.db"
    with MockServer() as demo:
        first = originwatch(db_path, "crawl-url", demo.url + "/", *loopback_args())
        assert first.returncode == 0, first.stderr[-3000:]
        with opened(db_path) as db:
            hit = list_hits(db, limit=1)[0]
            listing_id = int(hit["listing_id"])
            assert evidence_for_listing(db, listing_id)
            with writing(db):
                db.execute("delete from evidence where listing_id = ?", [listing_id])
        shown = originwatch(db_path, "hits", "show", str(hit["id"]))
        assert "evidence: none stored" in shown.stdout
        assert "the next crawl of the page stores it" in shown.stdout
        exported = originwatch(db_path, "evidence", str(hit["id"]), "--output", str(tmp_path / "hit.warc.gz"))
        assert exported.returncode == 1
        assert "has no stored capture" in exported.stderr
        again = originwatch(db_path, "crawl-url", demo.url + "/", *loopback_args())
        assert again.returncode == 0, again.stderr[-3000:]
    assert "listings: 0 new, 0 changed" in again.stdout  # the content did not change ...
    with opened(db_path) as db:
        (capture,) = evidence_for_listing(db, listing_id)  # ... but its capture is back
    assert capture["url"] == hit["url"]
    refilled = originwatch(db_path, "hits", "show", str(hit["id"]))
    assert "evidence: 1 capture(s), versions 1; export:" in refilled.stdout
