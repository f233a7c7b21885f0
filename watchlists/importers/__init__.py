"""Import watchlists from real-world formats into ``watchlists.model.Entity``.

    dprk = ImportFilters(countries={"kp", "cn"})
    result = load([Path("sdn.csv"), Path("alt.csv")], "ofac-csv", filters=dprk)

Every format parses its files fully in memory before returning, so a malformed file raises
``WatchlistFormatError`` (file, line, field, reason) and yields nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from watchlists.errors import WatchlistFormatError
from watchlists.importers import (
    csv_list,
    ftm_json,
    ofac_csv,
    ofac_xml,
    opensanctions_csv,
    opensanctions_nested,
    un_xml,
    yaml_list,
)
from watchlists.importers.types import ImportFilters, ImportResult, Parsed

__all__ = ["FORMATS", "ImportFilters", "ImportResult", "WatchlistFormatError", "detect_format", "load"]

PARSERS: dict[str, Callable[[list[Path]], Parsed]] = {
    "yaml": yaml_list.parse,
    "csv": csv_list.parse,
    "ofac-csv": ofac_csv.parse,
    "un-xml": un_xml.parse,
    "opensanctions-csv": opensanctions_csv.parse,
    "ftm-json": ftm_json.parse,
    "ofac-xml": ofac_xml.parse,
    "opensanctions-nested": opensanctions_nested.parse,
}
FORMATS: tuple[str, ...] = tuple(PARSERS)
_SNIFF_BYTES = 4096


def _first_line(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    return head.decode("latin-1").lstrip("\ufeff\xef\xbb\xbf").splitlines()[0] if head.strip() else ""


def detect_format(path: Path) -> str:
    """Guess a file's format from its name and first bytes; raises WatchlistFormatError if unsure."""
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        return "yaml"
    first = _first_line(path).strip()
    if suffix == ".xml" or first.startswith("<"):
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES).decode("utf-8", "replace")
        if "<sdnList" in head:
            return "ofac-xml"
        if "<CONSOLIDATED_LIST" in head:
            return "un-xml"
    elif suffix in (".json", ".jsonl", ".ndjson") or first.startswith("{"):
        # nested exports inline linked entities as objects; FtM lines only hold strings
        nested = "nested" in path.name or '"schema": "Sanction"' in first
        return "opensanctions-nested" if nested else "ftm-json"
    elif csv_list.is_header(first.split(",")):
        return "csv"
    elif first.replace('"', "").startswith("id,schema,name"):
        return "opensanctions-csv"
    elif first.split(",", 1)[0].strip().isdigit():
        return "ofac-csv"
    raise WatchlistFormatError(path, 1, None, f"cannot tell the format; pass one of {', '.join(FORMATS)}")


def _sha256(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load(paths: Sequence[Path], fmt: str | None = None, *, filters: ImportFilters | None = None) -> ImportResult:
    """Import one list from ``paths`` (several files only where the format splits a list, e.g. OFAC CSV)."""
    files = [Path(p) for p in paths]
    if not files:
        raise ValueError("load() needs at least one file")
    for path in files:
        if not path.is_file():
            raise WatchlistFormatError(path, None, None, "no such file")
    if fmt is None:
        detected = {detect_format(path) for path in files}
        if len(detected) != 1:
            raise WatchlistFormatError(files[0], None, None, f"mixed formats: {sorted(detected)}")
        fmt = detected.pop()
    parser = PARSERS.get(fmt)
    if parser is None:
        raise ValueError(f"unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")
    parsed = parser(files)
    entities = parsed.entities if filters is None else [e for e in parsed.entities if filters.keeps(e)]
    return ImportResult(
        entities=entities,
        source=parsed.source,
        files=files,
        sha256=_sha256(files),
        warnings=parsed.warnings,
        format=fmt,
        list_meta=parsed.meta,
    )
