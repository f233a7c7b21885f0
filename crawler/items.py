"""Items the spiders yield."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

from crawler.evidence import Capture
from matchers.types import ScreenResult


@dataclass
class Listing:
    """One product page or B2B advert, with its seller, as read from the page."""

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
    seller_source: str = ""  # where the page names the seller ("json-ld offers.seller", "main offer block …")
    seller_url: str = ""
    seller_location: str = ""
    origin: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    capture: Capture | None = None  # the raw response, kept as evidence
    # Filled by the pipelines:
    category: str = ""
    screening: ScreenResult | None = None
    listing_id: int | None = None  # set once stored
    version: int | None = None
    new_version: bool = False  # this crawl created the stored version

    def to_dict(self) -> dict[str, Any]:
        """The listing's fields, without the raw capture."""
        return {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("capture", "screening")}


@dataclass
class SellerProfile:
    """A seller or supplier profile page."""

    platform: str
    seller_key: str
    url: str
    name: str = ""
    location: str = ""
    contacts: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
