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


def _one_entry(tmp_path: Path, ids: str, akas: str = "") -> Path:
    xml = tmp_path / "sdn.xml"
    xml.write_text(
        '<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">\n'
        "<sdnEntry><uid>9</uid><lastName>KOREA EXAMPLE SHIPPING CO</lastName><sdnType>Entity</sdnType>\n"
        f"<idList>\n{ids}</idList>\n<akaList>\n{akas}</akaList>\n</sdnEntry></sdnList>\n",
        encoding="utf-8",
    )
    return xml


def _id(id_type: str, number: str) -> str:
    return f"<id><idType>{id_type}</idType><idNumber>{number}</idNumber></id>\n"


def test_descriptive_id_types_are_not_identifiers(tmp_path: Path) -> None:
    ids = (
        _id("Organization Type:", "Manufacture of wearing apparel")
        + _id("Organization Established Date", "2009")
        + _id("Vessel Year of Build", "1994")
        + _id("Target Type", "State-Owned Enterprise")
        + _id("Registration Number", "210600000012345")
        + _id("Vessel Registration Identification", "IMO 9999999")
    )
    result = load([_one_entry(tmp_path, ids)], "ofac-xml")
    (entity,) = result.entities
    assert entity.identifiers == ["210600000012345", "IMO 9999999"]
    assert result.warnings == []


def test_contact_id_types_fill_contact_fields(tmp_path: Path) -> None:
    ids = _id("Website", "www.example.invalid") + _id("Email Address", "a@example.invalid") + _id("Telephone", "86 1")
    (entity,) = load([_one_entry(tmp_path, ids)], "ofac-xml").entities
    assert (entity.websites, entity.emails, entity.phones, entity.identifiers) == (
        ["www.example.invalid"],
        ["a@example.invalid"],
        ["86 1"],
        [],
    )


def test_unknown_id_type_is_a_warning_not_an_identifier(tmp_path: Path) -> None:
    result = load([_one_entry(tmp_path, _id("Hull Colour", "grey"))], "ofac-xml")
    assert result.entities[0].identifiers == []
    (warning,) = result.warnings
    assert warning.startswith("sdn.xml:4: unknown idType 'Hull Colour'")


def test_unknown_aka_type_keeps_the_name_and_warns(tmp_path: Path) -> None:
    akas = (
        "<aka><type>f.k.a.</type><category>strong</category><lastName>OLD NAME CO</lastName></aka>\n"
        "<aka><type>pseudonym</type><category>weak</category><lastName>KESC</lastName></aka>\n"
    )
    result = load([_one_entry(tmp_path, "", akas)], "ofac-xml")
    assert [(a.name, a.kind) for a in result.entities[0].aliases] == [("OLD NAME CO", "fka"), ("KESC", "pseudonym")]
    assert result.warnings == ["sdn.xml:7: unknown aka type 'pseudonym'; kept as kind 'pseudonym'"]


def test_same_uid_in_two_files_is_refused(fixtures: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.xml"
    copy.write_text((fixtures / "sdn_sample.xml").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(WatchlistFormatError, match=r"copy\.xml:7: .*'23476' \(first at sdn_sample\.xml:7\)"):
        load([fixtures / "sdn_sample.xml", copy], "ofac-xml")
