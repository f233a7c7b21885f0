"""Evidence records: the raw response of each listing version, kept as WARC."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from typing import Any

from sqlite_utils import Database

from db.connection import writing
from db.records import EvidenceRecord
from db.util import insert, table


def store_evidence(db: Database, record: EvidenceRecord) -> int:
    """Keep the capture of one listing version; a version already captured keeps its first capture."""
    with writing(db):
        existing = list(
            table(db, "evidence").rows_where("listing_id = ? and version = ?", [record.listing_id, record.version])
        )
        if existing:
            return int(existing[0]["id"])
        return insert(db, "evidence", asdict(record))


def has_evidence(db: Database, listing_id: int, version: int) -> bool:
    rows = db.query("select 1 from evidence where listing_id = ? and version = ? limit 1", [listing_id, version])
    return next(iter(rows), None) is not None


def evidence_for_listing(db: Database, listing_id: int, *, with_data: bool = False) -> list[dict[str, Any]]:
    """Every stored capture of a listing, oldest first."""
    columns = "id, listing_id, version, url, status, captured_at, record_id, sha256" + (", warc" if with_data else "")
    return list(table(db, "evidence").rows_where("listing_id = ?", [listing_id], order_by="version", select=columns))


def iter_evidence(db: Database, listing_ids: list[int] | None = None) -> Iterator[dict[str, Any]]:
    """Every stored capture (of these listings only, when given), with its WARC data, in id order."""
    where, params = (None, None) if listing_ids is None else (
        f"listing_id in ({', '.join('?' for _ in listing_ids)})", list(listing_ids)
    )  # fmt: skip
    yield from table(db, "evidence").rows_where(where, params, order_by="id")
