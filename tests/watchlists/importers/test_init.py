from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers import FORMATS, ImportFilters, detect_format, load

FIXTURE_FORMATS = {
    "ours.yml": "yaml",
    "ours.csv": "csv",
    "sdn_sample.xml": "ofac-xml",
    "targets.simple.csv": "opensanctions-csv",
    "entities.ftm.json": "ftm-json",
    "targets.nested.json": "opensanctions-nested",
}


def test_formats_are_the_published_tuple() -> None:
    assert FORMATS == (
        "yaml",
        "csv",
        "ofac-csv",
        "un-xml",
        "opensanctions-csv",
        "ftm-json",
        "ofac-xml",
        "opensanctions-nested",
    )


@pytest.mark.parametrize(("name", "fmt"), FIXTURE_FORMATS.items())
def test_detect_format_and_every_format_loads(fixtures: Path, name: str, fmt: str) -> None:
    assert detect_format(fixtures / name) == fmt
    result = load([fixtures / name])
    assert result.format == fmt
    assert result.entities
    assert all(e.name and e.entity_id for e in result.entities)
    assert result.sha256 == hashlib.sha256((fixtures / name).read_bytes()).hexdigest()


@pytest.mark.realdata
def test_detect_real_files_and_hash_in_order(sanctions: Path) -> None:
    sdn, alt = (
        sanctions / "ofac_sdn_2024-05-03_DPRK_excerpt.csv",
        sanctions / "ofac_alt_2025-08_DPRK_aliases_excerpt.csv",
    )
    assert detect_format(sdn) == detect_format(alt) == "ofac-csv"
    assert detect_format(sanctions / "un_consolidated_2018-10-29_DPRK_excerpt.xml") == "un-xml"
    result = load([sdn, alt])
    assert result.files == [sdn, alt]
    assert result.sha256 == hashlib.sha256(sdn.read_bytes() + alt.read_bytes()).hexdigest()


@pytest.mark.realdata
def test_filters_keep_only_matching_entries(sanctions: Path) -> None:
    files = [sanctions / "ofac_sdn_2024-05-03_DPRK_excerpt.csv"]
    china_dprk3 = load(files, filters=ImportFilters(programs={"dprk3"}, countries={"CN"})).entities
    assert china_dprk3
    assert all("DPRK3" in e.programs and "cn" in e.countries for e in china_dprk3)
    everything = load(files).entities
    expected = [e for e in everything if "DPRK3" in e.programs and "cn" in e.countries]
    assert [e.entity_id for e in china_dprk3] == [e.entity_id for e in expected]
    assert load(files, filters=ImportFilters(topics={"forced-labour"})).entities == []


def test_unknown_format_and_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown format"):
        load([Path(__file__)], "pdf")
    with pytest.raises(WatchlistFormatError, match="no such file"):
        load([tmp_path / "absent.csv"])
    odd = tmp_path / "notes.txt"
    odd.write_text("hello\n", encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match="cannot tell the format"):
        detect_format(odd)
