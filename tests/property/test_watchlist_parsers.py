"""Watchlist parsers: any file, however broken, is read or refused with a WatchlistFormatError that
names it; nothing else escapes."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from watchlists.errors import WatchlistFormatError
from watchlists.importers import csv_list, ftm_json, ofac_csv, ofac_xml, opensanctions_csv, un_xml, yaml_list
from watchlists.importers.types import Parsed

FIXTURES = Path(__file__).resolve().parents[1] / "watchlists" / "fixtures"
PARSERS: dict[str, tuple[Callable[[list[Path]], Parsed], str, str]] = {
    # name: (parse, file name, a real sample whose lines the examples cut and splice)
    "yaml": (yaml_list.parse, "list.yml", "ours.yml"),
    "csv": (csv_list.parse, "list.csv", "ours.csv"),
    "ftm-json": (ftm_json.parse, "entities.ftm.json", "entities.ftm.json"),
    "opensanctions-csv": (opensanctions_csv.parse, "targets.simple.csv", "targets.simple.csv"),
    "ofac-xml": (ofac_xml.parse, "sdn.xml", "sdn_sample.xml"),
    "un-xml": (un_xml.parse, "consolidated.xml", "sdn_sample.xml"),
    "ofac-csv": (ofac_csv.parse, "sdn.csv", "ours.csv"),
}


def mutated(sample: str) -> st.SearchStrategy[str]:
    """The sample's lines, some dropped, repeated, cut short or replaced by junk."""
    lines = sample.splitlines(keepends=True)
    halves = st.sampled_from(lines).map(lambda s: s[: len(s) // 2])
    line = st.one_of(st.sampled_from(lines), halves, st.text(max_size=30))
    return st.lists(line, max_size=len(lines) + 5).map("".join)


# Crashes these tests found in parsers this work does not own, reported to their owner; strict, so
# the mark must go once the parser is fixed.
FOUND = {
    "yaml": "yaml_list._compose catches MarkedYAMLError only: a control character (input '\\x1f') raises "
    "yaml.reader.ReaderError",
    "opensanctions-csv": "opensanctions_csv.parse_file: an unclosed quote in the header line raises _csv.Error "
    "('unexpected end of data')",
}


def cases() -> list[object]:
    return [
        pytest.param(name, marks=pytest.mark.xfail(strict=True, reason=FOUND[name])) if name in FOUND else name
        for name in sorted(PARSERS)
    ]


@pytest.mark.parametrize("name", cases())
def test_a_broken_list_is_read_or_refused_with_its_file_named(name: str) -> None:
    parse, file_name, sample_name = PARSERS[name]
    sample = (FIXTURES / sample_name).read_text(encoding="utf-8")

    @given(mutated(sample))
    def check(text: str) -> None:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / file_name
            path.write_text(text, encoding="utf-8", errors="surrogatepass")
            refusal = ""
            try:
                parse([path])
            except WatchlistFormatError as exc:
                refusal = str(exc)
            assert not refusal or path.name in refusal

    check()
