"""OFAC legacy CSV files: ``sdn.csv`` (12 columns), ``alt.csv`` (5) and ``add.csv`` (6).

No header, cp1252 text, ``-0-`` for empty. Files are told apart by column count, so the
caller can pass them in any order. Alias rows for entries absent from the SDN file (the
files come from different dates) are counted and reported as warnings, not fatal.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from watchlists.errors import WatchlistFormatError
from watchlists.importers.common import add_alias, clean_name, clean_text, countries_from_names, unique
from watchlists.importers.types import Parsed
from watchlists.model import Entity, Schema

SOURCE = "ofac-sdn"
RULES_FILE = Path(__file__).with_name("ofac_remarks.yml")
SDN_COLUMNS, ALT_COLUMNS, ADD_COLUMNS = 12, 5, 6
EMPTY = "-0-"
SCHEMA_BY_TYPE: dict[str, Schema] = {
    "": "organization",
    "individual": "person",
    "vessel": "vessel",
    "aircraft": "aircraft",
}
ALT_KINDS = {"aka", "fka", "nka"}


@dataclass(frozen=True)
class RemarkRule:
    prefix: str
    field: str
    kind: str = "aka"


@cache
def remark_rules() -> tuple[RemarkRule, ...]:
    raw = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return tuple(RemarkRule(**rule) for rule in raw["rules"])


def _value(cell: str) -> str:
    text = clean_text(cell)
    return "" if text == EMPTY else text


def _read_rows(path: Path) -> list[tuple[int, list[str]]]:
    # OFAC publishes these files in Windows-1252; latin-1 is the fallback that cannot fail.
    raw = path.read_bytes()
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            # the real files end with a ^Z (0x1A) end-of-file marker line
            if not row or (len(row) == 1 and row[0].strip() in ("", "\x1a")):
                continue
            rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise WatchlistFormatError(path, reader.line_num, None, f"malformed CSV: {exc}") from exc
    return rows


def _split_clauses(remarks: str) -> Iterator[str]:
    for clause in remarks.split(";"):
        clause = clause.strip().rstrip(".").strip()
        if clause.lower().startswith("alt. "):
            clause = clause[5:].strip()
        if clause:
            yield clause


def _identifier(value: str) -> str:
    # "381310014 (Korea, North) expires 12 Jul 2016" -> "381310014"
    for stop in (" (", " issued ", " expires "):
        value = value.split(stop, 1)[0]
    return value.strip()


def _apply_remarks(entity: Entity, warnings: list[str], where: str) -> None:
    for clause in _split_clauses(entity.remarks):
        lowered = clause.lower()
        for rule in remark_rules():
            if not lowered.startswith(rule.prefix.lower()):
                continue
            value = clause[len(rule.prefix) :].strip().lstrip(":").strip()
            if not value:
                break
            if rule.field == "weak-alias":
                # OFAC writes weak a.k.a.s in single quotes; an unclosed quote means OFAC cut the
                # remarks short, and a cut-off name would match the wrong sellers.
                if value.startswith("'") and not value.endswith("'"):
                    warnings.append(f"{where}: remarks cut off inside alias {value!r}; alias skipped")
                else:
                    add_alias(entity.aliases, entity.name, value, "weak", rule.kind)
            elif rule.field == "website":
                entity.websites.append(value)
            elif rule.field == "email":
                entity.emails.append(value)
            elif rule.field == "phone":
                entity.phones.append(value)
            elif rule.field == "identifier":
                entity.identifiers.append(_identifier(value))
            elif rule.field == "country":
                entity.countries.extend(countries_from_names([value], warnings, where))
            break


def _sdn_entity(path: Path, line: int, row: list[str], warnings: list[str]) -> Entity:
    ent_num, name, sdn_type = row[0].strip(), clean_name(_value(row[1])), _value(row[2]).lower()
    if not ent_num.isdigit():
        raise WatchlistFormatError(path, line, "ent_num", f"not a number: {ent_num!r}")
    if not name:
        raise WatchlistFormatError(path, line, "name", "empty name")
    where = f"{path.name}:{line}"
    entity = Entity(
        entity_id=ent_num,
        source=SOURCE,
        name=name,
        schema=SCHEMA_BY_TYPE.get(sdn_type, "other"),
        programs=unique(p.strip() for p in _value(row[3]).split("] [")),
        remarks=_value(row[11]),
        topics=["sanction"],
        citation=f"OFAC SDN list, entry {ent_num}",
        evidence="designation",
    )
    flag = _value(row[9])
    if flag:
        entity.countries.extend(countries_from_names([flag], warnings, where))
    _apply_remarks(entity, warnings, where)
    for attr in ("websites", "emails", "phones", "identifiers", "countries"):
        setattr(entity, attr, unique(getattr(entity, attr)))
    return entity


def parse(paths: list[Path]) -> Parsed:
    warnings: list[str] = []
    sdn_rows: list[tuple[Path, int, list[str]]] = []
    alt_rows: list[tuple[Path, int, list[str]]] = []
    add_rows: list[tuple[Path, int, list[str]]] = []
    for path in paths:
        rows = _read_rows(path)
        if not rows:
            raise WatchlistFormatError(path, None, None, "no rows")
        width = len(rows[0][1])
        target = {SDN_COLUMNS: sdn_rows, ALT_COLUMNS: alt_rows, ADD_COLUMNS: add_rows}.get(width)
        if target is None:
            reason = f"{width} columns: not sdn.csv ({SDN_COLUMNS}), alt.csv ({ALT_COLUMNS}) or add.csv"
            raise WatchlistFormatError(path, rows[0][0], None, reason)
        for line, row in rows:
            if len(row) != width:
                raise WatchlistFormatError(path, line, None, f"expected {width} columns, got {len(row)}")
            target.append((path, line, row))
    if not sdn_rows:
        raise WatchlistFormatError(paths[0], None, None, "no sdn.csv among the files (12-column rows)")

    by_id: dict[str, Entity] = {}
    for path, line, row in sdn_rows:
        entity = _sdn_entity(path, line, row, warnings)
        if entity.entity_id in by_id:
            raise WatchlistFormatError(path, line, "ent_num", f"duplicate entry {entity.entity_id}")
        by_id[entity.entity_id] = entity

    orphans: dict[Path, list[str]] = {}
    for path, line, row in alt_rows:
        ent_num, alt_type, alt_name = row[0].strip(), _value(row[2]).lower(), _value(row[3])
        if not alt_name:
            raise WatchlistFormatError(path, line, "alt_name", "empty alias")
        if alt_type not in ALT_KINDS:
            raise WatchlistFormatError(path, line, "alt_type", f"unknown alias type {alt_type!r}")
        target_entity = by_id.get(ent_num)
        if target_entity is None:
            orphans.setdefault(path, []).append(f"{ent_num} (line {line})")
            continue
        add_alias(target_entity.aliases, target_entity.name, alt_name, "strong", alt_type)
    for path, missing in orphans.items():
        warnings.append(
            f"{path.name}: {len(missing)} alias rows point at entries missing from the SDN file: " + ", ".join(missing)
        )

    for path, line, row in add_rows:
        target_entity = by_id.get(row[0].strip())
        if target_entity is None:
            warnings.append(f"{path.name}:{line}: address for entry {row[0].strip()} missing from the SDN file")
            continue
        address = ", ".join(v for v in (_value(row[2]), _value(row[3]), _value(row[4])) if v)
        target_entity.addresses = unique([*target_entity.addresses, address])
        where = f"{path.name}:{line}"
        target_entity.countries = unique(
            [*target_entity.countries, *countries_from_names([_value(row[4])], warnings, where)]
        )
    return Parsed(entities=list(by_id.values()), source=SOURCE, warnings=warnings)
