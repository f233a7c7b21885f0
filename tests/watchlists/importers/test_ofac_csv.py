from __future__ import annotations

import csv
from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers import load

SDN = "ofac_sdn_2024-05-03_DPRK_excerpt.csv"
ALT = "ofac_alt_2025-08_DPRK_aliases_excerpt.csv"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="latin-1", newline="") as fh:
        return [row for row in csv.reader(fh) if row]


@pytest.mark.realdata
def test_real_sdn_and_alt_counts_match_the_raw_files(sanctions: Path) -> None:
    result = load([sanctions / SDN, sanctions / ALT])
    sdn_rows, alt_rows = _rows(sanctions / SDN), _rows(sanctions / ALT)
    assert result.source == "ofac-sdn"
    assert len(result.entities) == len(sdn_rows) == 596
    strong = [a for e in result.entities for a in e.aliases if a.quality == "strong"]
    # every alt.csv row whose entry is in the SDN file becomes one strong alias
    sdn_ids = {row[0] for row in sdn_rows}
    assert len(strong) == sum(1 for row in alt_rows if row[0] in sdn_ids) == 522


@pytest.mark.realdata
def test_weak_akas_come_from_quoted_remarks(sanctions: Path) -> None:
    entities = {e.entity_id: e for e in load([sanctions / SDN]).entities}
    komid = entities["9345"]
    assert komid.name == "KOREA MINING DEVELOPMENT TRADING CORPORATION"
    assert [(a.name, a.quality) for a in komid.aliases] == [("KOMID", "weak")]
    assert komid.programs == ["NPWMD", "DPRK2"]
    weak = [a for e in entities.values() for a in e.aliases if a.quality == "weak"]
    assert len(weak) == 39


@pytest.mark.realdata
def test_remarks_fill_contacts_identifiers_and_countries(sanctions: Path) -> None:
    entities = {e.entity_id: e for e in load([sanctions / SDN]).entities}
    assert entities["23476"].countries == ["cn"]  # "Nationality of Registration China"
    assert entities["23171"].identifiers == ["542957624"]  # D-U-N-S Number
    assert entities["18953"].emails == ["haejinsm@silibank.net.kp"]
    assert "8613621583465" in entities["28263"].phones
    assert "onerearth.xyz" in entities["45430"].websites
    assert entities["19789"].schema == "organization"
    assert entities["20565"].schema == "person"


@pytest.mark.realdata
def test_cut_off_remarks_are_reported_not_turned_into_aliases(sanctions: Path) -> None:
    result = load([sanctions / SDN])
    tian = next(e for e in result.entities if e.entity_id == "28263")
    assert all("snowsjo" not in a.name for a in tian.aliases)
    assert any("snowsjo" in w and "cut off" in w for w in result.warnings)


@pytest.mark.realdata
def test_alias_rows_for_missing_entries_are_warnings(sanctions: Path, tmp_path: Path) -> None:
    # keep the SDN file minus two entries that alt.csv names, as a newer alt.csv would
    lines = (sanctions / SDN).read_bytes().splitlines(keepends=True)
    dropped = [line for line in lines if line.startswith((b"23476,", b"19789,"))]
    sdn = tmp_path / "sdn.csv"
    sdn.write_bytes(b"".join(line for line in lines if line not in dropped))
    result = load([sanctions / ALT, sdn], "ofac-csv")  # order does not matter
    assert len(result.entities) == 594
    missing = [w for w in result.warnings if "missing from the SDN file" in w]
    assert len(missing) == 1
    assert "7 alias rows point at entries missing" in missing[0]
    assert "19789 (line 150)" in missing[0]


def test_latin1_and_empty_markers(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    row = '1,"CAF\xc9 P\xc9KIN TRADING",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
    sdn.write_bytes(row.encode("latin-1"))
    (entity,) = load([sdn], "ofac-csv").entities
    assert entity.name == "CAFÉ PÉKIN TRADING"
    assert entity.remarks == ""
    assert entity.schema == "organization"


def test_malformed_row_names_file_and_line(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    good = '1,"A CO",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
    sdn.write_text(good + '2,"B CO",-0- ,"DPRK3"\n', encoding="latin-1")
    with pytest.raises(WatchlistFormatError, match=r"sdn\.csv:2: expected 12 columns, got 4") as info:
        load([sdn], "ofac-csv")
    assert info.value.line == 2


def test_empty_name_is_rejected(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_text('17,"",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n', encoding="latin-1")
    with pytest.raises(WatchlistFormatError, match=r"sdn\.csv:1: field 'name': empty name"):
        load([sdn], "ofac-csv")


@pytest.mark.realdata
def test_vessels_and_aircraft_keep_their_type(sanctions: Path) -> None:
    schemas = {e.entity_id: e.schema for e in load([sanctions / SDN]).entities}
    rows = {row[0]: row[2].strip() for row in _rows(sanctions / SDN)}
    assert {schemas[i] for i, kind in rows.items() if kind == "vessel"} == {"vessel"}
    assert {schemas[i] for i, kind in rows.items() if kind == "aircraft"} == {"aircraft"}
    assert sum(kind == "aircraft" for kind in rows.values()) > 0
