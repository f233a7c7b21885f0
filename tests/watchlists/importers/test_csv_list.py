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
    with pytest.raises(WatchlistFormatError, match=r"x\.csv:1: field 'id': unknown column"):
        load([path], "csv")


def test_columns_in_any_order_and_only_name_required(tmp_path: Path) -> None:
    path = tmp_path / "ours.csv"
    path.write_text("countries,name,aliases\nkp;cn,Korea Kumsan Trading,Kumsan\n", encoding="utf-8")
    (entity,) = load([path]).entities  # the format is recognised from the header too
    assert (entity.name, entity.countries, [a.name for a in entity.aliases]) == (
        "Korea Kumsan Trading", ["kp", "cn"], ["Kumsan"]
    )
    assert entity.entity_id.startswith("name:")
    again = tmp_path / "again" / "ours.csv"
    again.parent.mkdir()
    again.write_text("name\nKOREA  kumsan trading\n", encoding="utf-8")
    assert load([again]).entities[0].entity_id == entity.entity_id  # the same entry, import after import
    missing = tmp_path / "nameless.csv"
    missing.write_text("entity_id,aliases\n1,A\n", encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match="needs a 'name' column"):
        load([missing], "csv")


def test_csv_files_are_one_list_only_when_they_share_a_name(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second, other = tmp_path / "a" / "ours.csv", tmp_path / "b" / "ours.csv", tmp_path / "theirs.csv"
    first.write_text(HEADER + "id-1,ONE,,,,,,,,,c,report\n", encoding="utf-8")
    second.write_text(HEADER + "id-2,TWO,,,,,,,,,c,report\n", encoding="utf-8")
    other.write_text(HEADER + "id-3,THREE,,,,,,,,,c,report\n", encoding="utf-8")
    result = load([first, second], "csv")
    assert (result.source, [e.source for e in result.entities]) == ("ours", ["ours", "ours"])
    with pytest.raises(WatchlistFormatError, match=r"theirs\.csv: field 'list\.name': declares list 'theirs'"):
        load([first, other], "csv")
    with pytest.raises(WatchlistFormatError, match=r"ours\.csv:2: .*duplicate entity_id 'id-1'"):
        load([first, first], "csv")
