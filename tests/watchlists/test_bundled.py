from __future__ import annotations

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
