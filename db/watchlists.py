"""Watchlist versions and entities.

Each import is a version (source, file hash, date, counts). The current list of a source is its
entities as of its newest import; entities are keyed by (source, entity_id).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from db.connection import writing
from db.util import dumps, insert, loads, now, table
from watchlists.model import Alias, Entity

LIST_FIELDS = (
    "identifiers", "phones", "emails", "websites", "addresses", "countries", "programs", "topics",
)  # fmt: skip


def _entity_row(entity: Entity) -> dict[str, Any]:
    row: dict[str, Any] = {
        "source": entity.source,
        "entity_id": entity.entity_id,
        "schema": entity.schema,
        "name": entity.name,
        "aliases": dumps([asdict(a) for a in entity.aliases]),
        "citation": entity.citation,
        "evidence": entity.evidence,
        "remarks": entity.remarks,
    }
    for f in LIST_FIELDS:
        row[f] = dumps(getattr(entity, f))
    row["content_hash"] = hashlib.sha256(dumps(row).encode("utf-8")).hexdigest()
    return row


def _entity(row: Mapping[str, Any]) -> Entity:
    return Entity(
        entity_id=row["entity_id"],
        source=row["source"],
        name=row["name"],
        schema=row["schema"] or "organization",
        aliases=[Alias(**a) for a in loads(row["aliases"], [])],
        citation=row["citation"] or "",
        evidence=row["evidence"] or "",
        remarks=row["remarks"] or "",
        **{f: loads(row[f], []) for f in LIST_FIELDS},
    )


def record_import(
    db: Database,
    *,
    source: str,
    fmt: str,
    files: Sequence[str],
    sha256: str,
    entities: Iterable[Entity],
    filters: Mapping[str, Any] | None = None,
    warnings: Sequence[str] = (),
    meta: Mapping[str, str] | None = None,
) -> int:
    """Store one import as a new version of its source's list. Entries of that source absent from this
    import leave the current list (they remain visible to `diff_versions`)."""
    entity_list = list(entities)
    rows = [_entity_row(e) for e in entity_list]
    ids = [r["entity_id"] for r in rows]
    if len(set(ids)) != len(ids):
        dup = next(i for i in ids if ids.count(i) > 1)
        raise ValueError(f"duplicate entity id {dup!r} in import of {source}")
    with writing(db):
        version_id = insert(
            db,
            "watchlist_versions",
            {
                "source": source,
                "format": fmt,
                "files": dumps(list(files)),
                "sha256": sha256,
                "imported_at": now(),
                "entity_count": len(rows),
                "alias_count": sum(len(e.aliases) for e in entity_list),
                "filters": dumps(dict(filters or {})),
                "warnings": dumps(list(warnings)),
                "meta": dumps(dict(meta or {})),
            },
        )
        _snapshot(db, version_id, rows)
        entities_table = table(db, "watchlist_entities")
        entities_table.upsert_all(
            [{**r, "version_id": version_id} for r in rows], pk=("source", "entity_id"), alter=False
        )
        # Whatever this import did not bring is no longer on the list (one parameter, any list size).
        entities_table.delete_where("source = ? and version_id != ?", [source, version_id])
    return version_id


def _snapshot(db: Database, version_id: int, rows: Sequence[Mapping[str, Any]]) -> None:
    """Keep each version's entities (hash and fields) so two versions can be diffed field by field later."""
    table(db, "watchlist_version_entities").insert_all(
        [
            {
                "version_id": version_id,
                "entity_id": r["entity_id"],
                "name": r["name"],
                "content_hash": r["content_hash"],
                "data": dumps({k: v for k, v in r.items() if k in DIFF_FIELDS}),
            }
            for r in rows
        ],
    )


def load_entities(db: Database, *, sources: Sequence[str] = ()) -> list[Entity]:
    where = f"source in ({', '.join('?' for _ in sources)})" if sources else None
    return [_entity(r) for r in table(db, "watchlist_entities").rows_where(where, list(sources), order_by="id")]


def current_version_id(db: Database) -> int | None:
    """The newest list version: a screening cites it."""
    row = next(iter(db.query("select max(id) as v from watchlist_versions")), None)
    return int(row["v"]) if row and row["v"] is not None else None


def latest_versions(db: Database) -> dict[str, int]:
    """Each list's newest version id, by source."""
    rows = db.query("select source, max(id) as v from watchlist_versions group by source")
    return {r["source"]: int(r["v"]) for r in rows}


def list_versions(db: Database) -> list[dict[str, Any]]:
    rows = table(db, "watchlist_versions").rows_where(order_by="id")
    return [
        {**r, "files": loads(r["files"], []), "warnings": loads(r["warnings"], []), "meta": loads(r["meta"], {})}
        for r in rows
    ]


def entity_counts(db: Database) -> dict[str, int]:
    return {
        r["source"]: int(r["n"])
        for r in db.query("select source, count(*) as n from watchlist_entities group by source order by source")
    }


DIFF_FIELDS = ("name", "schema", "aliases", "citation", "evidence", "remarks", *LIST_FIELDS)
JSON_DIFF_FIELDS = ("aliases", *LIST_FIELDS)


def version_source(db: Database, version_id: int) -> str:
    rows = list(table(db, "watchlist_versions").rows_where("id = ?", [version_id], limit=1))
    if not rows:
        raise KeyError(f"no watchlist version {version_id}")
    return str(rows[0]["source"])


def diff_versions(db: Database, a: int, b: int) -> dict[str, list[dict[str, Any]]]:
    """Entries added, removed and changed from version `a` to version `b` of one source's list.

    A changed entry lists each field that changed with its old and new value (``fields``); versions
    imported before fields were kept say ``fields: None``.
    """
    source_a, source_b = version_source(db, a), version_source(db, b)
    if source_a != source_b:
        raise ValueError(
            f"version {a} is {source_a!r} and version {b} is {source_b!r}: diff compares versions of one source"
        )
    old = _version_entities(db, a)
    new = _version_entities(db, b)
    return {
        "added": [{"entity_id": k, "name": new[k][0]} for k in sorted(new.keys() - old.keys())],
        "removed": [{"entity_id": k, "name": old[k][0]} for k in sorted(old.keys() - new.keys())],
        "changed": [
            {"entity_id": k, "name": new[k][0], "fields": _field_changes(old[k][2], new[k][2])}
            for k in sorted(old.keys() & new.keys())
            if old[k][1] != new[k][1]
        ],
    }


def _field_changes(old: str | None, new: str | None) -> list[dict[str, Any]] | None:
    if not old or not new:
        return None
    before, after = loads(old, {}), loads(new, {})
    changes = []
    for field in DIFF_FIELDS:
        was, now_ = before.get(field), after.get(field)
        if field in JSON_DIFF_FIELDS:
            was, now_ = loads(was, None), loads(now_, None)
        if was != now_:
            changes.append({"field": field, "old": was, "new": now_})
    return changes


def _version_entities(db: Database, version_id: int) -> dict[str, tuple[str, str, str | None]]:
    rows = table(db, "watchlist_version_entities").rows_where("version_id = ?", [version_id])
    return {r["entity_id"]: (r["name"], r["content_hash"], r.get("data")) for r in rows}
