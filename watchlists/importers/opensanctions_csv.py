"""OpenSanctions ``targets.simple.csv``.

Columns as the zavod SimpleCSVExporter writes them: id, schema, name, aliases, birth_date,
countries, addresses, identifiers, sanctions, phones, emails, dataset, first_seen, last_seen,
last_change. Multi-valued cells are themselves little CSV rows with ``;`` as separator (so a
value containing ``;`` is quoted). Each value of the ``sanctions`` cell is one Sanction written
by the exporter's ``sanction_text``: its program, reason, status, start and end date joined with
" - ", empty parts left out ("DPRK3 - Secondary sanctions risk - 2016-07-06"). An entity's programs
are the first part of each sanction plus the optional newer ``program_ids`` column; a program
whose own name contains " - " keeps only its first part, and a sanction exported without a
program would contribute its reason, because the text itself cannot tell them apart.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from watchlists.errors import WatchlistFormatError
from watchlists.importers.common import add_alias, clean_name, clean_text, unique
from watchlists.importers.ftm_json import mapping
from watchlists.importers.types import Parsed, combine
from watchlists.model import Alias, Entity

SOURCE = "opensanctions"
REQUIRED = ("id", "schema", "name", "aliases", "countries", "addresses", "identifiers", "phones", "emails")
KNOWN = {
    *REQUIRED,
    *("birth_date", "sanctions", "sanction", "dataset", "first_seen", "last_seen", "last_change"),
    *("topics", "program_ids"),
}


def _multi(cell: str) -> list[str]:
    if not cell:
        return []
    row = next(csv.reader([cell], delimiter=";"), [])
    return [clean_text(v) for v in row if clean_text(v)]


SANCTION_PARTS = " - "


def sanction_programs(sanctions: list[str]) -> list[str]:
    """The program of each sanction text: its first " - " part."""
    return unique(clean_text(text.split(SANCTION_PARTS, 1)[0]) for text in sanctions)


def parse_file(path: Path) -> Parsed:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise WatchlistFormatError(path, None, None, f"not UTF-8: {exc.reason}") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise WatchlistFormatError(path, 1, None, f"missing columns: {', '.join(missing)}")
    unknown = [c for c in header if c not in KNOWN]
    if unknown:
        raise WatchlistFormatError(path, 1, None, f"unknown columns: {', '.join(unknown)}")
    schemata = mapping().schemata
    entities: list[Entity] = []
    warnings: list[str] = []
    lines: dict[str, int | None] = {}
    try:
        for row in reader:
            line = reader.line_num
            if None in row or any(v is None for v in row.values()):
                raise WatchlistFormatError(path, line, None, f"expected {len(header)} columns")
            entity_id, name = clean_text(row["id"]), clean_name(row["name"])
            if not entity_id:
                raise WatchlistFormatError(path, line, "id", "empty id")
            if not name:
                raise WatchlistFormatError(path, line, "name", "empty name")
            if entity_id in lines:
                reason = f"duplicate id {entity_id!r} (first on line {lines[entity_id]})"
                raise WatchlistFormatError(path, line, "id", reason)
            lines[entity_id] = line
            schema = schemata.get(clean_text(row["schema"]))
            if schema is None:
                warnings.append(f"{path.name}:{line}: schema {row['schema']!r} not imported")
                continue
            aliases: list[Alias] = []
            for alias in _multi(row["aliases"]):
                add_alias(aliases, name, alias)
            sanctions = _multi(row.get("sanctions") or row.get("sanction") or "")
            topics = _multi(row.get("topics") or "")
            datasets = _multi(row.get("dataset") or "")
            entities.append(
                Entity(
                    entity_id=entity_id,
                    source=SOURCE,
                    name=name,
                    schema=schema,
                    aliases=aliases,
                    identifiers=unique(_multi(row["identifiers"])),
                    phones=unique(_multi(row["phones"])),
                    emails=unique(_multi(row["emails"])),
                    addresses=unique(_multi(row["addresses"])),
                    countries=unique(c.lower() for c in _multi(row["countries"])),
                    programs=unique([*sanction_programs(sanctions), *_multi(row.get("program_ids") or "")]),
                    topics=unique(topics or (["sanction"] if sanctions else [])),
                    citation=f"OpenSanctions entity {entity_id} ({'; '.join(datasets) or 'no dataset'})",
                    evidence="designation" if sanctions else "listing",
                    remarks=" | ".join(sanctions),
                )
            )
    except csv.Error as exc:
        raise WatchlistFormatError(path, reader.line_num, None, f"malformed CSV: {exc}") from exc
    return Parsed(entities=entities, source=SOURCE, warnings=warnings, lines=lines)


def parse(paths: list[Path]) -> Parsed:
    return combine([(path, parse_file(path)) for path in paths], SOURCE)
