"""Evidence records: the raw response of each listing version, kept as WARC."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from db.util import insert, table


def store_evidence(
    db: Database,
    *,
    listing_id: int,
    version: int,
    url: str,
    status: int,
    captured_at: str,
    record_id: str,
    sha256: str,
    warc: bytes,
) -> int:
    existing = list(table(db, "evidence").rows_where("listing_id = ? and version = ?", [listing_id, version]))
    if existing:
        return int(existing[0]["id"])
    row = {
        "listing_id": listing_id,
        "version": version,
        "url": url,
        "status": status,
        "captured_at": captured_at,
        "record_id": record_id,
        "sha256": sha256,
        "warc": warc,
    }
    return insert(db, "evidence", row)


def evidence_for_listing(db: Database, listing_id: int, *, with_data: bool = False) -> list[dict[str, Any]]:
    """Every stored capture of a listing, oldest first."""
    columns = "id, listing_id, version, url, status, captured_at, record_id, sha256" + (", warc" if with_data else "")
    return list(table(db, "evidence").rows_where("listing_id = ?", [listing_id], order_by="version", select=columns))
