"""The demo market's catalog (``catalog.yml``): sellers, listings, special pages and ground truth.

Unknown keys are errors and every cross-reference (seller ids, categories, languages) is checked
on load, so a typo fails the build instead of producing a page with an empty seller.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from watchlists.datafile import DataFileError, StrictModel, load_yaml

CATALOG_FILE = Path(__file__).resolve().parent / "catalog.yml"

Category = Literal["wig", "eyelash", "rattan_bag", "other"]
SignalKind = Literal["phrase", "seller", "contact", "place"]
Structure = Literal["json-ld", "microdata", "og", "dom"]
Language = Literal["en", "zh", "ja", "ko"]
Serve = Literal["normal", "server_error", "truncated"]


class CatalogError(DataFileError):
    """catalog.yml is invalid; the message names the file, the entry and the reason."""


_Strict = StrictModel  # the one strict base (watchlists/datafile.py)


class Designation(_Strict):
    list: str
    entry: str
    listed_name: str
    variant: str


class Seller(_Strict):
    id: str
    name: str
    location: str
    business_type: str
    established: str | None = None  # left out for real designated companies: we do not invent facts about them
    contacts: dict[str, str] = Field(default_factory=dict)
    about: str
    designated: Designation | None = None


class Buyer(_Strict):
    name: str
    country: str


class Price(_Strict):
    min: str
    max: str | None = None
    currency: str
    unit: str


class Signal(_Strict):
    kind: SignalKind
    text: str  # appears verbatim in the page text
    entity: str | None = None  # list and entry id, for seller signals


class Encoding(_Strict):
    header: str
    meta: str
    actual: str


class Expected(_Strict):
    flag: bool
    priority: Literal["high", "low"] | None = None
    signals: tuple[Signal, ...] = ()
    encoding: Encoding | None = None

    @model_validator(mode="after")
    def _flag_matches_signals(self) -> Expected:
        if self.flag and (not self.signals or self.priority is None):
            raise ValueError("a flagged listing needs signals and a priority")
        if not self.flag and self.priority is not None:
            raise ValueError("an unflagged listing has no priority")
        return self


class Listing(_Strict):
    id: str
    slug: str
    kind: Literal["product", "advert"]
    category: Category
    title: str
    description: str
    expected: Expected
    lang: Language = "en"
    seller: str | None = None
    trap: str | None = None  # why a hard negative must not flag
    # products
    structure: Structure | None = None
    price: Price | None = None
    min_order: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    encoding: Literal["utf-8", "gbk"] = "utf-8"
    header_charset: str | None = None  # a Content-Type charset that contradicts the page's <meta>
    broken_json_ld: bool = False
    serve: Serve = "normal"
    listed: bool = True
    # adverts
    lead: Literal["buy", "sell"] | None = None
    buyer: Buyer | None = None
    posted: str | None = None
    quantity: str | None = None

    @model_validator(mode="after")
    def _fields_fit_kind(self) -> Listing:
        if self.kind == "product":
            if self.structure is None or self.price is None or self.min_order is None or self.seller is None:
                raise ValueError("a product needs structure, price, min_order and seller")
        else:
            if self.lead is None or self.posted is None:
                raise ValueError("an advert needs lead and posted")
            if (self.seller is None) == (self.buyer is None):
                raise ValueError("an advert names exactly one of seller or buyer")
        return self

    @property
    def path(self) -> str:
        if self.kind == "advert":
            return f"/board/{self.slug}.html"
        return f"/product/{self.slug}_{self.id}.html"

    @property
    def is_listing(self) -> bool:
        """Counted as a listing by a correct crawl: served whole and reachable without /search."""
        return self.serve == "normal" and self.listed


class CategoryInfo(_Strict):
    id: Category
    path: str
    name: str
    per_page: int = Field(ge=1)


class Board(_Strict):
    name: str
    per_page: int = Field(ge=1)


class ExternalLink(_Strict):
    url: str
    text: str


class SiteInfo(_Strict):
    name: str
    tagline: str
    notice: str
    external_links: tuple[ExternalLink, ...]


class Captcha(_Strict):
    path: str
    linked_from: Category


class Slow(_Strict):
    path: str
    delay: float = Field(gt=0, le=2.0)


class Redirect(_Strict):
    path: str
    to: str
    status: Literal[301, 302, 307, 308]


class Specials(_Strict):
    captcha: Captcha
    slow: Slow
    redirects: tuple[Redirect, ...]
    truncate_at: int = Field(ge=1)


class Catalog(_Strict):
    site: SiteInfo
    categories: tuple[CategoryInfo, ...]
    board: Board
    currencies: dict[str, str]
    labels: dict[Language, dict[str, str]]
    sellers: tuple[Seller, ...]
    listings: tuple[Listing, ...]
    specials: Specials

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        seller_ids = [seller.id for seller in self.sellers]
        problems = [f"duplicate seller id {sid!r}" for sid in set(seller_ids) if seller_ids.count(sid) > 1]
        listing_ids = [listing.id for listing in self.listings]
        problems += [f"duplicate listing id {lid!r}" for lid in set(listing_ids) if listing_ids.count(lid) > 1]
        label_keys = set(self.labels["en"])
        for lang, labels in self.labels.items():
            if set(labels) != label_keys:
                problems.append(f"labels.{lang} keys differ from labels.en: {sorted(set(labels) ^ label_keys)}")
        for listing in self.listings:
            where = f"listing {listing.id}"
            if listing.seller is not None and listing.seller not in seller_ids:
                problems.append(f"{where}: unknown seller {listing.seller!r}")
            if listing.price is not None and listing.price.currency not in self.currencies:
                problems.append(f"{where}: unknown currency {listing.price.currency!r}")
            if listing.lang not in self.labels:
                problems.append(f"{where}: no labels for language {listing.lang!r}")
        if problems:
            raise ValueError("; ".join(sorted(problems)))
        return self

    def seller(self, seller_id: str) -> Seller:
        return next(seller for seller in self.sellers if seller.id == seller_id)

    def category(self, category_id: str) -> CategoryInfo:
        return next(info for info in self.categories if info.id == category_id)


def load_catalog(path: Path = CATALOG_FILE) -> Catalog:
    try:
        return load_yaml(path, Catalog)
    except DataFileError as exc:
        raise CatalogError(str(exc)) from exc
