from __future__ import annotations

from pathlib import Path

import pytest

from watchlists.errors import WatchlistFormatError
from watchlists.importers.types import Parsed, combine
from watchlists.model import Entity


def _part(source: str, *ids: str, meta: dict[str, str] | None = None) -> Parsed:
    entities = [Entity(entity_id=i, source=source, name=f"NAME {i}") for i in ids]
    return Parsed(entities=entities, source=source, lines={i: n for n, i in enumerate(ids, start=3)}, meta=meta or {})


def test_fixed_source_is_given_to_every_entity() -> None:
    parsed = combine([(Path("a.xml"), _part("ofac-sdn", "1")), (Path("b.xml"), _part("ofac-sdn", "2"))], "ofac-sdn")
    assert parsed.source == "ofac-sdn"
    assert [e.source for e in parsed.entities] == ["ofac-sdn", "ofac-sdn"]


def test_files_declaring_different_lists_are_refused() -> None:
    parts = [(Path("lista.yml"), _part("lista", "1")), (Path("listb.yml"), _part("listb", "2"))]
    with pytest.raises(WatchlistFormatError, match=r"listb\.yml: .*'listb' but lista\.yml declares 'lista'"):
        combine(parts)


def test_duplicate_id_across_files_names_both_places() -> None:
    parts = [(Path("a.yml"), _part("l", "x", "y")), (Path("b.yml"), _part("l", "z", "y"))]
    with pytest.raises(
        WatchlistFormatError, match=r"b\.yml:4: field 'entity_id': duplicate .*'y' \(first at a\.yml:4\)"
    ):
        combine(parts)


def test_metadata_is_merged_and_must_agree() -> None:
    a = _part("l", "1", meta={"publisher": "p"})
    b = _part("l", "2", meta={"publisher": "p", "url": "u"})
    assert combine([(Path("a.yml"), a), (Path("b.yml"), b)]).meta == {"publisher": "p", "url": "u"}
    c = _part("l", "3", meta={"publisher": "q"})
    with pytest.raises(
        WatchlistFormatError, match=r"c\.yml: field 'list\.publisher': .*'q' differs from 'p' in a\.yml"
    ):
        combine([(Path("a.yml"), a), (Path("c.yml"), c)])
