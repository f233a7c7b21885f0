"""OpenSanctions FollowTheMoney ``entities.ftm.json``: one entity per line, linked by id.

Targets (Person, Company, ...) become entities. Sanction entities point at their target
through ``entity`` and carry ``program``/``programId``/``authority``; Address entities are
pointed at through ``addressEntity``. Links are resolved in a second pass once every line
is read, because a Sanction may come before or after its target.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from watchlists.errors import WatchlistFormatError
from watchlists.importers.common import add_alias, clean_name, clean_text, unique
from watchlists.importers.types import Parsed
from watchlists.model import Alias, Entity, Schema

SOURCE = "opensanctions"
MAPPING_FILE = Path(__file__).with_name("opensanctions.yml")


@dataclass(frozen=True)
class Mapping:
    schemata: dict[str, Schema]
    auxiliary: frozenset[str]
    properties: dict[str, tuple[str, ...]]


@cache
def mapping() -> Mapping:
    raw = yaml.safe_load(MAPPING_FILE.read_text(encoding="utf-8"))
    return Mapping(
        schemata=dict(raw["schemata"]),
        auxiliary=frozenset(raw["auxiliary"]),
        properties={field: tuple(props) for field, props in raw["properties"].items()},
    )


@dataclass
class RawEntity:
    """One FtM entity as read, with where it came from for error messages."""

    data: dict[str, Any]
    path: Path
    line: int

    @property
    def id(self) -> str:
        return str(self.data["id"])

    @property
    def schema(self) -> str:
        return str(self.data["schema"])

    def props(self, *names: str) -> list[str]:
        values: list[str] = []
        properties = self.data.get("properties") or {}
        for name in names:
            for value in properties.get(name) or []:
                if isinstance(value, str):
                    values.append(value)
        return values


def check_entity(data: object, path: Path, line: int) -> dict[str, Any]:
    """The fields every FtM entity must have, with a clear error when one is missing."""
    if not isinstance(data, dict):
        raise WatchlistFormatError(path, line, None, "expected a JSON object")
    for key in ("id", "schema"):
        if not isinstance(data.get(key), str) or not data[key]:
            raise WatchlistFormatError(path, line, key, "missing or not a string")
    properties = data.get("properties", {})
    if not isinstance(properties, dict):
        raise WatchlistFormatError(path, line, "properties", "expected an object")
    for name, values in properties.items():
        if not isinstance(values, list):
            raise WatchlistFormatError(path, line, f"properties.{name}", "expected a list of values")
    return data


def read_lines(path: Path) -> list[tuple[int, object]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise WatchlistFormatError(path, None, None, f"not UTF-8: {exc.reason}") from exc
    rows: list[tuple[int, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append((number, json.loads(line)))
        except json.JSONDecodeError as exc:
            raise WatchlistFormatError(path, number, None, f"invalid JSON: {exc.msg} (column {exc.colno})") from exc
    return rows


def _to_entity(raw: RawEntity, schema: Schema, links: dict[str, list[RawEntity]]) -> Entity:
    m = mapping().properties
    names = [clean_name(n) for n in raw.props("name")]
    caption = clean_name(raw.data.get("caption") if isinstance(raw.data.get("caption"), str) else "")
    primary = caption or next((n for n in names if n), "")
    if not primary:
        raise WatchlistFormatError(raw.path, raw.line, "properties.name", "entity has no name")
    aliases: list[Alias] = []
    for name in names:
        add_alias(aliases, primary, name)
    for name in raw.props(*m["strong-alias"]):
        add_alias(aliases, primary, name)
    for name in raw.props(*m["weak-alias"]):
        add_alias(aliases, primary, name, "weak")
    for name in raw.props(*m["previous-name"]):
        add_alias(aliases, primary, name, "strong", "previous")
    programs: list[str] = []
    remarks = [clean_text(v) for v in raw.props(*m["remark"])]
    addresses = [clean_text(v) for v in raw.props(*m["address"])]
    identifiers = [clean_text(v) for v in raw.props(*m["identifier"])]
    for linked in links.get(raw.id, []):
        if linked.schema == "Sanction":
            programs.extend(clean_text(v) for v in linked.props("programId") or linked.props("program"))
            authority = "; ".join(clean_text(v) for v in linked.props("authority"))
            if authority:
                remarks.append(f"sanctioned by {authority}")
        elif linked.schema == "Address":
            addresses.extend(clean_text(v) for v in linked.props("full") or linked.props("street", "city"))
        elif linked.schema in ("Identification", "Passport"):
            identifiers.extend(clean_text(v) for v in linked.props("number"))
    topics = unique(clean_text(v) for v in raw.props(*m["topic"]))
    sanctioned = any(link.schema == "Sanction" for link in links.get(raw.id, [])) or "sanction" in topics
    datasets = [d for d in raw.data.get("datasets") or [] if isinstance(d, str)]
    return Entity(
        entity_id=raw.id,
        source=SOURCE,
        name=primary,
        schema=schema,
        aliases=aliases,
        identifiers=unique(identifiers),
        phones=unique(clean_text(v) for v in raw.props(*m["phone"])),
        emails=unique(clean_text(v) for v in raw.props(*m["email"])),
        websites=unique(clean_text(v) for v in raw.props(*m["website"])),
        addresses=unique(addresses),
        countries=unique(clean_text(v).lower() for v in raw.props(*m["country"])),
        programs=unique(programs),
        topics=topics,
        citation=f"OpenSanctions entity {raw.id}" + (f" ({', '.join(datasets)})" if datasets else ""),
        # "designation" only when a sanction is attached; other OpenSanctions entries are list entries
        evidence="designation" if sanctioned else "listing",
        remarks=" | ".join(unique(remarks)),
    )


def resolve(raws: list[RawEntity]) -> Parsed:
    """Second pass: attach Sanction/Address/Identification entities to their targets."""
    m = mapping()
    warnings: list[str] = []
    by_id: dict[str, RawEntity] = {}
    for raw in raws:
        if raw.id in by_id:
            first = by_id[raw.id]
            reason = f"duplicate id {raw.id!r} (first at {first.path.name}:{first.line})"
            raise WatchlistFormatError(raw.path, raw.line, "id", reason)
        by_id[raw.id] = raw
    links: dict[str, list[RawEntity]] = {}
    for raw in raws:
        if raw.schema == "Sanction":
            for target in raw.props("entity"):
                links.setdefault(target, []).append(raw)
        elif raw.schema in ("Identification", "Passport"):
            for holder in raw.props("holder"):
                links.setdefault(holder, []).append(raw)
        for address_id in raw.props("addressEntity"):
            address = by_id.get(address_id)
            if address is None:
                warnings.append(f"{raw.path.name}:{raw.line}: addressEntity {address_id!r} not in the file")
            else:
                links.setdefault(raw.id, []).append(address)
    entities: list[Entity] = []
    for raw in raws:
        schema = m.schemata.get(raw.schema)
        if schema is not None:
            entities.append(_to_entity(raw, schema, links))
        elif raw.schema not in m.auxiliary:
            warnings.append(f"{raw.path.name}:{raw.line}: schema {raw.schema!r} not imported")
    missing = sorted(target for target in links if target not in by_id)
    if missing:
        warnings.append(f"{len(missing)} linked targets are not in the file: {', '.join(missing)}")
    return Parsed(entities=entities, source=SOURCE, warnings=warnings)


def parse(paths: list[Path]) -> Parsed:
    raws = [RawEntity(check_entity(data, path, line), path, line) for path in paths for line, data in read_lines(path)]
    return resolve(raws)
