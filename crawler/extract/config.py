"""Load the extraction layer's data files (labels, block markers, currencies, embedded-JSON keys)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

DATA_DIR = Path(__file__).with_name("data")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Labels(Strict):
    origin: list[str]
    seller_name: list[str]
    seller_location: list[str]
    price: list[str]
    min_order: list[str]
    sku: list[str]


class BlockMarkerRule(Strict):
    where: Literal["url", "html", "css", "title", "text", "short_text"]
    value: str
    reason: str


class BlockRules(Strict):
    markers: list[BlockMarkerRule]
    short_text_chars: int


class Currencies(Strict):
    marks: dict[str, str]
    yen_sign: list[str]
    yen_sign_jpy_languages: list[str]
    yen_sign_jpy_tlds: list[str]
    dollar_by_tld: dict[str, str]
    decimal_comma_languages: list[str]
    decimal_comma_tlds: list[str]


class KeyRule(Strict):
    path: str  # dotted key path, matched against the end of a JSON path ("storeModule.storeName")
    template: str = "{}"  # how the value becomes the field ("/store/{}"); URLs are joined to the page URL


class EmbeddedKeys(Strict):
    variables: list[str]  # JS names whose assigned JSON is read
    fields: dict[str, list[KeyRule]]
    attribute_lists: list[str]  # paths of [{attrName, attrValue}] style lists
    attribute_name_keys: list[str]
    attribute_value_keys: list[str]


class PageKinds(Strict):
    buy_signals: list[str]
    advert_signals: list[str]
    seller_signals: list[str]
    product_link_patterns: list[str]
    listing_min_product_links: int
    listing_min_item_links: int
    advert_min_description_chars: int
    product_min_points: int
    product_over_links_points: int


ModelT = TypeVar("ModelT", bound=Strict)


class DomRules(Strict):
    title_selectors: list[str]
    description_selectors: list[str]
    price_selectors: list[str]
    price_class_pattern: str
    price_exclude_words: list[str]
    price_struck_words: list[str]
    price_was_words: list[str]
    price_prefer_words: list[str]
    price_attributes: list[str]
    price_itemprop_score: int
    price_attribute_score: int
    price_ancestor_levels: int
    price_card_levels: int
    price_card_siblings: int
    price_title_levels: int
    price_max_tied_amounts: int
    price_max_chars: int
    sku_selectors: list[str]
    availability_class_pattern: str
    out_of_stock_phrases: list[str]
    in_stock_phrases: list[str]


class SellerRanks(Strict):
    hint: int
    offer: int
    buy_box: int
    page_json: int
    labelled_row: int
    seller_element: int
    advertiser: int
    organization: int
    meta: int


class SellerRules(Strict):
    ranks: SellerRanks
    sentences: list[str]
    sentence_block_pattern: str
    name_selectors: list[str]
    main_offer_pattern: str
    other_offer_pattern: str
    advertiser_pattern: str
    ancestor_levels: int
    max_chars: int
    max_words: int
    refused: list[str]
    trailing_ui: list[str]
    leading_label: str


class ConfigError(ValueError):
    """A data file is malformed; the message names the file and the problem."""


def _load(name: str) -> Any:
    path = DATA_DIR / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc


def _validate(model: type[ModelT], name: str) -> ModelT:
    try:
        return model.model_validate(_load(name))
    except ValidationError as exc:
        raise ConfigError(f"{DATA_DIR / name}: {exc}") from exc


@cache
def labels() -> Labels:
    return _validate(Labels, "labels.yml")


@cache
def block_rules() -> BlockRules:
    return _validate(BlockRules, "blocks.yml")


@cache
def currencies() -> Currencies:
    return _validate(Currencies, "currencies.yml")


@cache
def embedded_keys() -> EmbeddedKeys:
    return _validate(EmbeddedKeys, "embedded_json.yml")


@cache
def page_kinds() -> PageKinds:
    return _validate(PageKinds, "page_kinds.yml")


@cache
def dom_rules() -> DomRules:
    return _validate(DomRules, "dom.yml")


@cache
def seller_rules() -> SellerRules:
    return _validate(SellerRules, "sellers.yml")
