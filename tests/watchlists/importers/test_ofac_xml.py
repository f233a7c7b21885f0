from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers import load


def test_sdn_xml_fixture(fixtures: Path) -> None:
    result = load([fixtures / "sdn_sample.xml"])
    assert result.source == "ofac-sdn"
    entities = {e.entity_id: e for e in result.entities}
    assert set(entities) == {"23476", "20565", "19789"}
    jinxiang = entities["23476"]
    assert [(a.name, a.quality) for a in jinxiang.aliases] == [
        ("DANDONG METAL COMPANY", "weak"),
        ("JINXIANG TRADING COMPANY", "strong"),
        ("CHINA DANDONG KUMSANG TRADE COMPANY, LIMITED", "strong"),
    ]
    assert jinxiang.websites == ["www.example-jinxiang.invalid"]
    assert jinxiang.identifiers == ["123456789"]  # D-U-N-S; "Secondary sanctions risk" is not an id
    assert jinxiang.countries == ["cn"]
    assert jinxiang.addresses == ["Dandong, Liaoning, China"]
    ma = entities["20565"]
    assert (ma.name, ma.schema, ma.emails, ma.phones) == (
        "Xiaohong MA",
        "person",
        ["ma@example.invalid"],
        ["86 415 0000000"],
    )
    assert ma.identifiers == ["G31122619"]  # Gender is not an identifier
    assert entities["19789"].countries == ["kp"]


def test_truncated_sdn_xml_is_rejected(fixtures: Path, tmp_path: Path) -> None:
    text = (fixtures / "sdn_sample.xml").read_text(encoding="utf-8")
    cut = tmp_path / "sdn.xml"
    cut.write_text(text[: text.index("<uid>20565</uid>")], encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=r"sdn\.xml:\d+: malformed XML"):
        load([cut], "ofac-xml")


def test_entry_without_name_is_rejected(tmp_path: Path) -> None:
    xml = tmp_path / "sdn.xml"
    xml.write_text(
        '<sdnList xmlns="http://tempuri.org/sdnList.xsd">\n<sdnEntry><uid>1</uid>'
        "<sdnType>Entity</sdnType></sdnEntry></sdnList>",
        encoding="utf-8",
    )
    with pytest.raises(WatchlistFormatError, match=r"sdn\.xml:2: field 'lastName': empty name"):
        load([xml], "ofac-xml")
