"""Our own flat CSV format, one entity per row, ``;`` between values of a multi-valued column.

The list name (each entity's ``source``) is the file name without its extension, so several
files are one import only when they share that name (e.g. ``a/ours.csv`` and ``b/ours.csv``).
"""

from __future__ import annotations

import csv
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
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != HEADER:
            raise WatchlistFormatError(path, 1, None, f"header must be: {','.join(HEADER)}")
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(HEADER):
                raise WatchlistFormatError(path, line, None, f"expected {len(HEADER)} columns, got {len(row)}")
            raw = dict(zip(HEADER, row, strict=True))
            data: dict[str, object] = {
                key: _split(value) if key in MULTI_VALUED else value.strip() for key, value in raw.items()
            }
            if not data["schema"]:
                data.pop("schema")
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


def parse(paths: list[Path]) -> Parsed:
    return combine([(path, parse_file(path)) for path in paths])
