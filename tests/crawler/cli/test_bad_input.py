"""No tracebacks for user errors: every command, given bad input, says what is wrong in one line and
exits non-zero. Also the cases users met: a missing output folder, a file that is not a database, an
unknown --site, a wrong eval file, invalid UTF-8 in `match` input (skipped by the contract)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from crawler.cli.main import cli

# Arguments that let each command get past click's own parsing to the point where it meets the store
# or its input; commands not listed get none (click then reports the missing argument itself).
ARGS: dict[tuple[str, ...], list[str]] = {
    ("hits", "show"): ["1"],
    ("review",): ["1", "--status", "confirmed", "--by", "ana"],
    ("assign",): ["1", "--to", "ben", "--by", "ana"],
    ("search",): ["wig"],
    ("listing", "show"): ["1"],
    ("evidence",): ["1", "--output", "hit.warc.gz"],
    ("watchlist", "diff"): ["1", "2"],
    ("crawl",): ["nosuchsite"],
    ("crawl-url",): ["not a url"],
    ("extract",): ["missing.html"],
    ("eval",): ["missing.jsonl"],
    ("match",): ["--input", "missing.jsonl"],
    ("watchlist", "import"): ["missing.csv"],
}
# Commands that would start a long-running service or a crawl if their input were fine.
NOT_RUN = {("serve",), ("schedule", "run"), ("demo",)}


def leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        if isinstance(command, click.Group):
            if not getattr(command, "invoke_without_command", False):
                paths += leaf_commands(command, path)
                continue
            paths.append(path)
            paths += leaf_commands(command, path)
        else:
            paths.append(path)
    return paths


def invoke(*args: str, input: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=input)


def assert_clean_failure(result: Result, *, expect: str = "") -> None:
    """Non-zero, no traceback, and (if given) the expected words in the one-line message."""
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code != 0, result.output
    if expect:
        assert expect in result.output, result.output


@pytest.mark.parametrize(
    "path", [p for p in leaf_commands(cli) if p not in NOT_RUN], ids=lambda p: " ".join(p)
)  # fmt: skip
def test_every_command_refuses_a_file_that_is_not_a_database(
    path: tuple[str, ...], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    garbage = tmp_path / "notes.db"
    garbage.write_text("these are my notes, not a database\n", encoding="utf-8")
    before = garbage.read_bytes()
    result = invoke("--db", str(garbage), *path, *ARGS.get(path, []))
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert garbage.read_bytes() == before  # never overwritten or migrated


@pytest.mark.parametrize(
    "path",
    [("hits",), ("hits", "show"), ("review",), ("assign",), ("search",), ("listing", "show"), ("runs",),
     ("rescan",), ("evidence",), ("watchlist", "list"), ("watchlist", "versions"), ("watchlist", "diff")],
    ids=lambda p: " ".join(p),
)  # fmt: skip
def test_read_commands_refuse_a_missing_database(path: tuple[str, ...], tmp_path: Path) -> None:
    typo = tmp_path / "originwach.db"
    result = invoke("--db", str(typo), *path, *ARGS.get(path, []))
    assert_clean_failure(result, expect=f"no database at {typo}")
    assert not typo.exists()


def test_not_a_database_says_so(tmp_path: Path) -> None:
    garbage = tmp_path / "notes.db"
    garbage.write_text("not sqlite\n", encoding="utf-8")
    assert_clean_failure(invoke("--db", str(garbage), "hits"), expect=f"{garbage} is not a SQLite database")
    assert_clean_failure(invoke("--db", str(tmp_path), "hits"), expect="is a directory")


def test_missing_output_folder(tmp_path: Path) -> None:
    db = tmp_path / "ow.db"
    assert invoke("--db", str(db), "watchlist", "import", str(_bundled())).exit_code == 0
    target = tmp_path / "no-such-folder" / "hit.warc.gz"
    assert_clean_failure(invoke("--db", str(db), "evidence", "1", "--output", str(target)), expect="does not exist")
    listings = tmp_path / "in.jsonl"
    listings.write_text('{"id": "1", "title": "wig"}\n', encoding="utf-8")
    out = tmp_path / "no-such-folder" / "out.jsonl"
    assert_clean_failure(invoke("--db", str(db), "match", "--input", str(listings), "--output", str(out)))
    assert_clean_failure(invoke("--db", str(tmp_path / "no-such-folder" / "new.db"), "watchlist", "import",
                                str(_bundled())), expect="does not exist")  # fmt: skip


def test_unknown_site_and_unknown_spider(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><title>Lace wig</title></html>", encoding="utf-8")
    assert_clean_failure(invoke("extract", str(page), "--site", "nosuchsite"), expect="no site profile 'nosuchsite'")
    assert_clean_failure(invoke("--db", str(tmp_path / "ow.db"), "crawl", "nosuchsite"), expect="no spider")
    assert not (tmp_path / "ow.db").exists()  # refused before anything was created
    broken_gzip = tmp_path / "page.html.gz"
    broken_gzip.write_bytes(gzip.compress(b"<html>")[:12])
    assert_clean_failure(invoke("extract", str(broken_gzip)), expect="not a readable gzip file")


def test_wrong_eval_file(tmp_path: Path) -> None:
    yaml_file = tmp_path / "answers.yml"
    yaml_file.write_text("cases:\n  - title: wig\n", encoding="utf-8")
    assert_clean_failure(invoke("eval", str(yaml_file), "--sanctions", str(tmp_path)), expect="answers.yml:1")
    binary = tmp_path / "answers.jsonl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\xff")
    assert_clean_failure(invoke("eval", str(binary), "--sanctions", str(tmp_path)))


def test_invalid_utf8_in_match_input_skips_the_line(tmp_path: Path) -> None:
    listings = tmp_path / "in.jsonl"
    listings.write_bytes(
        b'{"id": "a", "title": "Lace wig", "description": "hand-tied in North Korea"}\n'
        b'{"id": "b", "title": "caf\xe9 wig"}\n'
        b'{"id": "c", "title": "Rattan bag"}\n'
    )
    result = invoke("match", "--input", str(listings))
    assert "Traceback" not in result.output
    assert result.exit_code == 2
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["id"] for line in lines] == ["a", "c"]
    assert lines[0]["flagged"] is True
    assert f"{listings}:2: skipped: not UTF-8" in result.stderr
    assert "no database: screening against the bundled list" in result.stderr


def test_bad_dates_and_paging_are_refused(tmp_path: Path) -> None:
    db = tmp_path / "ow.db"
    assert invoke("--db", str(db), "watchlist", "import", str(_bundled())).exit_code == 0
    assert_clean_failure(invoke("--db", str(db), "hits", "--since", "last week"), expect="is not a date")
    assert_clean_failure(invoke("--db", str(db), "hits", "--limit", "0"))
    assert_clean_failure(invoke("--db", str(db), "hits", "--offset", "-1"))
    assert invoke("--db", str(db), "hits", "--since", "7d", "--until", "today").exit_code == 0


def _bundled() -> Path:
    from watchlists.bundled import bundled_paths

    return bundled_paths()[0]
