from __future__ import annotations

import re

from watchlists.bundled import bundled_paths, load_bundled

EVIDENCE = {"designation", "report", "research"}


def test_bundled_list_loads_and_every_entry_is_sourced() -> None:
    assert all(path.is_file() for path in bundled_paths())
    result = load_bundled()
    assert result.source == "originwatch"
    assert len(result.entities) >= 20
    for entity in result.entities:
        assert entity.citation, entity.entity_id
        assert entity.evidence in EVIDENCE, entity.entity_id


def test_bundled_list_covers_camp_prison_bodies_and_hubs() -> None:
    entities = {e.entity_id: e for e in load_bundled().entities}
    camp = entities["ow-place-chongori-kyohwaso-12"]
    assert camp.evidence == "report"
    assert "NKHR" in camp.citation
    assert {"Jongori", "전거리 교화소"} <= {a.name for a in camp.aliases}
    for ent_num in ("19789", "19790", "20129", "20118", "23476", "22603", "20564"):
        entry = entities[f"ow-ofac-{ent_num}"]
        assert entry.evidence == "designation"
        assert ent_num in entry.citation
    for hub in ("dandong", "hunchun"):
        assert entities[f"ow-place-{hub}"].topics == ["border-hub"]
        assert entities[f"ow-place-{hub}"].schema == "place"


def test_our_own_script_renderings_are_marked_translation() -> None:
    entities = {e.entity_id: e for e in load_bundled().entities}
    kinds = {a.name: a.kind for a in entities["ow-ofac-23476"].aliases}
    assert kinds["丹东金祥贸易有限公司"] == "translation"


def test_dandong_citation_states_each_entrys_own_programme() -> None:
    entities = {e.entity_id: e for e in load_bundled().entities}
    citation = entities["ow-place-dandong"].citation
    cited = {
        ent_num: program
        for program, ent_nums in re.findall(r"(DPRK\d|NPWMD):? \(?([\d, ]+)", citation)
        for ent_num in ent_nums.replace(" ", "").split(",")
    }
    assert len(cited) == 10
    for ent_num, program in cited.items():
        assert entities[f"ow-ofac-{ent_num}"].programs == [program], ent_num


def test_forms_no_source_gives_are_not_original_script() -> None:
    camp = {e.entity_id: e for e in load_bundled().entities}["ow-place-chongori-kyohwaso-12"]
    kinds = {a.name: a.kind for a in camp.aliases}
    assert kinds["全巨里第十二號敎化所"] == "translation"


def test_bundled_list_metadata_is_carried() -> None:
    assert load_bundled().list_meta["publisher"] == "originwatch maintainers"
