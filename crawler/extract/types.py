"""What the extraction layer reads from one page. Shared by every spider and by `originwatch extract`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

PageKind = Literal["product", "advert", "seller", "listing", "blocked", "other"]


@dataclass
class Extracted:
    url: str
    kind: PageKind = "other"  # product page, B2B advert (buy/sell offer), seller profile, search/category page ...
    title: str = ""
    description: str = ""
    price: str = ""  # a plain decimal string ("1.50"); the low end of a range
    price_max: str = ""  # the high end of a range, if any
    currency: str = ""  # ISO 4217 ("USD", "CNY")
    min_order: str = ""  # "100 pieces"
    sku: str = ""
    availability: str = ""  # "InStock" | "OutOfStock" | ""
    seller_name: str = ""
    seller_source: str = ""  # where the chosen seller name sits: "json-ld offers.seller", "main offer block ..."
    seller_is_site: bool = False  # the best-placed seller is the site itself (no third-party seller)
    seller_url: str = ""
    seller_location: str = ""
    origin: str = ""  # "Place of Origin" / "Country of origin" / 原产地 / 원산지 value
    attributes: dict[str, str] = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)  # phones, e-mails, websites as printed
    images: list[str] = field(default_factory=list)
    listing_id: str = ""  # the site's own id when the page exposes one
    block_reason: str = ""  # why the page was judged a captcha/block page
    seller_candidates: list[str] = field(default_factory=list)  # every seller candidate and its verdict
    kind_signals: list[str] = field(default_factory=list)  # what the page-kind decision weighed
    skip_reason: str = ""  # why a page that is not a product/advert was not taken ("listing", "no-title" ...)
    encoding: str = ""  # the codec the page was decoded with
    encoding_guessed: bool = False  # no declared charset decoded it: detected from the bytes
    canonical_url: str = ""  # the page's same-site <link rel=canonical>, without tracking parameters
    sources: dict[str, str] = field(default_factory=dict)  # field -> "json-ld" | "microdata" | "og" | "dom" ...
    errors: list[str] = field(default_factory=list)  # e.g. "json-ld block 2: Expecting ',' at line 3"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
