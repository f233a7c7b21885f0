"""Items the spiders yield."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


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
    seller_url: str = ""
    seller_location: str = ""
    origin: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    # Filled by the pipelines:
    category: str = ""
    screening: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


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
