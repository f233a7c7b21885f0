"""Our own flat CSV format, one entity per row, ``;`` between values of a multi-valued column.

The header names the columns, in any order; only ``name`` is required, and a column we do not know
is an error (a typo must not silently drop a field). Columns: entity_id, name, aliases, schema,
countries, programs, phones, emails, websites, identifiers, citation, evidence. Without an
``entity_id`` column each entry's id is derived from its name (``name:`` and 12 hex digits of the
SHA-256 of the case-folded name), so it stays the same from one import to the next.

The list name (each entity's ``source``) is the file name without its extension, so several
files are one import only when they share that name (e.g. ``a/ours.csv`` and ``b/ours.csv``).
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from pydantic import ValidationError

from watchlists.errors import WatchlistFormatError
from watchlists.importers.record import EntityRecord, first_error
from watchlists.importers.types import Parsed, combine
from watchlists.model import Entity

HEADER = [
    *("entity_id", "name", "aliases", "schema", "countries", "programs"),
    *("phones", "emails", "websites", "identifiers", "citation", "evidence"),
]
MULTI_VALUED = {"aliases", "countries", "programs", "phones", "emails", "websites", "identifiers"}


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_file(path: Path) -> Parsed:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WatchlistFormatError(path, None, None, f"not UTF-8: {exc.reason}") from exc
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    entities: list[Entity] = []
    seen: dict[str, int] = {}
    try:
        header = _header(path, next(reader, None))
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                raise WatchlistFormatError(path, line, None, f"expected {len(header)} columns, got {len(row)}")
            raw = dict(zip(header, row, strict=True))
            data: dict[str, object] = {
                key: _split(value) if key in MULTI_VALUED else value.strip() for key, value in raw.items()
            }
            if not data.get("schema"):
                data.pop("schema", None)
            if "entity_id" not in raw and isinstance(data.get("name"), str) and data["name"]:
                data["entity_id"] = name_id(str(data["name"]))
            try:
                record = EntityRecord.model_validate(data)
            except ValidationError as exc:
                field, reason = first_error(exc)
                raise WatchlistFormatError(path, line, field, reason) from exc
            if record.entity_id in seen:
                reason = f"duplicate entity_id (first on line {seen[record.entity_id]})"
                raise WatchlistFormatError(path, line, "entity_id", reason)
            seen[record.entity_id] = line
            entities.append(record.to_entity(path.stem))
    except csv.Error as exc:
        raise WatchlistFormatError(path, reader.line_num, None, f"malformed CSV: {exc}") from exc
    return Parsed(entities=entities, source=path.stem, lines=dict(seen))


def is_header(cells: list[str]) -> bool:
    """True for a header row of our format: ``name`` and only columns we know."""
    names = [c.strip() for c in cells]
    return "name" in names and set(names) <= set(HEADER) and len(set(names)) == len(names)


def name_id(name: str) -> str:
    return "name:" + hashlib.sha256(" ".join(name.casefold().split()).encode("utf-8")).hexdigest()[:12]


def _header(path: Path, row: list[str] | None) -> list[str]:
    if row is None:
        raise WatchlistFormatError(path, 1, None, "empty file: the first row names the columns ('name' required)")
    names = [cell.strip() for cell in row]
    unknown = [n for n in names if n not in HEADER]
    if unknown:
        raise WatchlistFormatError(path, 1, unknown[0], f"unknown column; known: {', '.join(HEADER)}")
    if len(set(names)) != len(names):
        duplicate = next(n for n in names if names.count(n) > 1)
        raise WatchlistFormatError(path, 1, duplicate, "column named twice")
    if "name" not in names:
        raise WatchlistFormatError(path, 1, "name", "the header needs a 'name' column")
    return names


def parse(paths: list[Path]) -> Parsed:
    return combine([(path, parse_file(path)) for path in paths])
