from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from sqlite_utils import Database

from crawler.cli.main import cli
from db import open_db
from db.hits import HitOutcome, get_hit
from db.hits import record_screening as store_screening
from db.listings import UpsertOutcome
from db.listings import upsert_listing as store_listing
from db.records import ListingRecord
from matchers.types import Reason, ScreenResult
from watchlists.bundled import bundled_paths


def upsert_listing(db: Database, listing: Mapping[str, Any], **kwargs: Any) -> UpsertOutcome:
    """The store takes typed records; these tests write listings as mappings."""
    return store_listing(db, ListingRecord.from_mapping(listing), **kwargs)


def record_screening(db: Database, listing_id: int, result: Mapping[str, Any], **kwargs: Any) -> HitOutcome:
    """The store takes a ScreenResult; these tests write screenings as mappings."""
    reasons = tuple(Reason(**r) for r in result.get("reasons", []))
    typed = ScreenResult(
        flagged=bool(result.get("flagged")),
        score=float(result.get("score", 0.0)),
        reasons=reasons,
        category=result.get("category", "other"),
        priority=result.get("priority", "high" if result.get("flagged") else ""),
    )
    return store_screening(db, listing_id, typed, **kwargs)


def all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        path = (*prefix, name)
        found.append(path)
        if isinstance(command, click.Group):
            found += all_commands(command, path)
    return found


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "ow.db"


def run(db_path: Path, *args: str, input: str | None = None) -> click.testing.Result:
    return CliRunner().invoke(cli, ["--db", str(db_path), *args], input=input, catch_exceptions=False)


@pytest.mark.parametrize("path", all_commands(cli), ids=lambda p: " ".join(p))
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help, f"{' '.join(path)} has no --help text"
    assert len(command.help.strip()) > 20, f"{' '.join(path)} needs real --help text"
    assert " ".join(command.help.split()[:8]) in " ".join(result.output.split())


def test_expected_commands_exist() -> None:
    names = {" ".join(p) for p in all_commands(cli)}
    for expected in ("demo", "crawl", "crawl-url", "hits", "hits show", "review", "match", "extract", "evidence",
                     "watchlist import", "watchlist list", "watchlist versions", "watchlist diff"):  # fmt: skip
        assert expected in names


def test_db_option_and_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ORIGINWATCH_DB", str(tmp_path / "env.db"))
    missing = CliRunner().invoke(cli, ["hits"])
    assert missing.exit_code == 1
    assert f"no database at {tmp_path / 'env.db'}" in missing.output  # a read command never creates one
    assert not (tmp_path / "env.db").exists()
    created = CliRunner().invoke(cli, ["watchlist", "import", str(bundled_paths()[0])])
    assert created.exit_code == 0, created.output
    assert f"Created the database {tmp_path / 'env.db'}" in created.output
    assert CliRunner().invoke(cli, ["hits"]).exit_code == 0
    assert not (tmp_path / "originwatch.db").exists()


def test_watchlist_import_real_excerpts_and_list(db_path: Path, realdata: Path) -> None:
    sanctions = realdata / "sanctions"
    result = run(
        db_path, "watchlist", "import", "--format", "ofac-csv",
        str(sanctions / "ofac_sdn_2024-05-03_DPRK_excerpt.csv"),
        str(sanctions / "ofac_alt_2025-08_DPRK_aliases_excerpt.csv"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Imported 596 entries" in result.output
    result = run(db_path, "watchlist", "import", str(sanctions / "un_consolidated_2018-10-29_DPRK_excerpt.xml"))
    assert "Imported 155 entries" in result.output
    listed = json.loads(run(db_path, "watchlist", "list", "--source", "un-sc", "--format", "json").output)
    assert any(e["entity_id"] == "KPe.001" for e in listed)
    versions = run(db_path, "watchlist", "versions").output
    assert "ofac-sdn" in versions
    assert "un-sc" in versions


def test_malformed_watchlist_is_rejected_with_file_and_line(db_path: Path, tmp_path: Path) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text(
        "entity_id,name,aliases,schema,countries,programs,phones,emails,websites,identifiers,citation,evidence\n"
        "1,GOOD NAME,,organization,kp,,,,,,test,research\n"
        "2,,,organization,kp,,,,,,test,research\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["--db", str(db_path), "watchlist", "import", "--format", "csv", str(bad)])
    assert result.exit_code == 1
    assert "nothing imported" in result.output
    assert "list.csv:3" in result.output
    assert "No watchlist entries" in run(db_path, "watchlist", "list").output


def test_match_screens_lines_and_reports_malformed_ones(db_path: Path, tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "title": "Human hair wig, hand-tied in North Korea", "seller_name": "X"}),
        "{not json",
        json.dumps({"id": "b", "title": "K-beauty mink lashes, Made in Korea"}),
        json.dumps({"id": "c", "attributes": ["not", "an", "object"]}),
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(cli, ["--db", str(db_path), "match", "--input", str(source), "--output", str(out)])
    assert result.exit_code == 2
    assert "in.jsonl:2:" in result.output
    assert "in.jsonl:4:" in result.output
    results = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in results] == ["a", "b"]
    assert results[0]["flagged"] is True
    assert results[1]["flagged"] is False
    for reason in results[0]["reasons"]:
        assert set(reason) >= {"kind", "detail", "matched_text", "entity_id", "source"}
    assert 0 <= results[0]["score"] <= 1


def test_match_cites_watchlist_identifier(db_path: Path, tmp_path: Path, realdata: Path) -> None:
    run(db_path, "watchlist", "import", str(realdata / "sanctions" / "un_consolidated_2018-10-29_DPRK_excerpt.xml"))
    source = tmp_path / "in.jsonl"
    source.write_text(
        json.dumps({"id": "k", "title": "wig", "seller_name": "Korea Mining Development Trading Corp"}) + "\n"
    )
    result = run(db_path, "match", "--input", str(source))
    first = json.loads(result.stdout.splitlines()[0])
    assert first["flagged"]
    assert any(
        r["kind"] == "seller" and r["entity_id"] == "KPe.001" and r["source"] == "un-sc" for r in first["reasons"]
    )


def test_hits_listing_show_and_review(db_path: Path) -> None:
    db = open_db(db_path)
    listing = {"platform": "demo", "listing_key": "/w/1", "url": "http://demo/w/1", "title": "Lace wig",
               "seller_name": "Dandong Kumsang Trade"}  # fmt: skip
    listing_id = upsert_listing(db, listing).listing_id
    reason = {"kind": "phrase", "rule": "en.dprk", "score": 0.9, "detail": "origin phrase 'DPRK'",
              "matched_text": "DPRK", "entity_id": None, "source": "rules", "field": "attributes.origin"}  # fmt: skip
    hit_id = record_screening(
        db, listing_id, {"flagged": True, "score": 0.9, "category": "wig", "reasons": [reason]}
    ).hit_id
    db.close()
    for fmt in ("table", "json", "csv"):
        output = run(db_path, "hits", "--format", fmt).output
        for needle in (str(hit_id), "http://demo/w/1", "Lace wig", "Dandong Kumsang Trade", "0.9", "new", "DPRK"):
            assert needle in output, (fmt, needle)
    shown = run(db_path, "hits", "show", str(hit_id)).output
    assert "origin phrase 'DPRK'" in shown
    assert "rule en.dprk" in shown
    assert "attributes.origin" in shown
    reviewed = run(db_path, "review", str(hit_id), "--status", "dismissed", "--note", "ROK seller", "--by", "ana")
    assert "new -> dismissed" in reviewed.output
    db = open_db(db_path)
    assert get_hit(db, hit_id)["events"][0]["note"] == "ROK seller"
    db.close()
    assert "No hits match." in run(db_path, "hits", "--status", "new").output
    missing = CliRunner().invoke(cli, ["--db", str(db_path), "review", "999", "--status", "confirmed", "--by", "x"])
    assert missing.exit_code == 1
    assert "no hit 999" in missing.output


def test_watchlist_versions_diff_and_rescan(db_path: Path, tmp_path: Path) -> None:
    header = "entity_id,name,aliases,schema,countries,programs,phones,emails,websites,identifiers,citation,evidence\n"
    (tmp_path / "v1").mkdir()
    (tmp_path / "v2").mkdir()
    first = tmp_path / "v1" / "ourlist.csv"
    first.write_text(header + "ow-1,DANDONG JINXIANG TRADE CO LTD,,organization,cn,,,,,,OFAC 23476,designation\n")
    second = tmp_path / "v2" / "ourlist.csv"
    second.write_text(
        header
        + "ow-1,DANDONG JINXIANG TRADE CO LTD,KUMSANG TRADE,organization,cn,,,,,,OFAC 23476,designation\n"
        + "ow-2,DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO LTD,,organization,cn,,,,,,OFAC 20564,designation\n"
    )
    db = open_db(db_path)
    upsert_listing(db, {"platform": "demo", "listing_key": "/w/9", "url": "http://demo/w/9", "title": "Lace wig",
                        "seller_name": "Dandong Hongxiang Industrial Development Co., Ltd."})  # fmt: skip
    db.close()
    assert "version 1" in run(db_path, "watchlist", "import", "--format", "csv", str(first)).output
    imported = run(db_path, "watchlist", "import", "--format", "csv", "--rescan", str(second)).output
    assert "version 2" in imported
    assert "1 new hit(s)" in imported
    versions = run(db_path, "watchlist", "versions").output.splitlines()
    assert len(versions) == 3  # header and two versions
    diff = run(db_path, "watchlist", "diff", "1", "2").output
    assert "+ ow-2  DANDONG HONGXIANG INDUSTRIAL DEVELOPMENT CO LTD" in diff
    assert "~ ow-1" in diff
    assert "aliases: [] -> [" in diff
    assert "KUMSANG TRADE" in diff
    assert "1 added, 0 removed, 1 changed" in diff
    again = run(db_path, "rescan").output
    assert "0 new hit(s), 0 updated, 0 marked stale" in again


def test_search_finds_listings_by_text(db_path: Path) -> None:
    db = open_db(db_path)
    wig = {"platform": "demo", "listing_key": "/a", "url": "http://demo/a", "title": "Lace wig"}
    upsert_listing(db, {**wig, "description": "朝鲜加工", "seller_name": "Qingdao Harborline Hair"})
    upsert_listing(db, {"platform": "demo", "listing_key": "/b", "url": "http://demo/b", "title": "Rattan bag"})
    db.close()
    found = run(db_path, "search", "harborline").output
    assert "Lace wig" in found
    assert "Rattan bag" not in found
    assert "No listing matches." in run(db_path, "search", "lamp").output
    assert "No listing matches." in run(db_path, "search", '"unclosed').output  # a phrase, never FTS syntax
    bad = CliRunner().invoke(cli, ["--db", str(db_path), "search", "--raw", '"unclosed'])
    assert bad.exit_code == 1
    assert "cannot search" in bad.output


def test_crawl_rejects_bad_spider_arguments_before_crawling(db_path: Path) -> None:
    for bad, message in ((["-a", "max_pages=two"], "whole number"), (["-a", "keyword=wig"], "unknown spider argument")):
        result = CliRunner().invoke(cli, ["--db", str(db_path), "crawl", "ebay", *bad])
        assert result.exit_code == 2
        assert message in result.output
    unknown = CliRunner().invoke(cli, ["--db", str(db_path), "crawl", "nosuchsite"])
    assert unknown.exit_code == 2
    assert "no spider" in unknown.output
