"""Listings, their versions and their sellers.

A listing's natural key is (platform, listing_key). Re-crawling an unchanged page only
moves `last_seen`; a change of content adds a row to `listing_versions`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from sqlite_utils import Database

from db.connection import writing
from db.records import ListingRecord, SellerRecord
from db.util import dumps, insert, loads, now, table

# What makes a listing's content; a change to any of these is a new version.
CONTENT_FIELDS = (
    "kind", "title", "description", "price", "price_max", "currency", "min_order", "sku",
    "availability", "seller_name", "seller_url", "seller_location", "origin",
    "attributes", "contacts", "images",
)  # fmt: skip
JSON_FIELDS = ("attributes", "contacts", "images")


@dataclass(frozen=True)
class UpsertOutcome:
    listing_id: int
    created: bool
    changed: bool
    version: int


def _content(listing: ListingRecord) -> dict[str, Any]:
    content: dict[str, Any] = {}
    for f in CONTENT_FIELDS:
        value = getattr(listing, f)
        if f in JSON_FIELDS:
            content[f] = (dict(value) if f == "attributes" else list(value)) or None
        else:
            content[f] = value or ""
    return content


def content_hash(listing: ListingRecord) -> str:
    """What the listing says, not where it is served from: URL fields count by path only, so a move to
    https, another image host or (for the demo) another port is no new version."""
    content = _content(listing)
    content["seller_url"] = _path_only(str(content["seller_url"] or ""))
    content["images"] = [_path_only(u) for u in content["images"] or []]
    return hashlib.sha256(dumps(content).encode("utf-8")).hexdigest()


def _path_only(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(("", "", parts.path, parts.query, ""))


def upsert_seller(db: Database, seller: SellerRecord, *, seen_at: str | None = None) -> int:
    """Insert or refresh a seller; empty values never overwrite known ones."""
    seen_at = seen_at or now()
    fields = {
        "name": seller.name,
        "url": seller.url,
        "location": seller.location,
        "contacts": dumps(list(seller.contacts)) if seller.contacts else "",
        "attributes": dumps(dict(seller.attributes)) if seller.attributes else "",
    }
    values = {k: v for k, v in fields.items() if v}
    sellers = table(db, "sellers")
    with writing(db):
        where = ("platform = ? and seller_key = ?", [seller.platform, seller.seller_key])
        rows = list(sellers.rows_where(*where, limit=1))
        if rows:
            seller_id = int(rows[0]["id"])
            sellers.update(seller_id, {**values, "last_seen": seen_at})
            return seller_id
        row = {
            "platform": seller.platform,
            "seller_key": seller.seller_key,
            "first_seen": seen_at,
            "last_seen": seen_at,
            **values,
        }
        return insert(db, "sellers", row)


def upsert_listing(db: Database, listing: ListingRecord, *, run_id: int | None = None) -> UpsertOutcome:
    """Store one listing: its seller, and a new version when its content changed. One transaction.

    The category is not written here: it is the screening's judgement (``db.hits.record_screening``).
    """
    for required in ("platform", "listing_key", "url"):
        if not getattr(listing, required):
            raise ValueError(f"listing lacks {required!r}")
    seen_at = now()
    digest = content_hash(listing)
    listings = table(db, "listings")
    with writing(db):
        seller_id = None
        if listing.seller_name or listing.seller_url:
            key = (listing.seller_key or listing.seller_url or listing.seller_name).strip()
            seller = SellerRecord(
                platform=listing.platform,
                seller_key=key,
                name=listing.seller_name,
                url=listing.seller_url,
                location=listing.seller_location,
            )
            seller_id = upsert_seller(db, seller, seen_at=seen_at)
        existing = list(
            listings.rows_where("platform = ? and listing_key = ?", [listing.platform, listing.listing_key], limit=1)
        )
        if existing and existing[0]["content_hash"] == digest:
            listing_id = int(existing[0]["id"])
            listings.update(listing_id, {"last_seen": seen_at, "last_run_id": run_id})
            return UpsertOutcome(listing_id, created=False, changed=False, version=int(existing[0]["version"]))
        row = _row(listing)
        row.update(content_hash=digest, last_seen=seen_at, last_run_id=run_id, seller_id=seller_id)
        if existing:
            listing_id = int(existing[0]["id"])
            version = int(existing[0]["version"]) + 1
            listings.update(listing_id, {**row, "version": version})
        else:
            version = 1
            listing_id = insert(db, "listings", {**row, "category": "", "version": 1, "first_seen": seen_at})
        table(db, "listing_versions").insert(
            {
                "listing_id": listing_id,
                "version": version,
                "content_hash": digest,
                "captured_at": seen_at,
                "run_id": run_id,
                "data": dumps({"url": listing.url, **_content(listing)}),
            }
        )
    return UpsertOutcome(listing_id, created=not existing, changed=bool(existing), version=version)


class ListingNotFoundError(KeyError):
    pass


def get_listing(db: Database, listing_id: int) -> dict[str, Any]:
    rows = list(table(db, "listings").rows_where("id = ?", [listing_id], limit=1))
    if not rows:
        raise ListingNotFoundError(listing_id)
    return _decode(dict(rows[0]))


def hit_of_listing(db: Database, listing_id: int) -> int | None:
    row = next(iter(db.query("select id from hits where listing_id = ?", [listing_id])), None)
    return int(row["id"]) if row else None


def listing_versions(db: Database, listing_id: int) -> list[dict[str, Any]]:
    rows = table(db, "listing_versions").rows_where("listing_id = ?", [listing_id], order_by="version")
    return [{**r, "data": loads(r["data"], {})} for r in rows]


def iter_listings(db: Database, *, batch: int = 1000) -> Iterator[dict[str, Any]]:
    """Every stored listing, in id order, without loading them all at once."""
    last = 0
    while True:
        rows = list(table(db, "listings").rows_where("id > ?", [last], order_by="id", limit=batch))
        if not rows:
            return
        for row in rows:
            yield _decode(dict(row))
        last = int(rows[-1]["id"])


def count_listings(db: Database) -> int:
    return table(db, "listings").count


FTS_COLUMNS = ("title", "description", "seller_name", "seller_location", "origin", "attributes")
TRIGRAM = 3  # the trigram tokenizer cannot match a query shorter than this


def fts_phrase(query: str) -> str:
    """A user's words as one FTS5 phrase: "hand-tied" is text, never the column filter ``hand : tied``."""
    return '"' + query.replace('"', '""') + '"'


def text_match_sql(text: str) -> tuple[str, list[Any]]:
    """SQL selecting the ids of listings whose text contains ``text`` (one phrase), and its parameters.

    The trigram index finds substrings in any script (朝鲜加工 inside a sentence, Hangul, hand-tied); it
    needs three characters, so a shorter query is a substring scan of the plain-text columns (not the
    JSON ``attributes``, where a backslash or a quote would match the encoding, not the text).
    """
    if len(text) >= TRIGRAM:
        return "select rowid as id from listings_fts where listings_fts match ?", [fts_phrase(text)]
    columns = [c for c in FTS_COLUMNS if c not in JSON_FIELDS]
    where = " or ".join(f"{c} like ? escape '\\'" for c in columns)
    return f"select id from listings where {where}", [like_pattern(text)] * len(columns)  # noqa: S608 (our column names)


def like_pattern(text: str) -> str:
    """``text`` anywhere, as a LIKE pattern with ``escape '\\'``: a user's % and _ are literal."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_listings(db: Database, query: str, *, limit: int = 50, raw: bool = False) -> list[dict[str, Any]]:
    """Listings whose title, description, seller, origin or attributes contain ``query``, with the id
    of their hit (``hit_id``, or None).

    The query is one phrase, matched anywhere inside a word, in any script (trigram index); ``raw``
    passes it as FTS5 syntax instead. A query shorter than three characters is a plain substring scan.
    """
    select = "select l.*, h.id as hit_id from listings l left join hits h on h.listing_id = l.id"
    text = query.strip()
    if not text:
        return []
    if not raw and len(text) < TRIGRAM:
        sql, params = text_match_sql(text)
        rows = db.query(f"{select} where l.id in ({sql}) order by l.id limit ?", [*params, limit])
    else:
        match = text if raw else fts_phrase(text)
        rows = db.query(
            f"{select} join listings_fts f on f.rowid = l.id where listings_fts match ? order by f.rank limit ?",
            [match, limit],
        )
    return [_decode(dict(r)) for r in rows]


def _row(listing: ListingRecord) -> dict[str, Any]:
    row: dict[str, Any] = {"platform": listing.platform, "listing_key": listing.listing_key, "url": listing.url}
    row["seller_source"] = listing.seller_source
    for f, value in _content(listing).items():
        row[f] = dumps(value if value is not None else ({} if f == "attributes" else [])) if f in JSON_FIELDS else value
    return row


def _decode(row: dict[str, Any]) -> dict[str, Any]:
    for f in JSON_FIELDS:
        row[f] = loads(row.get(f), {} if f == "attributes" else [])
    return row
