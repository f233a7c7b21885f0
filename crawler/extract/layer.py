"""What one extraction layer (JSON-LD, microdata, DOM ...) found, before page.py merges the layers."""

from __future__ import annotations

from dataclasses import dataclass, field

# Extracted fields a layer may fill with a single string; page.py merges them in priority order.
TEXT_FIELDS = (
    "title",
    "description",
    "price",
    "price_max",
    "currency",
    "min_order",
    "sku",
    "availability",
    "seller_name",
    "seller_url",
    "seller_location",
    "origin",
    "listing_id",
)


@dataclass(frozen=True)
class SellerCandidate:
    """A name some part of the page offers as the seller, and where it sits (page.py picks one)."""

    name: str
    source: str  # written for a person: "buy box: 'Sold by' sentence (#merchant-info)"
    rank: int  # from sellers.yml ranks: lower is better placed
    position: int = 0  # document order among equal ranks
    url: str = ""
    refused: str = ""  # why the layer already knows it is no name ("in the page footer")


@dataclass
class LayerResult:
    source: str  # recorded in Extracted.sources for every field this layer wins
    fields: dict[str, str] = field(default_factory=dict)
    attributes: dict[str, str] = field(default_factory=dict)
    images: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    declares_product: bool = False  # the page's own markup says "this is a Product"
    sellers: list[SellerCandidate] = field(default_factory=list)
    site_names: list[str] = field(default_factory=list)  # names the site gives itself (og:site_name ...)

    def seller(self, name: object, source: str, rank: int, *, url: str = "", position: int = 0) -> None:
        """Offer a seller candidate; the layer's own seller_name field keeps its first one."""
        text = " ".join(str(name).split()) if isinstance(name, str) else ""
        if text:
            self.sellers.append(SellerCandidate(text, source, rank, position, url))
            self.put("seller_name", text)

    def put(self, name: str, value: object) -> None:
        """Set a field once; the first value a layer finds is its best one."""
        if name not in TEXT_FIELDS:
            raise ValueError(f"unknown extracted field {name!r}")
        text = value if isinstance(value, str) else "" if value is None else str(value)
        text = " ".join(text.split())
        if text and not self.fields.get(name):
            self.fields[name] = text
