from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers import load

HEADER = "entity_id,name,aliases,schema,countries,programs,phones,emails,websites,identifiers,citation,evidence\n"


def test_fixture_splits_multi_values(fixtures: Path) -> None:
    result = load([fixtures / "ours.csv"])
    assert result.source == "ours"
    jinxiang, camp = result.entities
    assert jinxiang.name == "DANDONG JINXIANG TRADE CO., LTD."
    assert [a.name for a in jinxiang.aliases] == ["JINXIANG TRADING COMPANY", "DANDONG METAL COMPANY"]
    assert (camp.schema, camp.countries, camp.evidence) == ("place", ["kp"], "report")
    assert [a.name for a in camp.aliases] == ["Jongori", "전거리 교화소"]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (",NAME,,,,,,,,,c,report", r"x\.csv:3: field 'entity_id'"),
        ("id-2,,,,,,,,,,c,report", r"x\.csv:3: field 'name'"),
        ("id-2,NAME,,shop,,,,,,,c,report", r"x\.csv:3: field 'schema'"),
        ("id-2,NAME,,,,,,,,c,report", r"x\.csv:3: expected 12 columns, got 11"),
        ("id-2,NAME,,,KP,,,,,,c,report", r"x\.csv:3: field 'countries'"),
    ],
)
def test_bad_row_names_line_and_field(tmp_path: Path, row: str, expected: str) -> None:
    path = tmp_path / "x.csv"
    path.write_text(HEADER + "id-1,GOOD,,,,,,,,,c,report\n" + row + "\n", encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=expected):
        load([path], "csv")


def test_wrong_header_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("id,name\n1,A\n", encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=r"x\.csv:1: header must be"):
        load([path], "csv")
