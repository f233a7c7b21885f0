from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers import load

GOOD_ENTRY = """  - entity_id: t-1
    name: A CO
    citation: somewhere
    evidence: report
"""


def _write(tmp_path: Path, entities: str) -> Path:
    path = tmp_path / "list.yml"
    path.write_text(f"list:\n  name: t\n  publisher: p\nentities:\n{entities}", encoding="utf-8")
    return path


def test_fixture_loads_with_alias_quality_and_kind(fixtures: Path) -> None:
    result = load([fixtures / "ours.yml"])
    assert result.source == "test-list"
    first, second = result.entities
    assert [(a.name, a.quality, a.kind) for a in first.aliases] == [
        ("JINXIANG TRADING COMPANY", "strong", "aka"),
        ("DANDONG METAL COMPANY", "weak", "aka"),
        ("丹东金祥贸易有限公司", "strong", "translation"),
    ]
    assert (second.schema, second.topics, second.evidence) == ("place", ["border-hub"], "research")


def test_unknown_key_reports_the_entity_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_ENTRY + "  - entity_id: t-2\n    name: B CO\n    citaton: typo\n")
    with pytest.raises(WatchlistFormatError, match=r"list\.yml:9: field 'citaton': unknown key") as info:
        load([path])
    assert info.value.line == 9


@pytest.mark.parametrize(
    ("entry", "field"),
    [
        ("  - entity_id: t-2\n    name: B\n    evidence: report\n", "citation"),
        ("  - entity_id: t-2\n    name: B\n    citation: c\n    evidence: rumour\n", "evidence"),
        ("  - entity_id: t-2\n    name: B\n    schema: shop\n    citation: c\n    evidence: report\n", "schema"),
        ("  - entity_id: t-1\n    name: B\n    citation: c\n    evidence: report\n", "entity_id"),
    ],
)
def test_bad_entries_are_rejected(tmp_path: Path, entry: str, field: str) -> None:
    with pytest.raises(WatchlistFormatError, match=r"list\.yml:9: ") as info:
        load([_write(tmp_path, GOOD_ENTRY + entry)])
    assert info.value.field == field


def test_invalid_yaml_gives_line(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD_ENTRY + "  - entity_id: [unclosed\n")
    with pytest.raises(WatchlistFormatError, match=r"list\.yml:\d+: invalid YAML") as info:
        load([path])
    assert isinstance(info.value.line, int)
