from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers import ImportFilters, load


def test_simple_csv_reads_semicolon_cells_with_quotes(fixtures: Path) -> None:
    result = load([fixtures / "targets.simple.csv"])
    assert result.source == "opensanctions"
    entities = {e.entity_id: e for e in result.entities}
    ma = entities["NK-ma-xiaohong"]
    # '"MA, Xiaohong"' is quoted inside the ';'-separated cell
    assert [a.name for a in ma.aliases] == ["MA, Xiaohong", "Ма Сяохун"]
    assert ma.identifiers == ["G31122619", "210603197112150023"]
    assert ma.schema == "person"
    assert ma.countries == ["cn"]
    assert entities["NK-kp-prisons-bureau"].schema == "organization"
    assert entities["NK-dandong-jinxiang"].remarks == "DPRK4 - Secondary sanctions risk"
    assert "US OFAC" in entities["NK-dandong-jinxiang"].citation


def test_ftm_links_resolved_in_second_pass(fixtures: Path) -> None:
    result = load([fixtures / "entities.ftm.json"])
    entities = {e.entity_id: e for e in result.entities}
    assert set(entities) == {"NK-jinxiang", "NK-prisons-bureau", "NK-ma"}  # Sanction/Address/Ownership are links
    jinxiang = entities["NK-jinxiang"]
    assert jinxiang.programs == ["DPRK4"]
    assert jinxiang.addresses == ["Dandong, Liaoning, China"]
    assert jinxiang.identifiers == ["123456789"]
    assert ("DANDONG METAL COMPANY", "weak") in [(a.name, a.quality) for a in jinxiang.aliases]
    assert [a.kind for a in entities["NK-prisons-bureau"].aliases] == ["previous"]
    assert entities["NK-ma"].identifiers == ["G31122619"]  # from the Identification entity
    assert result.warnings == []


def test_nested_json_lifts_inline_entities(fixtures: Path) -> None:
    result = load([fixtures / "targets.nested.json"])
    entities = {e.entity_id: e for e in result.entities}
    assert entities["NK-jinxiang"].programs == ["DPRK4"]
    assert entities["NK-jinxiang"].addresses == ["Dandong, Liaoning, China"]
    assert entities["NK-prisons-bureau"].programs == ["DPRK3"]
    assert [(a.name, a.quality) for a in entities["NK-jinxiang"].aliases] == [
        ("JINXIANG TRADING COMPANY", "strong"),
        ("DANDONG METAL COMPANY", "weak"),
    ]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('{"id": "x", "schema": "Company", "properties": {"name": ["A"]', r"bad\.json:2: invalid JSON"),
        ('{"schema": "Company", "properties": {}}', r"bad\.json:2: field 'id'"),
        ('{"id": "y", "schema": "Company", "properties": {"name": "A"}}', r"bad\.json:2: field 'properties.name'"),
        ('{"id": "y", "schema": "Company", "properties": {}}', r"bad\.json:2: field 'properties.name'"),
    ],
)
def test_malformed_json_lines_rejected(tmp_path: Path, line: str, expected: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"id": "ok", "schema": "Company", "properties": {"name": ["OK"]}}\n' + line + "\n")
    for fmt in ("ftm-json", "opensanctions-nested"):
        with pytest.raises(WatchlistFormatError, match=expected):
            load([path], fmt)


def test_simple_csv_missing_column_rejected(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text('"id","schema","name"\n"a","Company","A"\n', encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=r"t\.csv:1: missing columns: aliases"):
        load([path], "opensanctions-csv")


def test_simple_csv_programs_come_from_the_sanctions_cell(fixtures: Path) -> None:
    entities = {e.entity_id: e for e in load([fixtures / "targets.simple.csv"]).entities}
    assert entities["NK-dandong-jinxiang"].programs == ["DPRK4"]
    assert entities["NK-ma-xiaohong"].programs == ["NPWMD"]
    kept = load([fixtures / "targets.simple.csv"], filters=ImportFilters(programs={"dprk3", "dprk4"})).entities
    assert [e.entity_id for e in kept] == ["NK-dandong-jinxiang", "NK-kp-prisons-bureau"]


SIMPLE_HEADER = (
    "id,schema,name,aliases,birth_date,countries,addresses,identifiers,sanctions,phones,emails,program_ids,"
    "dataset,first_seen,last_seen,last_change\n"
)


def test_simple_csv_reads_every_sanction_and_program_ids(tmp_path: Path) -> None:
    # two sanctions in one cell, one with a ';' in its reason, as the exporter quotes it
    sanctions = '"""DPRK3 - Forced labour; prison camps - 2016-07-06"";UN-DPRK - Resolution 2270"'
    path = tmp_path / "targets.simple.csv"
    path.write_text(
        SIMPLE_HEADER + f"NK-x,Company,X CO,,,kp,,,{sanctions},,,US-DPRK3,OFAC,2016,2024,2016\n", encoding="utf-8"
    )
    (entity,) = load([path], "opensanctions-csv").entities
    assert entity.programs == ["DPRK3", "UN-DPRK", "US-DPRK3"]
    assert entity.evidence == "designation"


def test_simple_csv_duplicate_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    row = "NK-x,Company,X CO,,,kp,,,,,,,OFAC,2016,2024,2016\n"
    path.write_text(SIMPLE_HEADER + row + row, encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=r"t\.csv:3: field 'id': duplicate id 'NK-x' \(first on line 2\)"):
        load([path], "opensanctions-csv")


def test_vessels_and_airplanes_keep_their_type(tmp_path: Path) -> None:
    columns = "id schema name aliases birth_date countries addresses identifiers sanctions phones emails dataset"
    header = ",".join(f'"{c}"' for c in [*columns.split(), "first_seen", "last_seen", "last_change"]) + "\n"
    rows = [
        '"v1","Vessel","GOLD STAR 3","","","kp","","IMO 8405402","","","","x","","",""\n',
        '"a1","Airplane","P-632","","","kp","","","","","","x","","",""\n',
    ]
    path = tmp_path / "targets.simple.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    assert [(e.entity_id, e.schema) for e in load([path]).entities] == [("v1", "vessel"), ("a1", "aircraft")]
