from __future__ import annotations

import pytest
from sqlite_utils import Database

from db.watchlists import current_version_id, diff_versions, list_versions, load_entities, record_import
from watchlists.model import Alias, Entity


def entity(entity_id: str, name: str, *aliases: str) -> Entity:
    return Entity(entity_id=entity_id, source="test-list", name=name, aliases=[Alias(a) for a in aliases])


def test_import_round_trips_entities(db: Database) -> None:
    ent = entity("23476", "DANDONG JINXIANG TRADE CO., LTD.", "CHINA DANDONG KUMSANG TRADE COMPANY, LIMITED")
    ent.phones.append("+86 415 000 0000")
    ent.aliases.append(Alias("KUMSANG", quality="weak"))
    version = record_import(db, source="test-list", fmt="yaml", files=["a.yml"], sha256="x", entities=[ent])
    assert current_version_id(db) == version
    (loaded,) = load_entities(db)
    assert loaded == ent
    assert list_versions(db)[0]["entity_count"] == 1
    assert list_versions(db)[0]["alias_count"] == 2


def test_reimport_replaces_current_list_and_diff_shows_changes(db: Database) -> None:
    v1 = record_import(
        db, source="test-list", fmt="yaml", files=[], sha256="1",
        entities=[entity("1", "ALPHA TRADING"), entity("2", "BETA CORP")],
    )  # fmt: skip
    v2 = record_import(
        db, source="test-list", fmt="yaml", files=[], sha256="2",
        entities=[entity("2", "BETA CORPORATION"), entity("3", "GAMMA")],
    )  # fmt: skip
    assert sorted(e.entity_id for e in load_entities(db)) == ["2", "3"]
    changes = diff_versions(db, v1, v2)
    assert [r["entity_id"] for r in changes["added"]] == ["3"]
    assert [r["entity_id"] for r in changes["removed"]] == ["1"]
    assert [r["entity_id"] for r in changes["changed"]] == ["2"]


def test_duplicate_ids_import_nothing(db: Database) -> None:
    with pytest.raises(ValueError, match="duplicate entity id"):
        record_import(db, source="s", fmt="csv", files=[], sha256="x", entities=[entity("1", "A"), entity("1", "B")])
    assert list_versions(db) == []
    assert load_entities(db) == []


def test_diff_of_unknown_version(db: Database) -> None:
    with pytest.raises(KeyError):
        diff_versions(db, 1, 2)
