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


def _write_list(path: Path, name: str, entity_id: str) -> Path:
    path.write_text(
        f"list:\n  name: {name}\n  publisher: p\n  url: https://example.invalid/list\n"
        f"entities:\n  - entity_id: {entity_id}\n    name: A CO\n    citation: c\n    evidence: report\n",
        encoding="utf-8",
    )
    return path


def test_list_metadata_travels_with_the_import(fixtures: Path, tmp_path: Path) -> None:
    assert load([fixtures / "ours.yml"]).list_meta == {"publisher": "tests"}
    result = load([_write_list(tmp_path / "l.yml", "t", "t-1")])
    assert result.list_meta == {"publisher": "p", "url": "https://example.invalid/list"}


def test_two_files_of_one_list_are_one_source(tmp_path: Path) -> None:
    part1 = _write_list(tmp_path / "part1.yml", "shared", "s-1")
    part2 = _write_list(tmp_path / "part2.yml", "shared", "s-2")
    result = load([part1, part2])
    assert result.source == "shared"
    assert [(e.entity_id, e.source) for e in result.entities] == [("s-1", "shared"), ("s-2", "shared")]


def test_files_of_different_lists_are_refused(tmp_path: Path) -> None:
    lista = _write_list(tmp_path / "lista.yml", "lista", "a-1")
    listb = _write_list(tmp_path / "listb.yml", "listb", "b-1")
    with pytest.raises(WatchlistFormatError, match=r"listb\.yml: field 'list\.name': declares list 'listb'"):
        load([lista, listb])


def test_duplicate_id_in_a_second_file_is_refused(tmp_path: Path) -> None:
    part1 = _write_list(tmp_path / "part1.yml", "shared", "s-1")
    part2 = _write_list(tmp_path / "part2.yml", "shared", "s-1")
    with pytest.raises(
        WatchlistFormatError, match=r"part2\.yml:6: .*duplicate entity_id 's-1' \(first at part1\.yml:6\)"
    ):
        load([part1, part2])
