"""Small value normalisers shared by the layers."""

from __future__ import annotations

import re

_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060\ufeff\xad]")

# schema.org ItemAvailability values folded onto the two states the review queue cares about.
_AVAILABILITY = {
    "instock": "InStock",
    "instoreonly": "InStock",
    "onlineonly": "InStock",
    "limitedavailability": "InStock",
    "preorder": "InStock",
    "presale": "InStock",
    "backorder": "InStock",
    "madetoorder": "InStock",
    "outofstock": "OutOfStock",
    "soldout": "OutOfStock",
    "discontinued": "OutOfStock",
    "preorderunavailable": "OutOfStock",
    "in stock": "InStock",
    "out of stock": "OutOfStock",
    "available": "InStock",
    "unavailable": "OutOfStock",
    "true": "InStock",
    "false": "OutOfStock",
    "oos": "OutOfStock",
    "1": "InStock",
    "0": "OutOfStock",
}


def clean_text(text: str | None) -> str:
    """Collapse whitespace and drop invisible direction marks (Amazon wraps labels in U+200F/U+200E)."""
    if not text:
        return ""
    return " ".join(_INVISIBLE.sub("", text).split())


def normalize_availability(value: object) -> str:
    """'http://schema.org/InStock', 'in_stock', 'OutOfStock' ... -> 'InStock' | 'OutOfStock' | ''."""
    if not isinstance(value, str | bool | int):
        return ""
    text = str(value).strip().lower()
    text = text.rsplit("/", 1)[-1].replace("_", "").replace("-", "")
    if text in _AVAILABILITY:
        return _AVAILABILITY[text]
    return _AVAILABILITY.get(text.replace(" ", ""), "")


def label_key(label: str) -> str:
    """Comparable form of an attribute label: 'Place of Origin :' -> 'place of origin'."""
    return clean_text(label).strip(" :：\t-–").casefold()
