"""Typed records the store takes: what a crawl or an import hands to ``db/``.

Screenings arrive as ``matchers.types.ScreenResult``; watchlist entries as ``watchlists.model.Entity``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any


@dataclass(frozen=True)
class ListingRecord:
    """One listing as read from a page (or a spreadsheet): its identity and its content."""

    platform: str
    listing_key: str
    url: str
    kind: str = "product"  # product | advert
    title: str = ""
    description: str = ""
    price: str = ""
    price_max: str = ""
    currency: str = ""
    min_order: str = ""
    sku: str = ""
    availability: str = ""
    seller_name: str = ""
    seller_url: str = ""
    seller_location: str = ""
    seller_key: str = ""  # the seller's identity on the platform; empty: its URL, else its name
    seller_source: str = ""  # where the page names the seller: an explanation, not content (no new version)
    origin: str = ""
    attributes: Mapping[str, str] = field(default_factory=dict)
    contacts: tuple[str, ...] = ()
    images: tuple[str, ...] = ()

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> ListingRecord:
        """Build from a mapping with these keys (others ignored): for fixtures and imported rows."""
        known = {f.name for f in fields(cls)}
        kwargs: dict[str, Any] = {k: v for k, v in values.items() if k in known and v is not None}
        for name in ("contacts", "images"):
            if name in kwargs:
                kwargs[name] = tuple(kwargs[name])
        if "attributes" in kwargs:
            kwargs["attributes"] = dict(kwargs["attributes"])
        return cls(**kwargs)


@dataclass(frozen=True)
class SellerRecord:
    """A seller or supplier profile page."""

    platform: str
    seller_key: str
    url: str = ""
    name: str = ""
    location: str = ""
    contacts: tuple[str, ...] = ()
    attributes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class EvidenceRecord:
    """The raw response behind one listing version, as one gzipped WARC record."""

    listing_id: int
    version: int
    url: str
    status: int
    captured_at: str
    record_id: str  # WARC-Record-ID
    sha256: str  # of the response body
    warc: bytes
