from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from watchlists.errors import WatchlistFormatError
from watchlists.importers import load

UN = "un_consolidated_2018-10-29_DPRK_excerpt.xml"


def _raw_alias_names(element: etree._Element) -> set[str]:
    """Distinct non-empty alias names, minus any that repeat the primary name."""
    parts = [element.findtext(tag) or "" for tag in ("FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME")]
    primary = " ".join(" ".join(parts).split()).casefold()
    names = set()
    for alias in element.iter("ENTITY_ALIAS", "INDIVIDUAL_ALIAS"):
        text = " ".join((alias.findtext("ALIAS_NAME") or "").split()).strip("\"'")
        if text:
            names.add(text.casefold())
    return names - {primary}


@pytest.mark.realdata
def test_counts_match_raw_xml(sanctions: Path) -> None:
    root = etree.parse(str(sanctions / UN)).getroot()
    raw_entities = root.findall("ENTITIES/ENTITY")
    raw_people = root.findall("INDIVIDUALS/INDIVIDUAL")
    result = load([sanctions / UN])
    assert result.source == "un-sc"
    assert len(raw_entities) == 75
    assert len(raw_people) == 80
    assert len(result.entities) == len(raw_entities) + len(raw_people)
    assert sum(e.schema == "organization" for e in result.entities) == 75
    # distinct non-empty alias names per entry, measured from the raw XML
    expected = sum(len(_raw_alias_names(el)) for el in [*raw_entities, *raw_people])
    assert sum(len(e.aliases) for e in result.entities) == expected == 169


@pytest.mark.realdata
def test_real_world_mess_is_cleaned(sanctions: Path) -> None:
    entities = {e.entity_id: e for e in load([sanctions / UN]).entities}
    assert "KPe.053" in entities  # written "KPe.053 " in the file
    assert entities["KPe.053"].name == "PROPAGANDA AND AGITATION DEPARTMENT (PAD)"
    names = {a.name for e in entities.values() for a in e.aliases}
    assert "KOMID" in names  # quoted '"KOMID"' in the file
    assert "Choson International Chemicals Joint Operation Company" in names  # had a line break
    assert "華信船務(香港)有限公司" in names  # Traditional Chinese, trailing space removed
    assert all(n == " ".join(n.split()) for n in names)
    assert all(e.programs == ["DPRK"] for e in entities.values())


def test_low_quality_alias_is_weak_and_original_script_kept(tmp_path: Path) -> None:
    xml = tmp_path / "un.xml"
    xml.write_text(
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><FIRST_NAME>KIM</FIRST_NAME>"
        "<SECOND_NAME>CHOL\n   SAM</SECOND_NAME><UN_LIST_TYPE>DPRK</UN_LIST_TYPE>"
        "<REFERENCE_NUMBER>KPi.035 </REFERENCE_NUMBER><NAME_ORIGINAL_SCRIPT>김철삼</NAME_ORIGINAL_SCRIPT>"
        "<INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>'Kim C.'</ALIAS_NAME></INDIVIDUAL_ALIAS>"
        "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Kim Chol-sam</ALIAS_NAME></INDIVIDUAL_ALIAS>"
        "</INDIVIDUAL></INDIVIDUALS></CONSOLIDATED_LIST>",
        encoding="utf-8",
    )
    (person,) = load([xml]).entities
    assert (person.entity_id, person.name, person.schema) == ("KPi.035", "KIM CHOL SAM", "person")
    assert [(a.name, a.quality, a.kind) for a in person.aliases] == [
        ("김철삼", "strong", "original-script"),
        ("Kim C.", "weak", "aka"),
        ("Kim Chol-sam", "strong", "aka"),
    ]


@pytest.mark.realdata
def test_truncated_xml_is_rejected_with_line(sanctions: Path, tmp_path: Path) -> None:
    data = (sanctions / UN).read_bytes()
    cut = tmp_path / "un.xml"
    cut.write_bytes(data[: len(data) // 2])
    with pytest.raises(WatchlistFormatError, match=r"un\.xml:\d+: malformed XML") as info:
        load([cut], "un-xml")
    assert isinstance(info.value.line, int)
